/*
 * Reminders by e-mail on PostgreSQL (see messages.h), as SQLite's: the
 * claim is one INSERT ... ON CONFLICT DO NOTHING, under the clinic's write
 * lock every write takes (clg_pg_param_clinic), so two runs at once queue
 * and the second finds the key taken.
 */
#include <stdio.h>
#include <string.h>

#include "store/messages.h"
#include "store/pg_internal.h"

static const char mail_get_sql[] =
    "SELECT smtp_url, mail_from, smtp_user, smtp_password, public_url FROM clinic_mail "
    "WHERE clinic_id = $1";
static const char mail_set_sql[] =
    "INSERT INTO clinic_mail (clinic_id, smtp_url, mail_from, smtp_user, smtp_password,"
    " public_url, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
    "ON CONFLICT (clinic_id) DO UPDATE SET smtp_url = excluded.smtp_url,"
    " mail_from = excluded.mail_from, smtp_user = excluded.smtp_user,"
    " smtp_password = excluded.smtp_password, public_url = excluded.public_url,"
    " updated_at = excluded.updated_at";
static const char claim_sql[] =
    "INSERT INTO messages (clinic_id, client_id, kind, subject_id, day, status, opt_out_hash,"
    " recorded_at) VALUES ($1, $2, $3, $4, $5, 'recorded', $6, $7) "
    "ON CONFLICT (clinic_id, kind, subject_id, day) DO NOTHING RETURNING id";
static const char reclaim_sql[] =
    "UPDATE messages SET status = 'recorded', opt_out_hash = $5, recorded_at = $6, error = NULL "
    "WHERE clinic_id = $1 AND kind = $2 AND subject_id = $3 AND day = $4 AND status = 'failed' "
    "RETURNING id";
static const char find_sql[] =
    "SELECT id, client_id, status FROM messages "
    "WHERE clinic_id = $1 AND kind = $2 AND subject_id = $3 AND day = $4";
static const char finish_sql[] =
    "UPDATE messages SET status = $3, error = $4,"
    " sent_at = CASE WHEN $3 = 'sent' THEN $5::timestamptz ELSE sent_at END "
    "WHERE clinic_id = $1 AND id = $2";
static const char list_sql[] = "SELECT id, client_id, kind, subject_id, day, status, " CLG_PG_STAMP(
    "recorded_at") ", " CLG_PG_STAMP("sent_at") ", error "
                                                "FROM messages WHERE clinic_id = $1 AND "
                                                "client_id = $2 ORDER BY id DESC";
static const char token_sql[] = "SELECT clinic_id, client_id FROM messages WHERE opt_out_hash = $1";
static const char opt_out_get_sql[] =
    "SELECT " CLG_PG_STAMP("created_at") " FROM opt_outs WHERE clinic_id = $1 AND client_id = $2";
static const char opt_out_sql[] =
    "INSERT INTO opt_outs (clinic_id, client_id, created_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (clinic_id, client_id) DO NOTHING";
static const char opt_in_sql[] = "DELETE FROM opt_outs WHERE clinic_id = $1 AND client_id = $2";

static void copy_text(const PGresult *result, int column, char *out, size_t size)
{
    const char *text = clg_pg_text(result, 0, column);
    snprintf(out, size, "%s", text ? text : "");
}

static const char *optional(const char *text)
{
    return text[0] ? text : NULL;
}

static clg_status mail_get(void *impl, int64_t clinic, clg_mail_settings *mail, clg_error *err)
{
    memset(mail, 0, sizeof *mail);
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    PGresult *result = clg_pg_exec(impl, mail_get_sql, &params, "read mail settings", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    if (PQntuples(result) == 1) {
        copy_text(result, 0, mail->smtp_url, sizeof mail->smtp_url);
        copy_text(result, 1, mail->mail_from, sizeof mail->mail_from);
        copy_text(result, 2, mail->smtp_user, sizeof mail->smtp_user);
        copy_text(result, 3, mail->smtp_password, sizeof mail->smtp_password);
        copy_text(result, 4, mail->public_url, sizeof mail->public_url);
    } else {
        status =
            clg_error_set(err, CLG_ERR_NOT_FOUND, "smtp_url", "the clinic's mail is not set up");
    }
    PQclear(result);
    return status;
}

static clg_status mail_set(void *impl, int64_t clinic, const clg_mail_settings *mail,
                           clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_text(&params, mail->smtp_url);
    clg_pg_param_text(&params, mail->mail_from);
    clg_pg_param_text(&params, optional(mail->smtp_user));
    clg_pg_param_text(&params, optional(mail->smtp_password));
    clg_pg_param_text(&params, optional(mail->public_url));
    clg_pg_param_now(&params);
    return clg_pg_run(impl, mail_set_sql, &params, "set mail settings", NULL, err);
}

static void param_key(clg_pg_params *params, int64_t clinic, clg_message_kind kind,
                      int64_t subject_id, clg_date day)
{
    clg_pg_param_clinic(params, clinic);
    clg_pg_param_text(params, clg_message_kind_word(kind));
    clg_pg_param_int(params, subject_id);
    clg_pg_param_date(params, day);
}

/* Runs sql, which returns the id of the row it wrote or nothing: *id, 0 for nothing. */
static clg_status returning_id(clg_pg *p, const char *sql, const clg_pg_params *params, int64_t *id,
                               clg_error *err)
{
    PGresult *result = clg_pg_exec(p, sql, params, "record message", err);
    if (result == NULL)
        return clg_pg_status(err);
    *id = PQntuples(result) == 1 ? clg_pg_int(result, 0, 0) : 0;
    PQclear(result);
    return CLG_OK;
}

static clg_status claim(void *impl, int64_t clinic, const clg_message_row *row, int64_t *id,
                        clg_error *err)
{
    *id = 0;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, row->client_id);
    clg_pg_param_text(&params, clg_message_kind_word(row->kind));
    clg_pg_param_int(&params, row->subject_id);
    clg_pg_param_date(&params, row->day);
    clg_pg_param_text(&params, row->opt_out_hash);
    clg_pg_param_now(&params);
    clg_status status = returning_id(impl, claim_sql, &params, id, err);
    if (status != CLG_OK || *id != 0)
        return status;
    /* The key is taken: a failed message (certainly not sent) is taken back, nothing else. */
    clg_pg_params again = {0};
    param_key(&again, clinic, row->kind, row->subject_id, row->day);
    clg_pg_param_text(&again, row->opt_out_hash);
    clg_pg_param_now(&again);
    return returning_id(impl, reclaim_sql, &again, id, err);
}

