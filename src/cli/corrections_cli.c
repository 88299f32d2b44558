/*
 * `session amend | void` and `client edit | merge`: the corrections of
 * docs/records.md#corrections on the command line. The rules are the
 * service's (service/corrections.h); this file reads flags and prints.
 * An empty flag value clears an optional field (`--notes ''`).
 */
#include "cli/corrections_cli.h"

#include <stdio.h>
#include <string.h>

#include "cli/records_cli.h"
#include "model/record_json.h"
#include "render/correction_json.h"
#include "service/corrections.h"

static const char *value(clg_cli_flag *flags, const char *name)
{
    clg_cli_flag *flag = clg_cli_flag_find(flags, name);
    return flag && flag->given ? flag->value : NULL;
}

static bool given(clg_cli_flag *flags, const char *name)
{
    clg_cli_flag *flag = clg_cli_flag_find(flags, name);
    return flag && flag->given;
}

/* Writes one JSON document (and a line end) on stdout. */
static int print_document(const clg_buffer *document)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_buffer_puts(&out, document->data ? document->data : "");
    clg_buffer_puts(&out, "\n");
    int status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return status;
}

/* The answer of an amend or a void: warnings on stderr, the document with --format json. */
static int print_correction(const clg_session_correction *result, bool json)
{
    const clg_session_verdict *verdict = &result->verdict;
    if (verdict->forced)
        fprintf(stderr, "collagenda: session: warning: override recorded: %s\n", verdict->refusal);
    if (verdict->warning[0])
        fprintf(stderr, "collagenda: session: warning: %s\n", verdict->warning);
    if (!json)
        return CLG_EXIT_OK;
    clg_buffer document = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &document, true);
    clg_render_session_correction_json_value(&result->session, verdict->warning, &result->progress,
                                             &w);
    int status = print_document(&document);
    clg_buffer_free(&document);
    return status;
}

/* Reads the fields amend changes; returns CLG_EXIT_OK or the status already reported. */
static int read_amendment(clg_cli_flag *flags, clg_session_amendment *a)
{
    clg_error err;
    const char *text;
    memset(a, 0, sizeof *a);
    if ((text = value(flags, "date")) != NULL) {
        if (clg_date_parse(text, "--date", &a->date, &err) != CLG_OK)
            return clg_cli_fail(&err);
        a->has_date = true;
    }
    if ((text = value(flags, "depth-mm")) != NULL) {
        a->has_depth = true;
        if (text[0] && clg_depth_parse("--depth-mm", text, &a->depth_hundredths, &err) != CLG_OK)
            return clg_cli_fail(&err);
    }
    if ((text = value(flags, "laxity-grade")) != NULL) {
        a->has_laxity_grade = true;
        a->laxity_halves = -1;
        if (text[0] &&
            clg_laxity_grade_parse("--laxity-grade", text, &a->laxity_halves, &err) != CLG_OK)
            return clg_cli_fail(&err);
    }
    if ((text = value(flags, "gais")) != NULL) {
        a->has_gais = true;
        if (text[0] && clg_gais_parse("--gais", text, &a->gais, &err) != CLG_OK)
            return clg_cli_fail(&err);
    }
    if ((text = value(flags, "notes")) != NULL) {
        a->has_notes = true;
        a->notes = text[0] ? text : NULL;
    }
    a->forced = given(flags, "force");
    a->reason = value(flags, "reason");
    return CLG_EXIT_OK;
}

