/*
 * The store's front door: picks a backend from the location and forwards
 * every call through the backend's vtable (grouped by entity, see
 * store.h). Callers never see which backend answers.
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buffer.h"

static bool is_postgresql_uri(const char *location)
{
    return strncmp(location, "postgresql://", 13) == 0 || strncmp(location, "postgres://", 11) == 0;
}

clg_status clg_store_open(const char *location, clg_store **out, clg_error *err)
{
    *out = NULL;
    if (location == NULL || location[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, "location", "the database path is empty");
    if (is_postgresql_uri(location))
        return clg_store_pg_open(location, out, err);
    return clg_store_sqlite_open(location, out, err);
}

clg_status clg_store_schema_read(const char *location, clg_store_schema *schema, clg_error *err)
{
    *schema = (clg_store_schema){0};
    if (location == NULL || location[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, "location", "the database path is empty");
    if (is_postgresql_uri(location))
        return clg_store_pg_schema(location, schema, err);
    return clg_store_sqlite_schema(location, schema, err);
}

void clg_store_close(clg_store *store)
{
    if (store == NULL)
        return;
    store->ops->close(store->impl);
    free(store);
}

void clg_store_row_free(char *storage)
{
    free(storage);
}

clg_status clg_store_begin(clg_store *store, bool write, clg_error *err)
{
    return store->ops->begin(store->impl, write, err);
}

clg_status clg_store_commit(clg_store *store, clg_error *err)
{
    return store->ops->commit(store->impl, err);
}

void clg_store_rollback(clg_store *store)
{
    store->ops->rollback(store->impl);
}

static int append_name(void *context, const char *name)
{
    clg_buffer *names = context;
    if (names->length > 0)
        clg_buffer_puts(names, ", ");
    clg_buffer_printf(names, "'%s'", name);
    return names->length > 2000; /* enough to read; the rest are left out */
}

/* A new clinic, audited; inside the caller's write transaction. */
static clg_status clinic_insert(clg_store *store, const char *name, const char *who, int64_t *id,
                                clg_error *err)
{
    clg_status status = store->ops->clinics->insert(store->impl, name, id, err);
    if (status == CLG_OK) {
        clg_audit_entry entry = {
            .who = who, .action = "clinic.create", .entity = "clinic", .entity_id = *id};
        status = store->ops->audit->append(store->impl, *id, &entry, err);
    }
    return status;
}

clg_status clg_store_clinic_ensure(clg_store *store, const char *name, const char *who, int64_t *id,
                                   clg_error *err)
{
    /* The common case reads only, so commands do not queue for the write lock. */
    clg_status status = store->ops->clinics->find(store->impl, name, id, err);
    if (status != CLG_ERR_NOT_FOUND)
        return status;
    status = clg_store_begin(store, true, err);
    if (status != CLG_OK)
        return status;
    status = store->ops->clinics->find(store->impl, name, id, err);
    clg_buffer names = CLG_BUFFER_INIT;
    if (status == CLG_ERR_NOT_FOUND)
        status = store->ops->clinics->list(store->impl, append_name, &names, err);
    else if (status == CLG_OK)
        goto out;
    if (status == CLG_OK && names.length == 0)
        status = clinic_insert(store, name, who, id, err); /* a fresh database */
    else if (status == CLG_OK)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "clinic",
                               "no clinic named '%.100s'; the clinics are: %s (add one with "
                               "'collagenda clinic add NAME')",
                               name, names.data);
out:
    clg_buffer_free(&names);
    if (status == CLG_OK)
        return clg_store_commit(store, err);
    clg_store_rollback(store);
    return status;
}

clg_status clg_store_clinic_find(clg_store *store, const char *name, int64_t *id, clg_error *err)
{
    return store->ops->clinics->find(store->impl, name, id, err);
}

clg_status clg_store_clinic_add(clg_store *store, const char *name, const char *who, int64_t *id,
                                clg_error *err)
{
    clg_status status = clg_store_begin(store, true, err);
    if (status != CLG_OK)
        return status;
    int64_t existing;
    status = store->ops->clinics->find(store->impl, name, &existing, err);
    if (status == CLG_OK)
        status =
            clg_error_set(err, CLG_ERR_INVALID, "name", "a clinic named '%.100s' exists", name);
    else if (status == CLG_ERR_NOT_FOUND)
        status = clinic_insert(store, name, who, id, err);
    return clg_store_finish(store, status, err);
}

