/*
 * Reminders by e-mail on SQLite (see messages.h): the clinic's mail
 * settings, the messages recorded before they are sent, and the clients
 * who opted out. The claim is one INSERT ... ON CONFLICT DO NOTHING under
 * the write lock every write transaction takes first (BEGIN IMMEDIATE), so
 * two runs at once queue and the second finds the key taken.
 */
#include <stdio.h>
#include <string.h>

#include "store/messages.h"
#include "store/sqlite_internal.h"

static const char mail_get_sql[] =
    "SELECT smtp_url, mail_from, smtp_user, smtp_password, public_url FROM clinic_mail "
    "WHERE clinic_id = ?1";
static const char mail_set_sql[] =
    "INSERT INTO clinic_mail (clinic_id, smtp_url, mail_from, smtp_user, smtp_password,"
    " public_url, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (clinic_id) DO UPDATE SET smtp_url = excluded.smtp_url,"
    " mail_from = excluded.mail_from, smtp_user = excluded.smtp_user,"
    " smtp_password = excluded.smtp_password, public_url = excluded.public_url,"
    " updated_at = excluded.updated_at";
static const char claim_sql[] =
    "INSERT INTO messages (clinic_id, client_id, kind, subject_id, day, status, opt_out_hash,"
    " recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, 'recorded', ?6, ?7) "
    "ON CONFLICT (clinic_id, kind, subject_id, day) DO NOTHING";
static const char reclaim_sql[] =
    "UPDATE messages SET status = 'recorded', opt_out_hash = ?5, recorded_at = ?6, error = NULL "
    "WHERE clinic_id = ?1 AND kind = ?2 AND subject_id = ?3 AND day = ?4 AND status = 'failed' "
    "RETURNING id";
static const char find_sql[] =
    "SELECT id, client_id, status, recorded_at, sent_at, error FROM messages "
    "WHERE clinic_id = ?1 AND kind = ?2 AND subject_id = ?3 AND day = ?4";
static const char finish_sql[] = "UPDATE messages SET status = ?3, error = ?4,"
                                 " sent_at = CASE WHEN ?3 = 'sent' THEN ?5 ELSE sent_at END "
                                 "WHERE clinic_id = ?1 AND id = ?2";
static const char list_sql[] =
    "SELECT id, client_id, kind, subject_id, day, status, recorded_at, sent_at, error "
    "FROM messages WHERE clinic_id = ?1 AND client_id = ?2 ORDER BY id DESC";
static const char token_sql[] = "SELECT clinic_id, client_id FROM messages WHERE opt_out_hash = ?1";
static const char opt_out_get_sql[] =
    "SELECT created_at FROM opt_outs WHERE clinic_id = ?1 AND client_id = ?2";
static const char opt_out_sql[] =
    "INSERT INTO opt_outs (clinic_id, client_id, created_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (clinic_id, client_id) DO NOTHING";
static const char opt_in_sql[] = "DELETE FROM opt_outs WHERE clinic_id = ?1 AND client_id = ?2";

static void copy_text(sqlite3_stmt *stmt, int column, char *out, size_t size)
{
    const char *text = clg_sqlite_column_text(stmt, column);
    snprintf(out, size, "%s", text ? text : "");
}

static void bind_optional(sqlite3_stmt *stmt, int index, const char *text)
{
    clg_sqlite_bind_text(stmt, index, text[0] ? text : NULL);
}