static clg_status read_status(clg_pg *p, const PGresult *result, int row, int column,
                              clg_message_status *out, clg_error *err)
{
    const char *word = clg_pg_text(result, row, column);
    for (int i = CLG_MESSAGE_RECORDED; i <= CLG_MESSAGE_FAILED; i++)
        if (word && strcmp(word, clg_message_status_word((clg_message_status)i)) == 0) {
            *out = (clg_message_status)i;
            return CLG_OK;
        }
    return clg_pg_bad_column(p, result, row, column, "a message status", err);
}

static clg_status find(void *impl, int64_t clinic, clg_message_kind kind, int64_t subject_id,
                       clg_date day, clg_message_row *row, clg_error *err)
{
    *row = (clg_message_row){.kind = kind, .subject_id = subject_id, .day = day};
    clg_pg_params params = {0};
    param_key(&params, clinic, kind, subject_id, day);
    PGresult *result = clg_pg_exec(impl, find_sql, &params, "find message", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_ERR_NOT_FOUND;
    if (PQntuples(result) == 1) {
        row->id = clg_pg_int(result, 0, 0);
        row->client_id = clg_pg_int(result, 0, 1);
        status = read_status(impl, result, 0, 2, &row->status, err);
    }
    PQclear(result);
    return status;
}

static clg_status finish(void *impl, int64_t clinic, int64_t id, clg_message_status status_word,
                         const char *error, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, id);
    clg_pg_param_text(&params, clg_message_status_word(status_word));
    clg_pg_param_text(&params, error);
    clg_pg_param_now(&params);
    return clg_pg_run(impl, finish_sql, &params, "mark message", NULL, err);
}

static clg_status list(void *impl, int64_t clinic, int64_t client_id, clg_message_visitor visit,
                       void *context, clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, client_id);
    PGresult *result = clg_pg_exec(p, list_sql, &params, "list messages", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    for (int i = 0; i < PQntuples(result); i++) {
        const char *kind = clg_pg_text(result, i, 2);
        clg_message_row row = {
            .id = clg_pg_int(result, i, 0),
            .client_id = clg_pg_int(result, i, 1),
            .kind = kind && strcmp(kind, "recall") == 0 ? CLG_MESSAGE_RECALL : CLG_MESSAGE_REMINDER,
            .subject_id = clg_pg_int(result, i, 3),
            .recorded_at = clg_pg_text(result, i, 6),
            .sent_at = clg_pg_text(result, i, 7),
            .error = clg_pg_text(result, i, 8),
        };
        if ((status = clg_pg_column_date(p, result, i, 4, &row.day, err)) != CLG_OK ||
            (status = read_status(p, result, i, 5, &row.status, err)) != CLG_OK)
            break;
        if (visit(context, &row) != 0)
            break;
    }
    PQclear(result);
    return status;
}

static clg_status opt_out_token(void *impl, const char *token_hash, int64_t *clinic,
                                int64_t *client_id, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_text(&params, token_hash);
    PGresult *result = clg_pg_exec(impl, token_sql, &params, "find opt-out link", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    if (PQntuples(result) == 1) {
        *clinic = clg_pg_int(result, 0, 0);
        *client_id = clg_pg_int(result, 0, 1);
    } else {
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "token", "no such opt-out link");
    }
    PQclear(result);
    return status;
}

static clg_status opt_out_get(void *impl, int64_t clinic, int64_t client_id, bool *opted_out,
                              char since[32], clg_error *err)
{
    *opted_out = false;
    since[0] = '\0';
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, client_id);
    PGresult *result = clg_pg_exec(impl, opt_out_get_sql, &params, "read opt-out", err);
    if (result == NULL)
        return clg_pg_status(err);
    if (PQntuples(result) == 1) {
        *opted_out = true;
        copy_text(result, 0, since, 32);
    }
    PQclear(result);
    return CLG_OK;
}

static clg_status opt_out_set(void *impl, int64_t clinic, int64_t client_id, bool opted_out,
                              int *changed, clg_error *err)
{
    *changed = 0;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, client_id);
    if (opted_out)
        clg_pg_param_now(&params);
    return clg_pg_run(impl, opted_out ? opt_out_sql : opt_in_sql, &params, "set opt-out", changed,
                      err);
}

const clg_store_message_ops clg_pg_message_ops = {
    .mail_get = mail_get,
    .mail_set = mail_set,
    .claim = claim,
    .find = find,
    .finish = finish,
    .list = list,
    .opt_out_token = opt_out_token,
    .opt_out_get = opt_out_get,
    .opt_out_set = opt_out_set,
};
