/*
 * Text as the records hold it: well-formed UTF-8 made of characters every
 * export format can carry. XML 1.0 (the SVG timeline) and iCalendar cannot
 * hold C0 control characters other than tab, line feed and carriage return,
 * nor U+FFFE and U+FFFF; a lone surrogate or a broken byte sequence is not
 * text at all. Every door refuses such text at input (clg_text_check in
 * records.h), and the XML and iCalendar writers replace it at output, so a
 * row written before the rule (or straight into the database) still exports
 * a well-formed document. Pure functions, no I/O.
 */
#ifndef COLLAGENDA_TEXT_H
#define COLLAGENDA_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The length in bytes (1..4) of the well-formed UTF-8 character at text
 * (length bytes available), its code point in *code; 0 when the bytes there
 * do not start one (a stray continuation byte, a sequence cut short, an
 * overlong form, a surrogate, a value past U+10FFFF).
 */
size_t clg_utf8_char(const char *text, size_t length, uint32_t *code);

/*
 * Whether a code point may stand in a record's text: not a C0 control
 * (tab, LF and CR excepted), not DEL, not a Unicode noncharacter (U+FDD0 to
 * U+FDEF, and the last two code points of every plane, U+FFFE and U+FFFF
 * among them).
 */
bool clg_char_is_text(uint32_t code);

/* U+FFFD, what the writers put in place of a character they cannot carry. */
#define CLG_REPLACEMENT_CHARACTER "\xEF\xBF\xBD"

/*
 * Removes, in place, every byte of text that is not part of a well-formed
 * UTF-8 character, so text cut mid-character (an error message quoting
 * "%.40s" of a value) is valid UTF-8 again. Returns text.
 */
char *clg_utf8_drop_broken(char *text);

#ifdef __cplusplus
}
#endif
#endif
