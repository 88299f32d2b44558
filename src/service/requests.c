/*
 * Consultation requests: the checks, the limited receive, the staff's list
 * and close. See requests.h.
 */
#include "service/requests.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/json_writer.h"
#include "collagenda/records.h"
#include "collagenda/request_json.h"
#include "service/records_internal.h"

static bool given(const char *text)
{
    return text != NULL && text[0] != '\0';
}

clg_status clg_request_check(const clg_request_input *in, char **assessment_json, clg_error *err)
{
    *assessment_json = NULL;
    clg_status status;
    if ((status = clg_text_check("name", in->name ? in->name : "", CLG_NAME_MAX_BYTES, true,
                                 err)) != CLG_OK)
        return status;
    if (given(in->email) && (status = clg_email_check("email", in->email, err)) != CLG_OK)
        return status;
    if (given(in->phone) && (status = clg_phone_check("phone", in->phone, err)) != CLG_OK)
        return status;
    if (!given(in->email) && !given(in->phone))
        return clg_error_set(err, CLG_ERR_INVALID, "email",
                             "or phone is required: how the clinic may reach you");
    if (!in->consent)
        return clg_error_set(err, CLG_ERR_INVALID, "consent",
                             "must be true: the clinic contacts you only with your consent");
    if (in->assessment == NULL)
        return clg_error_set(err, CLG_ERR_INVALID, "assessment",
                             "is required: the calculator's answers, as POST /api/v1/plan takes "
                             "them");
    if (!json_is_object(in->assessment))
        return clg_error_set(err, CLG_ERR_INVALID, "assessment", "must be an object");
    clg_plan_request request;
    if ((status = clg_plan_request_from_json(in->assessment, NULL, &request, err)) != CLG_OK) {
        clg_error_prefix_field(err, "assessment");
        return status;
    }
    *assessment_json = json_dumps(in->assessment, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (*assessment_json == NULL)
        return clg_error_set(err, CLG_ERR_IO, "assessment", "out of memory");
    return CLG_OK;
}

/*
 * The address as stored: a keyed BLAKE2b hash of the clinic and the
 * address, hex. The key is fixed: the hash is there so that the table does
 * not show addresses to whoever reads it, not to resist a search of the
 * whole IPv4 space, which a key kept in the same database would not stop
 * either; what protects the address is that the hash is cleared once the
 * window has passed.
 */
static void address_hash(int64_t clinic, const char *address, char out[65])
{
    static const unsigned char key[crypto_generichash_KEYBYTES] = "collagenda consultation request";
    char text[160];
    snprintf(text, sizeof text, "%lld %s", (long long)clinic, address);
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, (const unsigned char *)text, strlen(text), key,
                       sizeof key);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

/* A store stamp for the instant t: "2027-01-04T09:30:00.000Z". */
static void stamp(time_t t, char out[32])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

/* The seconds from now until the stamp's instant plus the window; at least 1. */
static int seconds_left(const char *oldest, time_t now)
{
    struct tm tm = {0};
    if (sscanf(oldest, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6)
        return CLG_REQUESTS_WINDOW_SECONDS;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    long long left = (long long)timegm(&tm) + 1 + CLG_REQUESTS_WINDOW_SECONDS - (long long)now;
    if (left < 1)
        return 1;
    return left > CLG_REQUESTS_WINDOW_SECONDS ? CLG_REQUESTS_WINDOW_SECONDS : (int)left;
}

static clg_status limit(clg_store *store, int64_t clinic, const char *hash, const char *since,
                        int allowed, time_t now, int *retry_after, clg_error *err)
{
    int count = 0;
    char oldest[32];
    clg_status status =
        clg_store_request_count_since(store, clinic, hash, since, &count, oldest, err);
    if (status == CLG_OK && count >= allowed) {
        *retry_after = seconds_left(oldest, now);
        status =
            clg_error_set(err, CLG_ERR_REFUSED, "request",
                          "too many consultation requests %s; try again in %d minutes",
                          hash ? "from this address" : "at the moment", (*retry_after + 59) / 60);
    }
    return status;
}

clg_status clg_request_receive(clg_store *store, int64_t clinic, const clg_request_input *input,
                               const char *address, int *retry_after, int64_t *id, clg_error *err)
{
    *retry_after = 0;
    *id = 0;
    char *assessment = NULL;
    clg_status status = clg_request_check(input, &assessment, err);
    if (status != CLG_OK)
        return status;
    char hash[65], since[32];
    address_hash(clinic, address, hash);
    time_t now = time(NULL);
    stamp(now - CLG_REQUESTS_WINDOW_SECONDS, since);
    clg_request_row row = {
        .name = input->name,
        .email = given(input->email) ? input->email : NULL,
        .phone = given(input->phone) ? input->phone : NULL,
        .assessment_json = assessment,
    };
    if ((status = clg_store_begin(store, true, err)) != CLG_OK)
        goto out;
    /* Each receive forgets the addresses the window no longer needs. */
    status = clg_store_request_forget_addresses(store, clinic, since, err);
    if (status == CLG_OK)
        status = limit(store, clinic, hash, since, CLG_REQUESTS_PER_ADDRESS, now, retry_after, err);
    if (status == CLG_OK)
        status = limit(store, clinic, NULL, since, CLG_REQUESTS_PER_CLINIC, now, retry_after, err);
    if (status == CLG_OK)
        status = clg_store_request_insert(store, clinic, &row, hash, id, err);
    if (status == CLG_OK) {
        clg_audit_entry entry = {.who = "calculator",
                                 .action = "request.receive",
                                 .entity = "request",
                                 .entity_id = *id};
        status = clg_store_audit_append(store, clinic, &entry, err);
    }
    status = clg_store_finish(store, status, err);
    if (status != CLG_OK)
        *id = 0;
out:
    free(assessment);
    return status;
}

clg_status clg_records_request_list(const clg_records *r, clg_request_filter filter,
                                    clg_request_visitor visit, void *context, clg_error *err)
{
    clg_status status = clg_store_begin(r->store, false, err);
    if (status != CLG_OK)
        return status;
    status = clg_store_request_list(r->store, r->clinic, filter, visit, context, err);
    return clg_store_finish(r->store, status, err);
}

clg_status clg_records_request_get(const clg_records *r, int64_t id, clg_request_row *row,
                                   clg_error *err)
{
    clg_status status = clg_store_begin(r->store, false, err);
    if (status != CLG_OK) {
        *row = (clg_request_row){0};
        return status;
    }
    status = clg_store_request_get(r->store, r->clinic, id, row, err);
    return clg_store_finish(r->store, status, err);
}

static char *close_json(const char *note, int64_t client_id, int64_t course_id)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_json_begin_object(&w);
    clg_json_member_string(&w, "status", "closed");
    if (note)
        clg_json_member_string(&w, "note", note);
    if (course_id > 0) {
        clg_json_member_int(&w, "client", client_id);
        clg_json_member_int(&w, "course", course_id);
    }
    clg_json_end_object(&w);
    return out.data;
}

clg_status clg_records_request_close(const clg_records *r, int64_t id, const char *note,
                                     int64_t course_id, clg_error *err)
{
    clg_status status;
    if (given(note) &&
        (status = clg_text_check("note", note, CLG_TEXT_MAX_BYTES, false, err)) != CLG_OK)
        return status;
    if (!given(note))
        note = NULL;
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;
    clg_request_row request = {0};
    clg_course_row course = {0};
    char *after = NULL;
    int closed = 0;
    status = clg_store_request_get(r->store, r->clinic, id, &request, err);
    if (status == CLG_OK && request.closed)
        status = clg_error_set(err, CLG_ERR_INVALID, "request",
                               "request %lld is already closed (%.40s by %.200s)", (long long)id,
                               request.closed_at ? request.closed_at : "",
                               request.closed_by ? request.closed_by : "");
    if (status == CLG_OK && course_id > 0)
        status = clg_store_course_get(r->store, r->clinic, course_id, &course, err);
    if (status == CLG_OK)
        status = clg_store_request_close(r->store, r->clinic, id, r->who, note, course.client_id,
                                         course_id, &closed, err);
    if (status == CLG_OK && closed == 0)
        status = clg_error_set(err, CLG_ERR_INVALID, "request", "request %lld is already closed",
                               (long long)id);
    if (status == CLG_OK) {
        after = close_json(note, course.client_id, course_id);
        clg_audit_entry entry = {.who = r->who,
                                 .action = "request.close",
                                 .entity = "request",
                                 .entity_id = id,
                                 .before = "{\"status\":\"open\"}",
                                 .after = after,
                                 .client_id = course.client_id};
        status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    }
    status = clg_store_finish(r->store, status, err);
    free(after);
    clg_store_row_free(request.storage);
    clg_store_row_free(course.storage);
    return status;
}

clg_status clg_records_request_delete(const clg_records *r, int64_t id, const char *reason,
                                      clg_error *err)
{
    clg_status status =
        clg_text_check("reason", reason ? reason : "", CLG_TEXT_MAX_BYTES, true, err);
    if (status != CLG_OK || (status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;
    clg_request_row request = {0};
    int erased = 0;
    if ((status = clg_store_request_get(r->store, r->clinic, id, &request, err)) == CLG_OK &&
        (status = clg_records_reason_names_nobody(reason, request.name, request.email,
                                                  request.phone, err)) == CLG_OK)
        status = clg_store_request_erase(r->store, r->clinic, id, &erased, err);
    if (status == CLG_OK) {
        /* What it was, never who: the contact goes with the row. */
        clg_audit_entry entry = {.who = r->who,
                                 .action = "request.delete",
                                 .entity = "request",
                                 .entity_id = id,
                                 .before = request.closed ? "{\"status\":\"closed\"}"
                                                          : "{\"status\":\"open\"}",
                                 .reason = reason,
                                 .client_id = request.client_id};
        status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    }
    clg_store_row_free(request.storage);
    return clg_store_finish(r->store, status, err);
}

bool clg_request_filter_parse(const char *text, clg_request_filter *filter)
{
    if (strcmp(text, "open") == 0)
        *filter = CLG_REQUESTS_OPEN;
    else if (strcmp(text, "closed") == 0)
        *filter = CLG_REQUESTS_CLOSED;
    else if (strcmp(text, "all") == 0)
        *filter = CLG_REQUESTS_ALL;
    else
        return false;
    return true;
}
