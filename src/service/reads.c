/* Audited reads of the records; see reads.h. */
#include "service/reads.h"

#include <stdlib.h>
#include <string.h>

#include "base/json_writer.h"
#include "model/row_storage.h"
#include "service/records_internal.h"

static const char *const table_names[] = {
    [CLG_EXPORT_CLIENTS] = "clients",
    [CLG_EXPORT_COURSES] = "courses",
    [CLG_EXPORT_SESSIONS] = "sessions",
};

/* Appends the read's audit entry inside the caller's write transaction. */
static clg_status audit_read(const clg_records *r, const char *action, const char *entity,
                             int64_t id, const char *table, const char *format, clg_error *err)
{
    clg_buffer after = CLG_BUFFER_INIT;
    if (table != NULL || format != NULL) {
        clg_json_writer w;
        clg_json_writer_init(&w, &after, false);
        clg_json_begin_object(&w);
        if (table != NULL)
            clg_json_member_string(&w, "table", table);
        if (format != NULL)
            clg_json_member_string(&w, "format", format);
        clg_json_end_object(&w);
    }
    clg_audit_entry entry = {
        .who = r->who, .action = action, .entity = entity, .entity_id = id, .after = after.data};
    clg_status status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    clg_buffer_free(&after);
    return status;
}

clg_status clg_records_client_list(const clg_records *r, clg_client_visitor visit, void *context,
                                   clg_error *err)
{
    clg_status status = clg_store_begin(r->store, false, err);
    if (status == CLG_OK)
        status = clg_store_client_list(r->store, r->clinic, visit, context, err);
    clg_store_rollback(r->store); /* read only: nothing to keep */
    return status;
}

clg_status clg_records_course_list(const clg_records *r, int64_t client_id,
                                   clg_course_visitor visit, void *context, clg_error *err)
{
    clg_status status = clg_store_begin(r->store, false, err);
    if (status == CLG_OK)
        status = clg_store_course_list(r->store, r->clinic, client_id, visit, context, err);
    clg_store_rollback(r->store); /* read only: nothing to keep */
    return status;
}

typedef struct course_collector {
    clg_client_view *view;
    clg_error *err;
    clg_status status;
} course_collector;

static int collect_course(void *context, const clg_course_row *row)
{
    course_collector *c = context;
    clg_client_view *view = c->view;
    clg_course_row *grown =
        realloc(view->courses, (size_t)(view->course_count + 1) * sizeof *grown);
    if (grown == NULL) {
        c->status = clg_error_set(c->err, CLG_ERR_IO, "client", "out of memory");
        return 1;
    }
    view->courses = grown;
    clg_course_row *out = &grown[view->course_count];
    *out = *row;
    c->status = clg_course_row_own(out, c->err);
    if (c->status != CLG_OK)
        return 1;
    view->course_count++;
    return 0;
}

clg_status clg_records_client_show(const clg_records *r, int64_t id, clg_client_view *view,
                                   clg_error *err)
{
    memset(view, 0, sizeof *view);
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    course_collector collector = {view, err, CLG_OK};
    status = clg_store_client_get(r->store, r->clinic, id, &view->client, err);
    if (status == CLG_OK)
        status = clg_store_course_list(r->store, r->clinic, id, collect_course, &collector, err);
    if (status == CLG_OK)
        status = collector.status;
    if (status == CLG_OK)
        status = audit_read(r, "client.read", "client", id, NULL, NULL, err);
    return clg_store_finish(r->store, status, err);
}

void clg_records_client_view_free(clg_client_view *view)
{
    clg_store_row_free(view->client.storage);
    for (int i = 0; i < view->course_count; i++)
        clg_store_row_free(view->courses[i].storage);
    free(view->courses);
    memset(view, 0, sizeof *view);
}

clg_status clg_records_course_show(const clg_records *r, int64_t id, clg_course_view *view,
                                   clg_error *err)
{
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK) {
        memset(view, 0, sizeof *view);
        return status;
    }
    status = clg_records_view_load(r, id, view, err);
    if (status == CLG_OK)
        status = audit_read(r, "course.read", "course", id, NULL, NULL, err);
    return clg_store_finish(r->store, status, err);
}

clg_status clg_records_course_export(const clg_records *r, int64_t id, const char *format,
                                     clg_course_renderer render, void *context, clg_error *err)
{
    clg_course_view view;
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    status = clg_records_view_load(r, id, &view, err);
    if (status == CLG_OK)
        status = render(context, &view, err);
    if (status == CLG_OK)
        status = audit_read(r, "course.export", "course", id, NULL, format, err);
    status = clg_store_finish(r->store, status, err);
    clg_records_course_view_free(&view);
    return status;
}

clg_status clg_records_table_export(const clg_records *r, clg_export_table table,
                                    const char *format, const clg_export_visitor *visitor,
                                    clg_error *err)
{
    if ((unsigned)table > CLG_EXPORT_SESSIONS)
        return clg_error_set(err, CLG_ERR_INVALID, "table", "use clients, courses or sessions");
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    switch (table) {
    case CLG_EXPORT_CLIENTS:
        status = clg_store_client_list(r->store, r->clinic, visitor->client, visitor->context, err);
        break;
    case CLG_EXPORT_COURSES:
        status =
            clg_store_course_list(r->store, r->clinic, 0, visitor->course, visitor->context, err);
        break;
    case CLG_EXPORT_SESSIONS:
        status = clg_store_session_list(r->store, r->clinic, 0, 0, visitor->session,
                                        visitor->context, err);
        break;
    }
    if (status == CLG_OK)
        status =
            audit_read(r, "records.export", "clinic", r->clinic, table_names[table], format, err);
    return clg_store_finish(r->store, status, err);
}