int clg_cli_session_amend(const char *id_text, clg_cli_flag *flags, const clg_cli_globals *globals,
                          bool json)
{
    int64_t id;
    int exit_status = clg_cli_parse_id("session", id_text, &id);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_session_amendment amendment;
    if ((exit_status = read_amendment(flags, &amendment)) != CLG_EXIT_OK)
        return exit_status;
    clg_records records;
    if ((exit_status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return exit_status;
    clg_session_correction result;
    clg_error err;
    if (clg_records_session_amend(&records, id, &amendment, &result, &err) != CLG_OK)
        exit_status = clg_cli_fail_refusal(&err);
    else
        exit_status = print_correction(&result, json);
    clg_records_session_correction_free(&result);
    clg_cli_records_close(&records);
    return exit_status;
}

int clg_cli_session_void(const char *id_text, clg_cli_flag *flags, const clg_cli_globals *globals,
                         bool json)
{
    int64_t id;
    int exit_status = clg_cli_parse_id("session", id_text, &id);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_records records;
    if ((exit_status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return exit_status;
    clg_session_correction result;
    clg_error err;
    if (clg_records_session_void(&records, id, value(flags, "reason"), &result, &err) != CLG_OK)
        exit_status = clg_cli_fail(&err);
    else
        exit_status = print_correction(&result, json);
    clg_records_session_correction_free(&result);
    clg_cli_records_close(&records);
    return exit_status;
}

int clg_cli_fail_duplicate(clg_error *err, int64_t existing)
{
    if (existing != 0) {
        size_t used = strlen(err->message);
        snprintf(err->message + used, sizeof err->message - used,
                 "; use --allow-duplicate to keep it anyway");
    }
    return clg_cli_fail(err);
}

/*
 * Reads the fields edit changes (a birth date not after today, the
 * clinic's); returns CLG_EXIT_OK or the status already reported.
 */
static int read_edit(clg_cli_flag *flags, clg_date today, clg_client_edit *edit)
{
    clg_error err;
    const char *text;
    memset(edit, 0, sizeof *edit);
    if ((text = value(flags, "name")) != NULL) {
        edit->fields |= CLG_CLIENT_FIELD_NAME;
        edit->values.name = text;
    }
    if ((text = value(flags, "email")) != NULL) {
        edit->fields |= CLG_CLIENT_FIELD_EMAIL;
        edit->values.email = text;
    }
    if ((text = value(flags, "phone")) != NULL) {
        edit->fields |= CLG_CLIENT_FIELD_PHONE;
        edit->values.phone = text;
    }
    if ((text = value(flags, "birth-date")) != NULL) {
        edit->fields |= CLG_CLIENT_FIELD_BIRTH_DATE;
        if (text[0] && clg_birth_date_parse("--birth-date", text, today, &edit->values.birth_date,
                                            &err) != CLG_OK)
            return clg_cli_fail(&err);
        edit->values.has_birth_date = text[0] != '\0';
    }
    if ((text = value(flags, "skin-type")) != NULL) {
        edit->fields |= CLG_CLIENT_FIELD_SKIN_TYPE;
        if (text[0] &&
            clg_skin_type_parse("--skin-type", text, &edit->values.skin_type, &err) != CLG_OK)
            return clg_cli_fail(&err);
    }
    edit->allow_duplicate = given(flags, "allow-duplicate");
    return CLG_EXIT_OK;
}

int clg_cli_client_edit(const char *id_text, clg_cli_flag *flags, const clg_cli_globals *globals,
                        bool json)
{
    int64_t id;
    int exit_status = clg_cli_parse_id("client", id_text, &id);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_records records;
    if ((exit_status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return exit_status;
    clg_client_edit edit;
    if ((exit_status = read_edit(flags, records.today, &edit)) != CLG_EXIT_OK) {
        clg_cli_records_close(&records);
        return exit_status;
    }
    clg_client_edit_result result;
    clg_error err;
    if (clg_records_client_edit(&records, id, &edit, &result, &err) != CLG_OK) {
        exit_status = clg_cli_fail_duplicate(&err, result.existing);
    } else if (json) {
        clg_buffer document = CLG_BUFFER_INIT;
        clg_json_writer w;
        clg_json_writer_init(&w, &document, true);
        clg_client_json_value(&result.client, &w);
        exit_status = print_document(&document);
        clg_buffer_free(&document);
    }
    clg_store_row_free(result.client.storage);
    clg_cli_records_close(&records);
    return exit_status;
}

int clg_cli_client_merge(const char *keep_text, const char *other_text, clg_cli_flag *flags,
                         const clg_cli_globals *globals, bool json)
{
    int64_t keep, other;
    int exit_status = clg_cli_parse_id("KEEP", keep_text, &keep);
    if (exit_status == CLG_EXIT_OK)
        exit_status = clg_cli_parse_id("OTHER", other_text, &other);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_records records;
    if ((exit_status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return exit_status;
    clg_client_merge_result result;
    clg_error err;
    if (clg_records_client_merge(&records, keep, other, value(flags, "reason"), &result, &err) !=
        CLG_OK) {
        exit_status = clg_cli_fail(&err);
    } else if (json) {
        clg_buffer document = CLG_BUFFER_INIT;
        clg_json_writer w;
        clg_json_writer_init(&w, &document, true);
        clg_render_client_merge_json_value(keep, other, result.courses, result.sessions,
                                           result.bookings, result.feed_revoked, &w);
        exit_status = print_document(&document);
        clg_buffer_free(&document);
    }
    clg_cli_records_close(&records);
    return exit_status;
}
