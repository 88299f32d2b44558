/* Growable byte buffer; see buffer.h. */
#include "base/buffer.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collagenda/text.h"

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

/*
 * Length of the leading run of text that needs no JSON escaping. Eight bytes
 * at a time (the SWAR tricks from "Bit Twiddling Hacks"): a byte needs
 * escaping when it is below 0x20, a quote or a backslash. Almost every string
 * a plan holds is one clean run, so this is the whole cost of escaping it.
 */
static size_t clean_run(const char *text, size_t length)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    size_t i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t word;
        memcpy(&word, text + i, 8);
        uint64_t quote = word ^ (ones * '"'), backslash = word ^ (ones * '\\');
        uint64_t control = (word - ones * 0x20) & ~word;
        uint64_t found =
            (control | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)) & highs;
        if (found)
            break;
    }
    for (; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 || c == '"' || c == '\\')
            break;
    }
    return i;
}

void clg_buffer_json_string(clg_buffer *buffer, const char *text)
{
    static const char hex[] = "0123456789abcdef";
    size_t length = strlen(text);
    /* Worst case every byte becomes \u00XX; reserving once keeps the loop simple. */
    if (buffer->capacity - buffer->length <= length * 6 + 2)
        clg_buffer_grow(buffer, length * 6 + 3);
    char *out = buffer->data + buffer->length;
    *out++ = '"';
    size_t i = 0;
    while (i < length) {
        size_t run = clean_run(text + i, length - i);
        memcpy(out, text + i, run);
        out += run;
        i += run;
        if (i == length)
            break;
        unsigned char c = (unsigned char)text[i++];
        *out++ = '\\';
        switch (c) {
        case '"':
            *out++ = '"';
            break;
        case '\\':
            *out++ = '\\';
            break;
        case '\n':
            *out++ = 'n';
            break;
        case '\r':
            *out++ = 'r';
            break;
        case '\t':
            *out++ = 't';
            break;
        default:
            *out++ = 'u';
            *out++ = '0';
            *out++ = '0';
            *out++ = hex[c >> 4];
            *out++ = hex[c & 15];
            break;
        }
    }
    *out++ = '"';
    *out = '\0';
    buffer->length = (size_t)(out - buffer->data);
}

void clg_buffer_put_carriable(clg_buffer *buffer, const char *text)
{
    size_t length = strlen(text);
    for (size_t i = 0; i < length;) {
        uint32_t code;
        size_t size = clg_utf8_char(text + i, length - i, &code);
        if (size > 0 && clg_char_is_text(code)) {
            clg_buffer_append(buffer, text + i, size);
            i += size;
        } else {
            clg_buffer_puts(buffer, CLG_REPLACEMENT_CHARACTER);
            i += size > 0 ? size : 1;
        }
    }
}

/* Markup text: see buffer.h. */
void clg_buffer_put_markup(clg_buffer *out, const char *raw)
{
    clg_buffer carriable = CLG_BUFFER_INIT;
    clg_buffer_put_carriable(&carriable, raw);
    const char *text = carriable.data ? carriable.data : "";
    for (const char *run = text; *text; run = text) {
        while (*text && !strchr("&<>\"'", *text))
            text++;
        clg_buffer_append(out, run, (size_t)(text - run));
        switch (*text) {
        case '&':
            clg_buffer_puts(out, "&amp;");
            break;
        case '<':
            clg_buffer_puts(out, "&lt;");
            break;
        case '>':
            clg_buffer_puts(out, "&gt;");
            break;
        case '"':
            clg_buffer_puts(out, "&quot;");
            break;
        case '\'':
            clg_buffer_puts(out, "&apos;");
            break;
        default:
            clg_buffer_free(&carriable);
            return;
        }
        text++;
    }
    clg_buffer_free(&carriable);
}
