/* Checks on a request's head; see request_limits.h. */
#include "http/request_limits.h"

#include <microhttpd.h>
#include <strings.h>

typedef struct framing_count {
    int content_lengths;
    int transfer_encodings;
} framing_count;

static enum MHD_Result count_framing(void *context, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    (void)value;
    framing_count *count = context;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
        count->content_lengths++;
    else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
        count->transfer_encodings++;
    return MHD_YES;
}

bool clg_http_framing_ambiguous(struct MHD_Connection *connection)
{
    framing_count count = {0};
    MHD_get_connection_values(connection, MHD_HEADER_KIND, count_framing, &count);
    return count.content_lengths > 1 ||
           (count.content_lengths == 1 && count.transfer_encodings > 0);
}