clg_status clg_store_clinic_settings_get(clg_store *store, int64_t clinic,
                                         clg_clinic_settings *settings, clg_error *err)
{
    return store->ops->clinics->settings_get(store->impl, clinic, settings, err);
}

clg_status clg_store_clinic_settings_set(clg_store *store, int64_t clinic,
                                         const clg_clinic_settings *settings, clg_error *err)
{
    return store->ops->clinics->settings_set(store->impl, clinic, settings, err);
}

clg_status clg_store_clinic_time_zone_get(clg_store *store, int64_t clinic,
                                          char time_zone[CLG_TIME_ZONE_SIZE], clg_error *err)
{
    return store->ops->clinics->time_zone_get(store->impl, clinic, time_zone, err);
}

clg_status clg_store_clinic_time_zone_set(clg_store *store, int64_t clinic, const char *time_zone,
                                          clg_error *err)
{
    return store->ops->clinics->time_zone_set(store->impl, clinic, time_zone, err);
}

clg_status clg_store_client_insert(clg_store *store, int64_t clinic, const clg_client_row *row,
                                   int64_t *id, clg_error *err)
{
    return store->ops->clients->insert(store->impl, clinic, row, id, err);
}

clg_status clg_store_client_get(clg_store *store, int64_t clinic, int64_t id, clg_client_row *row,
                                clg_error *err)
{
    return store->ops->clients->get(store->impl, clinic, id, row, err);
}

clg_status clg_store_client_list(clg_store *store, int64_t clinic, clg_client_visitor visit,
                                 void *context, clg_error *err)
{
    return store->ops->clients->list(store->impl, clinic, visit, context, err);
}

clg_status clg_store_client_erase(clg_store *store, int64_t clinic, int64_t id,
                                  const char *tombstone, clg_error *err)
{
    return store->ops->clients->erase(store->impl, clinic, id, tombstone, err);
}

clg_status clg_store_client_update(clg_store *store, int64_t clinic, const clg_client_row *row,
                                   clg_error *err)
{
    return store->ops->clients->update(store->impl, clinic, row, err);
}

clg_status clg_store_client_find_contact(clg_store *store, int64_t clinic, const char *email,
                                         const char *phone, int64_t except, clg_client_row *row,
                                         clg_error *err)
{
    return store->ops->clients->find_contact(store->impl, clinic, email, phone, except, row, err);
}

clg_status clg_store_client_merge(clg_store *store, int64_t clinic, int64_t keep, int64_t other,
                                  clg_error *err)
{
    return store->ops->clients->merge(store->impl, clinic, keep, other, err);
}

clg_status clg_store_protocol_get(clg_store *store, int64_t clinic, const char *name,
                                  const char *version, char **document, clg_error *err)
{
    return store->ops->protocols->get(store->impl, clinic, name, version, document, err);
}

clg_status clg_store_protocol_insert(clg_store *store, int64_t clinic, const char *name,
                                     const char *version, const char *document, clg_error *err)
{
    return store->ops->protocols->insert(store->impl, clinic, name, version, document, err);
}

clg_status clg_store_course_insert(clg_store *store, int64_t clinic, const clg_course_row *row,
                                   int64_t *id, clg_error *err)
{
    return store->ops->courses->insert(store->impl, clinic, row, id, err);
}

clg_status clg_store_course_get(clg_store *store, int64_t clinic, int64_t id, clg_course_row *row,
                                clg_error *err)
{
    return store->ops->courses->get(store->impl, clinic, id, row, err);
}

clg_status clg_store_course_list(clg_store *store, int64_t clinic, int64_t client_id,
                                 clg_course_visitor visit, void *context, clg_error *err)
{
    return store->ops->courses->list(store->impl, clinic, client_id, visit, context, err);
}

clg_status clg_store_course_set_progress(clg_store *store, int64_t clinic, int64_t id,
                                         clg_course_status status, clg_next_kind kind,
                                         clg_date next_date, clg_error *err)
{
    return store->ops->courses->set_progress(store->impl, clinic, id, status, kind, next_date, err);
}

