/* Matching request paths against the route table; see router.h. */
#include "http/router.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static const char *const method_names[] = {"GET",    "HEAD",  "POST",    "PUT",
                                           "DELETE", "PATCH", "OPTIONS", "OTHER"};

const char *clg_http_method_name(clg_http_method method)
{
    return method_names[method];
}

clg_http_method clg_http_method_parse(const char *text)
{
    for (int i = 0; i < CLG_HTTP_OTHER; i++)
        if (strcmp(text, method_names[i]) == 0)
            return (clg_http_method)i;
    return CLG_HTTP_OTHER;
}

#define TOKEN_PATTERN "{token}"

/* Takes the 64 lowercase hex digits of a {token} segment; returns NULL when path has none. */
static const char *take_token(const char *path, char token[CLG_HTTP_TOKEN_SIZE])
{
    int length = 0;
    while (length < CLG_HTTP_TOKEN_SIZE - 1 && ((path[length] >= '0' && path[length] <= '9') ||
                                                (path[length] >= 'a' && path[length] <= 'f')))
        length++;
    if (length != CLG_HTTP_TOKEN_SIZE - 1)
        return NULL;
    memcpy(token, path, (size_t)length);
    token[length] = '\0';
    return path + length;
}

/*
 * Matches path against pattern. "{token}" takes a secret (see router.h);
 * any other "{...}" takes a run of digits that fits in 64 bits (ids are
 * positive 64-bit integers; a longer run matches nothing); anything else
 * must be equal.
 */
static bool path_matches(const char *pattern, const char *path,
                         long long params[CLG_HTTP_MAX_PARAMS], char token[CLG_HTTP_TOKEN_SIZE])
{
    int param = 0;
    while (*pattern) {
        if (strncmp(pattern, TOKEN_PATTERN, strlen(TOKEN_PATTERN)) == 0) {
            pattern += strlen(TOKEN_PATTERN);
            if ((path = take_token(path, token)) == NULL)
                return false;
            continue;
        }
        if (*pattern == '{') {
            pattern = strchr(pattern, '}') + 1;
            long long value = 0;
            int digits = 0;
            bool fits = true;
            for (; *path >= '0' && *path <= '9'; path++, digits++) {
                int digit = *path - '0';
                if (value > (LLONG_MAX - digit) / 10)
                    fits = false; /* counted, never added: no overflow */
                else
                    value = value * 10 + digit;
            }
            /* An id past 64 bits names no record: the route is not matched (404). */
            if (digits == 0 || !fits || param == CLG_HTTP_MAX_PARAMS)
                return false;
            params[param++] = value;
            continue;
        }
        if (*pattern++ != *path++)
            return false;
    }
    return *path == '\0';
}

clg_route_match clg_router_match(clg_http_method method, const char *path,
                                 long long params[CLG_HTTP_MAX_PARAMS])
{
    clg_route_match match = {.index = -1, .path_matched = false, .allow = ""};
    size_t used = 0;
    for (int i = 0; i < clg_route_count; i++) {
        long long candidate[CLG_HTTP_MAX_PARAMS] = {0};
        char token[CLG_HTTP_TOKEN_SIZE] = "";
        if (!path_matches(clg_routes[i].pattern, path, candidate, token))
            continue;
        match.path_matched = true;
        int written = snprintf(match.allow + used, sizeof match.allow - used, "%s%s",
                               used ? ", " : "", clg_http_method_name(clg_routes[i].method));
        if (written > 0 && used + (size_t)written < sizeof match.allow)
            used += (size_t)written;
        bool same_method = clg_routes[i].method == method ||
                           (method == CLG_HTTP_HEAD && clg_routes[i].method == CLG_HTTP_GET);
        if (same_method && match.index < 0) {
            match.index = i;
            memcpy(params, candidate, sizeof candidate);
            memcpy(match.token, token, sizeof token);
        }
    }
    return match;
}
