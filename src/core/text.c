/* UTF-8 and the characters a record's text may hold; see include/collagenda/text.h. */
#include "collagenda/text.h"

#include <string.h>

size_t clg_utf8_char(const char *text, size_t length, uint32_t *code)
{
    const unsigned char *bytes = (const unsigned char *)text;
    if (length == 0)
        return 0;
    unsigned char c = bytes[0];
    size_t extra;
    uint32_t value;
    if (c < 0x80) {
        *code = c;
        return 1;
    }
    if ((c & 0xE0) == 0xC0)
        extra = 1, value = c & 0x1F;
    else if ((c & 0xF0) == 0xE0)
        extra = 2, value = c & 0x0F;
    else if ((c & 0xF8) == 0xF0)
        extra = 3, value = c & 0x07;
    else
        return 0;
    if (length <= extra)
        return 0;
    for (size_t k = 1; k <= extra; k++) {
        if ((bytes[k] & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (bytes[k] & 0x3F);
    }
    /* Overlong forms, surrogates and values past Unicode are not text. */
    static const uint32_t smallest[4] = {0, 0x80, 0x800, 0x10000};
    if (value < smallest[extra] || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
        return 0;
    *code = value;
    return extra + 1;
}

bool clg_char_is_text(uint32_t code)
{
    if (code < 0x20)
        return code == '\t' || code == '\n' || code == '\r';
    if (code == 0x7F)
        return false;
    if (code >= 0xFDD0 && code <= 0xFDEF)
        return false;
    return (code & 0xFFFE) != 0xFFFE; /* U+FFFE, U+FFFF, U+1FFFE, ... */
}

char *clg_utf8_drop_broken(char *text)
{
    size_t length = strlen(text), kept = 0;
    for (size_t i = 0; i < length;) {
        uint32_t code;
        size_t size = clg_utf8_char(text + i, length - i, &code);
        if (size == 0) {
            i++; /* not part of a character: dropped */
            continue;
        }
        memmove(text + kept, text + i, size);
        kept += size;
        i += size;
    }
    text[kept] = '\0';
    return text;
}
