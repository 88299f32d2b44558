/*
 * CSV (RFC 4180) in both directions: a field writer that quotes only when it
 * must, and a reader that handles quoted fields with commas, doubled quotes
 * and line breaks inside, CRLF or LF line ends, and a UTF-8 byte order
 * mark. The reader reports errors with the line a record starts on, so a
 * clinic can find the bad row in its spreadsheet.
 */
#ifndef CLG_BASE_CSV_H
#define CLG_BASE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "collagenda/error.h"
#include "base/buffer.h"

/*
 * Appends one field (NULL as empty), preceded by a comma unless first. A
 * field a spreadsheet would take for a formula (it begins with = + - @, a
 * tab or a carriage return, after any apostrophes) is written with one more
 * apostrophe in front (OWASP's rule); the reader takes it away again. Every
 * CSV the product writes goes through here, numbers included.
 */
void clg_csv_field(clg_buffer *out, const char *text, bool first);
/* Whether a field as read is one the writer guarded: "'" then what needs a guard. */
bool clg_csv_is_guarded(const char *field);
void clg_csv_int_field(clg_buffer *out, long value, bool first);
/* Ends a record: RFC 4180 says CRLF. */
void clg_csv_end_record(clg_buffer *out);

#define CLG_CSV_MAX_FIELDS 32

typedef struct clg_csv_reader {
    const char *data;
    size_t length;
    size_t position;
    long line; /* the line the reader is on, 1-based */
} clg_csv_reader;

typedef struct clg_csv_record {
    long line; /* the line the record starts on */
    int count; /* 0 at the end of the input */
    const char *fields[CLG_CSV_MAX_FIELDS];
    clg_buffer text; /* the fields' bytes, each NUL-terminated; owned, see _free */
} clg_csv_record;

void clg_csv_reader_init(clg_csv_reader *reader, const char *data, size_t length);

/*
 * Reads the next record into *record (reusing its buffer). Blank lines are
 * skipped. At the end of the input record->count is 0. A malformed record
 * (a quote inside an unquoted field, text after a closing quote, a quote
 * never closed, a NUL byte, too many fields) is CLG_ERR_INVALID with the
 * field "line N". A field written with the formula guard (see
 * clg_csv_field) is read without its one added apostrophe.
 */
clg_status clg_csv_next(clg_csv_reader *reader, clg_csv_record *record, clg_error *err);

void clg_csv_record_free(clg_csv_record *record);

#endif