clg_status clg_store_course_set_plan(clg_store *store, int64_t clinic, int64_t id,
                                     const char *protocol_name, const char *protocol_version,
                                     const char *plan_json, clg_error *err)
{
    return store->ops->courses->set_plan(store->impl, clinic, id, protocol_name, protocol_version,
                                         plan_json, err);
}

clg_status clg_store_session_insert(clg_store *store, int64_t clinic, const clg_session_row *row,
                                    int64_t *id, clg_error *err)
{
    return store->ops->sessions->insert(store->impl, clinic, row, id, err);
}

clg_status clg_store_session_list(clg_store *store, int64_t clinic, int64_t course_id,
                                  int64_t client_id, clg_session_visitor visit, void *context,
                                  clg_error *err)
{
    return store->ops->sessions->list(store->impl, clinic, course_id, client_id, visit, context,
                                      err);
}

clg_status clg_store_session_clear_notes(clg_store *store, int64_t clinic, int64_t client_id,
                                         int *cleared, clg_error *err)
{
    return store->ops->sessions->clear_notes(store->impl, clinic, client_id, cleared, err);
}

clg_status clg_store_session_get(clg_store *store, int64_t clinic, int64_t id, clg_session_row *row,
                                 clg_error *err)
{
    return store->ops->sessions->get(store->impl, clinic, id, row, err);
}

clg_status clg_store_session_update(clg_store *store, int64_t clinic, const clg_session_row *row,
                                    clg_error *err)
{
    return store->ops->sessions->update(store->impl, clinic, row, err);
}

clg_status clg_store_session_list_void(clg_store *store, int64_t clinic, int64_t course_id,
                                       clg_session_visitor visit, void *context, clg_error *err)
{
    return store->ops->sessions->list_void(store->impl, clinic, course_id, visit, context, err);
}

clg_status clg_store_booking_insert(clg_store *store, int64_t clinic, const clg_booking_row *row,
                                    int64_t *id, clg_error *err)
{
    return store->ops->bookings->insert(store->impl, clinic, row, id, err);
}

clg_status clg_store_booking_get(clg_store *store, int64_t clinic, int64_t id, clg_booking_row *row,
                                 clg_error *err)
{
    return store->ops->bookings->get(store->impl, clinic, id, row, err);
}

clg_status clg_store_booking_list(clg_store *store, int64_t clinic, int64_t course_id,
                                  int64_t client_id, clg_booking_visitor visit, void *context,
                                  clg_error *err)
{
    return store->ops->bookings->list(store->impl, clinic, course_id, client_id, visit, context,
                                      err);
}

clg_status clg_store_booking_update(clg_store *store, int64_t clinic, const clg_booking_row *row,
                                    clg_error *err)
{
    return store->ops->bookings->update(store->impl, clinic, row, err);
}

clg_status clg_store_booking_delete(clg_store *store, int64_t clinic, int64_t id, clg_error *err)
{
    return store->ops->bookings->delete (store->impl, clinic, id, err);
}

clg_status clg_store_diary_list(clg_store *store, int64_t clinic, clg_date from, clg_date through,
                                clg_diary_visitor visit, void *context, clg_error *err)
{
    return store->ops->diary->list(store->impl, clinic, from, through, visit, context, err);
}

clg_status clg_store_due_list(clg_store *store, int64_t clinic, clg_date through,
                              clg_due_visitor visit, void *context, clg_error *err)
{
    return store->ops->courses->due_list(store->impl, clinic, through, visit, context, err);
}

clg_status clg_store_audit_append(clg_store *store, int64_t clinic, const clg_audit_entry *entry,
                                  clg_error *err)
{
    return store->ops->audit->append(store->impl, clinic, entry, err);
}

clg_status clg_store_audit_list(clg_store *store, int64_t clinic, const clg_audit_filter *filter,
                                clg_audit_visitor visit, void *context, clg_error *err)
{
    return store->ops->audit->list(store->impl, clinic, filter, visit, context, err);
}

clg_status clg_store_backup(clg_store *store, const char *path, clg_error *err)
{
    return store->ops->backup(store->impl, path, err);
}

clg_status clg_store_finish(clg_store *store, clg_status status, clg_error *err)
{
    if (status == CLG_OK)
        return clg_store_commit(store, err);
    clg_store_rollback(store);
    return status;
}
