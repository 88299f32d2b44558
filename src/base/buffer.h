/*
 * A growable byte buffer for renderers (curl's dynbuf, simplified).
 * Running out of memory aborts in one place (buffer_grow), so renderers stay
 * straight-line code. The buffer owns data; buffer_free releases it.
 */
#ifndef CLG_BASE_BUFFER_H
#define CLG_BASE_BUFFER_H

#include <stddef.h>
#include <string.h>

typedef struct clg_buffer {
    char *data;
    size_t length;
    size_t capacity;
} clg_buffer;

#define CLG_BUFFER_INIT                                                                            \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void clg_buffer_grow(clg_buffer *buffer, size_t extra);
void clg_buffer_free(clg_buffer *buffer);
void clg_buffer_reset(clg_buffer *buffer);

static inline void clg_buffer_append(clg_buffer *buffer, const char *bytes, size_t length)
{
    if (buffer->capacity - buffer->length <= length)
        clg_buffer_grow(buffer, length + 1);
    memcpy(buffer->data + buffer->length, bytes, length);
    buffer->length += length;
    buffer->data[buffer->length] = '\0';
}

static inline void clg_buffer_puts(clg_buffer *buffer, const char *text)
{
    clg_buffer_append(buffer, text, strlen(text));
}

void clg_buffer_printf(clg_buffer *buffer, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
void clg_buffer_int(clg_buffer *buffer, long value);

/*
 * Appends text with every character XML 1.0 and iCalendar cannot carry (a
 * byte that is not part of well-formed UTF-8, a C0 control but tab, CR and
 * LF, DEL, a noncharacter such as U+FFFE: see collagenda/text.h) replaced by
 * U+FFFD. The XML and iCalendar writers pass every text through here, so a
 * row stored before the input rule (or written into the database by hand)
 * still exports a well-formed document.
 */
void clg_buffer_put_carriable(clg_buffer *buffer, const char *text);

/*
 * Appends text for XML or HTML: carriable as above, with the five special
 * characters escaped (&amp; &lt; &gt; &quot; &apos;), so it is safe both
 * between tags and inside a quoted attribute (the SVG timeline, the
 * opt-out pages).
 */
void clg_buffer_put_markup(clg_buffer *out, const char *raw);

/* Appends text as a JSON string literal, quotes included (RFC 8259 escaping). */
void clg_buffer_json_string(clg_buffer *buffer, const char *text);

#endif
