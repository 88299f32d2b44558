/* Filling and printing clg_error; see include/collagenda/error.h. */
#include "collagenda/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "collagenda/text.h"

static void copy_text(char *destination, size_t size, const char *text)
{
    size_t length = strlen(text);
    if (length >= size)
        length = size - 1;
    memcpy(destination, text, length);
    destination[length] = '\0';
    clg_utf8_drop_broken(destination);
}

clg_status clg_error_set(clg_error *err, clg_status status, const char *field, const char *format,
                         ...)
{
    if (err == NULL)
        return status;
    err->status = status;
    copy_text(err->field, sizeof err->field, field ? field : "");
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(err->message, sizeof err->message, format, arguments);
    va_end(arguments);
    /*
     * A value quoted as "%.40s", or a message cut at its buffer's end, may
     * stop mid-character, and an invalid value may not be UTF-8 at all: the
     * text the doors print (and the problem+json they send) stays valid UTF-8.
     */
    clg_utf8_drop_broken(err->message);
    return status;
}

void clg_error_prefix_field(clg_error *err, const char *prefix)
{
    char joined[2 * sizeof err->field + 4];
    if (err->field[0] != '\0')
        snprintf(joined, sizeof joined, "%s: %s", prefix, err->field);
    else
        snprintf(joined, sizeof joined, "%s", prefix);
    copy_text(err->field, sizeof err->field, joined);
}

const char *clg_error_text(const clg_error *err, char *out, size_t size)
{
    if (size == 0)
        return out;
    if (err->field[0] != '\0')
        snprintf(out, size, "%s: %s", err->field, err->message);
    else
        snprintf(out, size, "%s", err->message);
    return clg_utf8_drop_broken(out);
}

void clg_error_clear(clg_error *err)
{
    err->status = CLG_OK;
    err->field[0] = '\0';
    err->message[0] = '\0';
}
