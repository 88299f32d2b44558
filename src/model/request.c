/* A consultation request's row owning its text (model/request.h). */
#include "model/request.h"

#include <stdlib.h>
#include <string.h>

#include "collagenda/collagenda.h"

clg_status clg_request_row_own(clg_request_row *row, clg_error *err)
{
    const char **texts[] = {
        &row->name,       &row->email,     &row->phone,     &row->assessment_json,
        &row->created_at, &row->closed_at, &row->closed_by, &row->close_note};
    enum { COUNT = sizeof texts / sizeof texts[0] };
    size_t total = 1;
    for (int i = 0; i < COUNT; i++)
        if (*texts[i])
            total += strlen(*texts[i]) + 1;
    char *block = malloc(total);
    row->storage = block;
    if (block == NULL)
        return clg_error_set(err, CLG_ERR_IO, "memory", "out of memory");
    for (int i = 0; i < COUNT; i++) {
        if (*texts[i] == NULL)
            continue;
        size_t length = strlen(*texts[i]) + 1;
        memcpy(block, *texts[i], length);
        *texts[i] = block;
        block += length;
    }
    return CLG_OK;
}
