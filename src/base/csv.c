/* RFC 4180 CSV writing and reading; see csv.h. */
#include "base/csv.h"

#include <stdio.h>
#include <string.h>

static bool needs_quotes(const char *text)
{
    if (text[0] == ' ' || (text[0] != '\0' && text[strlen(text) - 1] == ' '))
        return true;
    return strpbrk(text, ",\"\r\n") != NULL;
}

/*
 * OWASP's rule against formula injection: a spreadsheet reads a cell that
 * begins with = + - @ (or a tab or carriage return before one) as a formula.
 * Such a cell is written with a leading apostrophe, which shows it as text.
 * Text that already begins with apostrophes before one of those characters
 * gets one more, so the reader can take exactly one away and every text
 * comes back as it was written.
 */
static bool is_formula_start(char c)
{
    return c != '\0' && strchr("=+-@\t\r", c) != NULL;
}

static bool needs_guard(const char *text)
{
    while (*text == '\'')
        text++;
    return is_formula_start(*text);
}

bool clg_csv_is_guarded(const char *field)
{
    return field[0] == '\'' && needs_guard(field + 1);
}

void clg_csv_field(clg_buffer *out, const char *text, bool first)
{
    if (!first)
        clg_buffer_append(out, ",", 1);
    if (text == NULL || text[0] == '\0')
        return;
    bool guard = needs_guard(text);
    if (!needs_quotes(text)) {
        if (guard)
            clg_buffer_append(out, "'", 1);
        clg_buffer_puts(out, text);
        return;
    }
    clg_buffer_append(out, guard ? "\"'" : "\"", guard ? 2 : 1);
    for (const char *quote; (quote = strchr(text, '"')) != NULL; text = quote + 1) {
        clg_buffer_append(out, text, (size_t)(quote - text) + 1);
        clg_buffer_append(out, "\"", 1);
    }
    clg_buffer_puts(out, text);
    clg_buffer_append(out, "\"", 1);
}

void clg_csv_int_field(clg_buffer *out, long value, bool first)
{
    char text[24];
    snprintf(text, sizeof text, "%ld", value);
    clg_csv_field(out, text, first);
}

void clg_csv_end_record(clg_buffer *out)
{
    clg_buffer_append(out, "\r\n", 2);
}

void clg_csv_reader_init(clg_csv_reader *reader, const char *data, size_t length)
{
    reader->data = data;
    reader->length = length;
    reader->position = 0;
    reader->line = 1;
    /* A spreadsheet's UTF-8 byte order mark is not part of the first field. */
    if (length >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        reader->position = 3;
}

void clg_csv_record_free(clg_csv_record *record)
{
    clg_buffer_free(&record->text);
    record->count = 0;
}

static int peek(const clg_csv_reader *reader)
{
    return reader->position < reader->length ? (unsigned char)reader->data[reader->position] : -1;
}

/* Consumes a line end (CRLF, LF or a lone CR) if one is next; true when it did. */
static bool take_line_end(clg_csv_reader *reader)
{
    int c = peek(reader);
    if (c == '\r') {
        reader->position++;
        if (peek(reader) == '\n')
            reader->position++;
    } else if (c == '\n') {
        reader->position++;
    } else {
        return false;
    }
    reader->line++;
    return true;
}

static clg_status malformed(clg_error *err, long line, const char *why)
{
    char field[32];
    snprintf(field, sizeof field, "line %ld", line);
    return clg_error_set(err, CLG_ERR_INVALID, field, "malformed CSV: %s", why);
}

clg_status clg_csv_next(clg_csv_reader *reader, clg_csv_record *record, clg_error *err)
{
    clg_buffer_reset(&record->text);
    record->count = 0;
    while (take_line_end(reader))
        ; /* blank lines hold no record */
    if (peek(reader) < 0)
        return CLG_OK;
    record->line = reader->line;
    size_t offsets[CLG_CSV_MAX_FIELDS];
    for (;;) {
        if (record->count == CLG_CSV_MAX_FIELDS)
            return malformed(err, record->line, "too many fields");
        offsets[record->count++] = record->text.length;
        int c = peek(reader);
        if (c == '"') {
            reader->position++;
            for (;;) {
                c = peek(reader);
                if (c < 0)
                    return malformed(err, record->line, "a quoted field is never closed");
                if (c == '"') {
                    reader->position++;
                    if (peek(reader) != '"')
                        break;
                    reader->position++;
                    clg_buffer_append(&record->text, "\"", 1);
                    continue;
                }
                if (c == 0)
                    return malformed(err, reader->line, "NUL byte in a field");
                if (c == '\n' || (c == '\r' && !(reader->position + 1 < reader->length &&
                                                 reader->data[reader->position + 1] == '\n')))
                    reader->line++;
                char byte = (char)c;
                clg_buffer_append(&record->text, &byte, 1);
                reader->position++;
            }
            c = peek(reader);
            if (c != ',' && c != '\r' && c != '\n' && c >= 0)
                return malformed(err, reader->line, "text after the closing quote of a field");
        } else {
            while ((c = peek(reader)) >= 0 && c != ',' && c != '\r' && c != '\n') {
                if (c == '"')
                    return malformed(err, reader->line,
                                     "a quote inside an unquoted field (quote the whole field "
                                     "and double the quote)");
                if (c == 0)
                    return malformed(err, reader->line, "NUL byte in a field");
                char byte = (char)c;
                clg_buffer_append(&record->text, &byte, 1);
                reader->position++;
            }
        }
        /* A cell the writer guarded against formulas loses its one apostrophe. */
        clg_buffer_append(&record->text, "", 1); /* the field's NUL */
        char *field = record->text.data + offsets[record->count - 1];
        if (clg_csv_is_guarded(field)) {
            memmove(field, field + 1, strlen(field)); /* the NUL moves too */
            record->text.length--;
        }
        if (peek(reader) == ',') {
            reader->position++;
            continue;
        }
        take_line_end(reader);
        break;
    }
    for (int i = 0; i < record->count; i++)
        record->fields[i] = record->text.data + offsets[i];
    return CLG_OK;
}
