/* Rows owning their text; see row_storage.h. */
#include "model/row_storage.h"

#include <stdlib.h>
#include <string.h>

/*
 * Copies the texts fields point at (count of them, each NULL or a string)
 * into one block that *storage then owns, and points the fields at the
 * copies.
 */
static clg_status own_texts(const char **fields[], int count, char **storage, clg_error *err)
{
    size_t total = 1;
    for (int i = 0; i < count; i++)
        if (*fields[i])
            total += strlen(*fields[i]) + 1;
    char *block = malloc(total);
    *storage = block;
    if (block == NULL)
        return clg_error_set(err, CLG_ERR_IO, "memory", "out of memory");
    for (int i = 0; i < count; i++) {
        if (*fields[i] == NULL)
            continue;
        size_t length = strlen(*fields[i]) + 1;
        memcpy(block, *fields[i], length);
        *fields[i] = block;
        block += length;
    }
    return CLG_OK;
}

#define OWN(row, ...)                                                                              \
    do {                                                                                           \
        const char **texts[] = {__VA_ARGS__};                                                      \
        return own_texts(texts, (int)(sizeof texts / sizeof texts[0]), &(row)->storage, err);      \
    } while (0)

clg_status clg_client_row_own(clg_client_row *row, clg_error *err)
{
    OWN(row, &row->name, &row->email, &row->phone, &row->erased_at);
}

clg_status clg_course_row_own(clg_course_row *row, clg_error *err)
{
    OWN(row, &row->protocol_name, &row->protocol_version, &row->request_json, &row->plan_json,
        &row->force_reason);
}

clg_status clg_session_row_own(clg_session_row *row, clg_error *err)
{
    OWN(row, &row->device, &row->practitioner, &row->notes, &row->force_reason, &row->void_reason);
}

clg_status clg_booking_row_own(clg_booking_row *row, clg_error *err)
{
    OWN(row, &row->force_reason);
}

clg_status clg_user_row_own(clg_user_row *row, clg_error *err)
{
    OWN(row, &row->clinic_name, &row->email, &row->password_hash, &row->created_at);
}

clg_status clg_token_row_own(clg_token_row *row, clg_error *err)
{
    OWN(row, &row->email, &row->label, &row->created_at);
}

clg_status clg_feed_row_own(clg_feed_row *row, clg_error *err)
{
    OWN(row, &row->clinic_name);
}

clg_status clg_cds_client_row_own(clg_cds_client_row *row, clg_error *err)
{
    OWN(row, &row->issuer, &row->keys_json, &row->clinic_name, &row->created_at);
}
