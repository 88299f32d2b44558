/* Growable byte buffer; see buffer.h. */
#include "render/buffer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void clg_buffer_grow(clg_buffer *buffer, size_t extra)
{
    size_t capacity = buffer->capacity ? buffer->capacity : 256;
    while (capacity - buffer->length <= extra)
        capacity *= 2;
    char *data = realloc(buffer->data, capacity);
    if (data == NULL) {
        fputs("collagenda: out of memory\n", stderr);
        abort();
    }
    buffer->data = data;
    buffer->capacity = capacity;
}

void clg_buffer_free(clg_buffer *buffer)
{
    free(buffer->data);
    buffer->data = NULL;
    buffer->length = buffer->capacity = 0;
}

void clg_buffer_reset(clg_buffer *buffer)
{
    buffer->length = 0;
    if (buffer->data)
        buffer->data[0] = '\0';
}

void clg_buffer_printf(clg_buffer *buffer, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    int needed = vsnprintf(NULL, 0, format, arguments);
    va_end(arguments);
    if (needed < 0)
        return;
    if (buffer->capacity - buffer->length <= (size_t)needed)
        clg_buffer_grow(buffer, (size_t)needed + 1);
    va_start(arguments, format);
    vsnprintf(buffer->data + buffer->length, (size_t)needed + 1, format, arguments);
    va_end(arguments);
    buffer->length += (size_t)needed;
}

void clg_buffer_int(clg_buffer *buffer, long value)
{
    char digits[24];
    int position = sizeof digits;
    unsigned long magnitude = value < 0 ? 0UL - (unsigned long)value : (unsigned long)value;
    do {
        digits[--position] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (value < 0)
        digits[--position] = '-';
    clg_buffer_append(buffer, digits + position, sizeof digits - (size_t)position);
}

void clg_buffer_json_string(clg_buffer *buffer, const char *text)
{
    static const char hex[] = "0123456789abcdef";
    clg_buffer_append(buffer, "\"", 1);
    const char *run = text;
    for (const char *p = text;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        clg_buffer_append(buffer, run, (size_t)(p - run));
        if (c == '\0')
            break;
        char escape[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        switch (c) {
        case '"': clg_buffer_append(buffer, "\\\"", 2); break;
        case '\\': clg_buffer_append(buffer, "\\\\", 2); break;
        case '\n': clg_buffer_append(buffer, "\\n", 2); break;
        case '\r': clg_buffer_append(buffer, "\\r", 2); break;
        case '\t': clg_buffer_append(buffer, "\\t", 2); break;
        default: clg_buffer_append(buffer, escape, 6); break;
        }
        run = p + 1;
    }
    clg_buffer_append(buffer, "\"", 1);
}
