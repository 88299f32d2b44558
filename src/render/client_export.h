/*
 * The client's export as one JSON document (docs/records.md#client-export):
 * a writer for the service's export visitor, so that the CLI's `client
 * export` and GET /api/v1/clients/{id}/export write the same bytes.
 */
#ifndef CLG_RENDER_CLIENT_EXPORT_H
#define CLG_RENDER_CLIENT_EXPORT_H

#include <stdbool.h>

#include "base/json_writer.h"
#include "service/client_data.h"

/* The writer's state while the export runs; the caller's, filled by _begin. */
typedef struct clg_client_export_json {
    clg_json_writer *writer;
    clg_date exported_on;
    char time_zone[CLG_TIME_ZONE_SIZE];
    bool in_part;
} clg_client_export_json;

/*
 * Makes the visitor that writes the document with writer (exported_on is
 * the day it is taken out) for clg_records_client_export.
 */
clg_client_export_visitor clg_render_client_export_json_begin(clg_client_export_json *state,
                                                              clg_json_writer *writer,
                                                              clg_date exported_on);
/* Closes the document once the export succeeded. */
void clg_render_client_export_json_end(clg_client_export_json *state);

#endif
