/* Strict unpadded base64url; see base64url.h. */
#include "base/base64url.h"

#include <sodium.h>
#include <stdlib.h>

clg_status clg_base64url_decode(const char *text, size_t length, unsigned char **out,
                                size_t *out_length, const char *field, clg_error *err)
{
    *out = NULL;
    *out_length = 0;
    /* Four characters carry three bytes; a lone last character carries none (never valid). */
    if (length % 4 == 1)
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "is not base64url: %zu characters cannot be a whole number of bytes",
                             length);
    size_t capacity = length / 4 * 3 + 2;
    unsigned char *buffer = malloc(capacity + 1);
    if (buffer == NULL)
        return clg_error_set(err, CLG_ERR_IO, field, "out of memory");
    size_t decoded = 0;
    /*
     * With no ignore list and no end pointer libsodium takes the whole text
     * or nothing: any other character, padding, or leftover bits that are
     * not zero make it fail.
     */
    if (length > 0 && sodium_base642bin(buffer, capacity, text, length, NULL, &decoded, NULL,
                                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
        free(buffer);
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "is not base64url (A-Z, a-z, 0-9, '-' and '_', without padding)");
    }
    buffer[decoded] = '\0';
    *out = buffer;
    *out_length = decoded;
    return CLG_OK;
}
