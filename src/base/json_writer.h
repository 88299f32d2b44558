/*
 * A streaming JSON writer over clg_buffer: commas and (optionally) indentation
 * are handled here so that renderers read like the document they produce.
 * Nesting deeper than CLG_JSON_MAX_DEPTH is a programming error (asserted).
 */
#ifndef CLG_BASE_JSON_WRITER_H
#define CLG_BASE_JSON_WRITER_H

#include <stdbool.h>

#include "base/buffer.h"

#define CLG_JSON_MAX_DEPTH 16

typedef struct clg_json_writer {
    clg_buffer *out;
    bool pretty;
    int depth;
    bool has_items[CLG_JSON_MAX_DEPTH];
    bool after_key;
} clg_json_writer;

void clg_json_writer_init(clg_json_writer *writer, clg_buffer *out, bool pretty);
void clg_json_begin_object(clg_json_writer *writer);
void clg_json_end_object(clg_json_writer *writer);
void clg_json_begin_array(clg_json_writer *writer);
void clg_json_end_array(clg_json_writer *writer);
/* key must be a program constant of plain ASCII: it is written without escaping. */
void clg_json_key(clg_json_writer *writer, const char *key);
void clg_json_string(clg_json_writer *writer, const char *value); /* NULL writes null */
void clg_json_int(clg_json_writer *writer, long value);
void clg_json_double(clg_json_writer *writer, double value);
void clg_json_bool(clg_json_writer *writer, bool value);
void clg_json_null(clg_json_writer *writer);
/* Writes already-encoded JSON text as one value. */
void clg_json_raw(clg_json_writer *writer, const char *json);

/* Shorthands for "key": value members. */
void clg_json_member_string(clg_json_writer *writer, const char *key, const char *value);
void clg_json_member_int(clg_json_writer *writer, const char *key, long value);
void clg_json_member_date(clg_json_writer *writer, const char *key, int date);

#endif
