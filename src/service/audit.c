/*
 * The audit entries every workflow shares: overrides, refusals, and the
 * check that a forced write gives its reason.
 * See records.h.
 */
#include "service/records.h"

#include "base/json_writer.h"
#include "service/records_internal.h"

static bool is_blank(const char *text)
{
    if (text == NULL)
        return true;
    for (; *text; text++)
        if (*text != ' ' && *text != '\t' && *text != '\n' && *text != '\r')
            return false;
    return true;
}

clg_status clg_records_check_reason(bool forced, const char *reason, clg_error *err)
{
    if (forced && is_blank(reason))
        return clg_error_set(err, CLG_ERR_INVALID, "force",
                             "needs a reason saying why the safety rule is overridden");
    if (forced)
        return clg_text_check("reason", reason, CLG_TEXT_MAX_BYTES, true, err);
    return CLG_OK;
}

clg_status clg_records_audit_override(const clg_records *r, const char *entity, int64_t id,
                                      const char *refusal, const char *reason, clg_error *err)
{
    clg_buffer after = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &after, false);
    clg_json_begin_object(&w);
    clg_json_member_string(&w, "overridden", refusal);
    clg_json_end_object(&w);
    clg_audit_entry entry = {.who = r->who,
                             .action = "safety.override",
                             .entity = entity,
                             .entity_id = id,
                             .after = after.data,
                             .reason = reason};
    clg_status status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    clg_buffer_free(&after);
    return status;
}

/*
 * A refusal writes nothing of what was asked, but it is not silent: it gets
 * an audit entry of its own, in its own transaction, after the refused one
 * was rolled back. date is the date asked for. Returns CLG_OK, or the
 * failure to write the entry (then in err).
 */
clg_status clg_records_audit_refusal(const clg_records *r, const char *entity, int64_t id,
                                     clg_date date, const char *refusal, clg_error *err)
{
    clg_buffer after = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &after, false);
    clg_json_begin_object(&w);
    clg_json_member_date(&w, "date", date);
    clg_json_member_string(&w, "refused", refusal);
    clg_json_end_object(&w);
    clg_audit_entry entry = {.who = r->who,
                             .action = "safety.refused",
                             .entity = entity,
                             .entity_id = id,
                             .after = after.data};
    clg_error audit_err;
    clg_status status = clg_store_begin(r->store, true, &audit_err);
    if (status == CLG_OK) {
        status = clg_store_audit_append(r->store, r->clinic, &entry, &audit_err);
        if (status == CLG_OK)
            status = clg_store_commit(r->store, &audit_err);
        else
            clg_store_rollback(r->store);
    }
    clg_buffer_free(&after);
    if (status != CLG_OK)
        *err = audit_err;
    return status;
}