static clg_status mail_get(void *impl, int64_t clinic, clg_mail_settings *mail, clg_error *err)
{
    clg_sqlite *s = impl;
    memset(mail, 0, sizeof *mail);
    sqlite3_stmt *stmt = clg_sqlite_statement(s, mail_get_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_status status = clg_sqlite_step_one(s, stmt, "read mail settings", err);
    if (status == CLG_OK) {
        copy_text(stmt, 0, mail->smtp_url, sizeof mail->smtp_url);
        copy_text(stmt, 1, mail->mail_from, sizeof mail->mail_from);
        copy_text(stmt, 2, mail->smtp_user, sizeof mail->smtp_user);
        copy_text(stmt, 3, mail->smtp_password, sizeof mail->smtp_password);
        copy_text(stmt, 4, mail->public_url, sizeof mail->public_url);
    } else if (status == CLG_ERR_NOT_FOUND) {
        clg_error_set(err, status, "smtp_url", "the clinic's mail is not set up");
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status mail_set(void *impl, int64_t clinic, const clg_mail_settings *mail,
                           clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, mail_set_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_text(stmt, 2, mail->smtp_url);
    clg_sqlite_bind_text(stmt, 3, mail->mail_from);
    bind_optional(stmt, 4, mail->smtp_user);
    bind_optional(stmt, 5, mail->smtp_password);
    bind_optional(stmt, 6, mail->public_url);
    clg_sqlite_bind_now(stmt, 7);
    return clg_sqlite_run(s, stmt, "set mail settings", err);
}

static void bind_key(sqlite3_stmt *stmt, int64_t clinic, clg_message_kind kind, int64_t subject_id,
                     clg_date day)
{
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_text(stmt, 2, clg_message_kind_word(kind));
    sqlite3_bind_int64(stmt, 3, subject_id);
    clg_sqlite_bind_date(stmt, 4, day);
}

static clg_status claim(void *impl, int64_t clinic, const clg_message_row *row, int64_t *id,
                        clg_error *err)
{
    clg_sqlite *s = impl;
    *id = 0;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, claim_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, row->client_id);
    clg_sqlite_bind_text(stmt, 3, clg_message_kind_word(row->kind));
    sqlite3_bind_int64(stmt, 4, row->subject_id);
    clg_sqlite_bind_date(stmt, 5, row->day);
    clg_sqlite_bind_text(stmt, 6, row->opt_out_hash);
    clg_sqlite_bind_now(stmt, 7);
    clg_status status = clg_sqlite_run(s, stmt, "record message", err);
    if (status != CLG_OK)
        return status;
    if (sqlite3_changes(s->db) == 1) {
        *id = sqlite3_last_insert_rowid(s->db);
        return CLG_OK;
    }
    /* The key is taken: a failed message (certainly not sent) is taken back, nothing else. */
    if ((stmt = clg_sqlite_statement(s, reclaim_sql, err)) == NULL)
        return CLG_ERR_IO;
    bind_key(stmt, clinic, row->kind, row->subject_id, row->day);
    clg_sqlite_bind_text(stmt, 5, row->opt_out_hash);
    clg_sqlite_bind_now(stmt, 6);
    status = clg_sqlite_step_one(s, stmt, "record message", err);
    if (status == CLG_OK)
        *id = sqlite3_column_int64(stmt, 0);
    else if (status == CLG_ERR_NOT_FOUND)
        status = CLG_OK;
    sqlite3_reset(stmt);
    return status;
}

static clg_status read_status(clg_sqlite *s, sqlite3_stmt *stmt, int column,
                              clg_message_status *out, clg_error *err)
{
    const char *word = clg_sqlite_column_text(stmt, column);
    for (int i = CLG_MESSAGE_RECORDED; i <= CLG_MESSAGE_FAILED; i++)
        if (word && strcmp(word, clg_message_status_word((clg_message_status)i)) == 0) {
            *out = (clg_message_status)i;
            return CLG_OK;
        }
    return clg_sqlite_bad_column(s, stmt, column, "a message status", err);
}

static clg_status find(void *impl, int64_t clinic, clg_message_kind kind, int64_t subject_id,
                       clg_date day, clg_message_row *row, clg_error *err)
{
    clg_sqlite *s = impl;
    *row = (clg_message_row){.kind = kind, .subject_id = subject_id, .day = day};
    sqlite3_stmt *stmt = clg_sqlite_statement(s, find_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    bind_key(stmt, clinic, kind, subject_id, day);
    clg_status status = clg_sqlite_step_one(s, stmt, "find message", err);
    if (status == CLG_OK) {
        row->id = sqlite3_column_int64(stmt, 0);
        row->client_id = sqlite3_column_int64(stmt, 1);
        status = read_status(s, stmt, 2, &row->status, err);
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status finish(void *impl, int64_t clinic, int64_t id, clg_message_status status_word,
                         const char *error, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, finish_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    clg_sqlite_bind_text(stmt, 3, clg_message_status_word(status_word));
    clg_sqlite_bind_text(stmt, 4, error);
    clg_sqlite_bind_now(stmt, 5);
    return clg_sqlite_run(s, stmt, "mark message", err);
}

static clg_status list(void *impl, int64_t clinic, int64_t client_id, clg_message_visitor visit,
                       void *context, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, list_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, client_id);
    clg_status status = CLG_OK;
    while (clg_sqlite_next(s, stmt, "list messages", &status, err)) {
        const char *kind = clg_sqlite_column_text(stmt, 2);
        clg_message_row row = {
            .id = sqlite3_column_int64(stmt, 0),
            .client_id = sqlite3_column_int64(stmt, 1),
            .kind = kind && strcmp(kind, "recall") == 0 ? CLG_MESSAGE_RECALL : CLG_MESSAGE_REMINDER,
            .subject_id = sqlite3_column_int64(stmt, 3),
            .recorded_at = clg_sqlite_column_text(stmt, 6),
            .sent_at = clg_sqlite_column_text(stmt, 7),
            .error = clg_sqlite_column_text(stmt, 8),
        };
        if ((status = clg_sqlite_column_date(s, stmt, 4, &row.day, err)) != CLG_OK ||
            (status = read_status(s, stmt, 5, &row.status, err)) != CLG_OK)
            break;
        if (visit(context, &row) != 0)
            break;
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status opt_out_token(void *impl, const char *token_hash, int64_t *clinic,
                                int64_t *client_id, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, token_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, token_hash);
    clg_status status = clg_sqlite_step_one(s, stmt, "find opt-out link", err);
    if (status == CLG_OK) {
        *clinic = sqlite3_column_int64(stmt, 0);
        *client_id = sqlite3_column_int64(stmt, 1);
    } else if (status == CLG_ERR_NOT_FOUND) {
        clg_error_set(err, status, "token", "no such opt-out link");
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status opt_out_get(void *impl, int64_t clinic, int64_t client_id, bool *opted_out,
                              char since[32], clg_error *err)
{
    clg_sqlite *s = impl;
    *opted_out = false;
    since[0] = '\0';
    sqlite3_stmt *stmt = clg_sqlite_statement(s, opt_out_get_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, client_id);
    clg_status status = clg_sqlite_step_one(s, stmt, "read opt-out", err);
    if (status == CLG_OK) {
        *opted_out = true;
        copy_text(stmt, 0, since, 32);
    } else if (status == CLG_ERR_NOT_FOUND) {
        status = CLG_OK;
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status opt_out_set(void *impl, int64_t clinic, int64_t client_id, bool opted_out,
                              int *changed, clg_error *err)
{
    clg_sqlite *s = impl;
    *changed = 0;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, opted_out ? opt_out_sql : opt_in_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, client_id);
    if (opted_out)
        clg_sqlite_bind_now(stmt, 3);
    clg_status status = clg_sqlite_run(s, stmt, "set opt-out", err);
    if (status == CLG_OK)
        *changed = sqlite3_changes(s->db);
    return status;
}

const clg_store_message_ops clg_sqlite_message_ops = {
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
