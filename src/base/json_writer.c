/* Streaming JSON writer; see json_writer.h. */
#include "base/json_writer.h"

#include <assert.h>
#include <stdio.h>

#include "collagenda/date.h"

void clg_json_writer_init(clg_json_writer *writer, clg_buffer *out, bool pretty)
{
    writer->out = out;
    writer->pretty = pretty;
    writer->depth = 0;
    writer->has_items[0] = false;
    writer->after_key = false;
}

static void newline(clg_json_writer *writer)
{
    static const char spaces[] = "                                ";
    clg_buffer_append(writer->out, "\n", 1);
    int indent = writer->depth * 2;
    clg_buffer_append(writer->out, spaces, (size_t)(indent < 32 ? indent : 32));
}

/* Called before every value or key: writes the separator it needs. */
static void before_item(clg_json_writer *writer)
{
    if (writer->after_key) {
        writer->after_key = false;
        return;
    }
    if (writer->depth > 0) {
        if (writer->has_items[writer->depth])
            clg_buffer_append(writer->out, ",", 1);
        writer->has_items[writer->depth] = true;
        if (writer->pretty)
            newline(writer);
    }
}

static void open_container(clg_json_writer *writer, char bracket)
{
    before_item(writer);
    clg_buffer_append(writer->out, &bracket, 1);
    writer->depth++;
    assert(writer->depth < CLG_JSON_MAX_DEPTH);
    writer->has_items[writer->depth] = false;
}

static void close_container(clg_json_writer *writer, char bracket)
{
    bool had_items = writer->has_items[writer->depth];
    writer->depth--;
    if (writer->pretty && had_items)
        newline(writer);
    clg_buffer_append(writer->out, &bracket, 1);
}

void clg_json_begin_object(clg_json_writer *writer)
{
    open_container(writer, '{');
}
void clg_json_end_object(clg_json_writer *writer)
{
    close_container(writer, '}');
}
void clg_json_begin_array(clg_json_writer *writer)
{
    open_container(writer, '[');
}
void clg_json_end_array(clg_json_writer *writer)
{
    close_container(writer, ']');
}

void clg_json_key(clg_json_writer *writer, const char *key)
{
    /* Keys are the program's own constants (json_writer.h): no escaping needed. */
    before_item(writer);
    clg_buffer_append(writer->out, "\"", 1);
    clg_buffer_puts(writer->out, key);
    clg_buffer_append(writer->out, writer->pretty ? "\": " : "\":", writer->pretty ? 3 : 2);
    writer->after_key = true;
}

void clg_json_string(clg_json_writer *writer, const char *value)
{
    before_item(writer);
    if (value)
        clg_buffer_json_string(writer->out, value);
    else
        clg_buffer_append(writer->out, "null", 4);
}

void clg_json_int(clg_json_writer *writer, long value)
{
    before_item(writer);
    clg_buffer_int(writer->out, value);
}

void clg_json_double(clg_json_writer *writer, double value)
{
    before_item(writer);
    clg_buffer_printf(writer->out, "%.17g", value);
}

void clg_json_bool(clg_json_writer *writer, bool value)
{
    before_item(writer);
    clg_buffer_puts(writer->out, value ? "true" : "false");
}

void clg_json_null(clg_json_writer *writer)
{
    before_item(writer);
    clg_buffer_append(writer->out, "null", 4);
}

void clg_json_raw(clg_json_writer *writer, const char *json)
{
    before_item(writer);
    clg_buffer_puts(writer->out, json);
}

void clg_json_member_string(clg_json_writer *writer, const char *key, const char *value)
{
    clg_json_key(writer, key);
    clg_json_string(writer, value);
}

void clg_json_member_int(clg_json_writer *writer, const char *key, long value)
{
    clg_json_key(writer, key);
    clg_json_int(writer, value);
}

void clg_json_member_date(clg_json_writer *writer, const char *key, int date)
{
    /* A formatted date never needs escaping: write it quoted as is. */
    char text[CLG_DATE_TEXT_SIZE + 2];
    clg_json_key(writer, key);
    before_item(writer);
    text[0] = '"';
    clg_date_format(date, text + 1);
    text[CLG_DATE_TEXT_SIZE] = '"';
    clg_buffer_append(writer->out, text, CLG_DATE_TEXT_SIZE + 1);
}
