/*
 * base64url without padding (RFC 4648 section 5), the spelling of every
 * part of a JSON Web Token and of a JSON Web Key's numbers (RFC 7515,
 * RFC 7518). Strict: padding, white space, characters of the other
 * alphabet ('+', '/') and non-zero leftover bits are refused, so one value
 * has one spelling. libsodium does the decoding.
 */
#ifndef CLG_BASE_BASE64URL_H
#define CLG_BASE_BASE64URL_H

#include <stddef.h>

#include "collagenda/error.h"

/*
 * Decodes length characters of text into a new malloc'd buffer *out
 * (NUL-terminated for convenience, the NUL not counted in *out_length; the
 * caller frees it). CLG_ERR_INVALID naming field when text is not strict
 * unpadded base64url; CLG_ERR_IO when out of memory. *out is NULL on
 * failure.
 */
clg_status clg_base64url_decode(const char *text, size_t length, unsigned char **out,
                                size_t *out_length, const char *field, clg_error *err);

#endif
