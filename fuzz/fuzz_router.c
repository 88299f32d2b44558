/*
 * Fuzz harness: the router (http/router.c) with the real route table. The
 * input is "METHOD PATH": the method is read as the server reads it, the
 * path matched against every pattern. A match must be a route of that
 * method (HEAD answers through GET), its ids digit runs the router took,
 * its token 64 lowercase hex digits, and the Allow list must name it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    char *space = strchr(text, ' ');
    const char *path = text;
    clg_http_method method = CLG_HTTP_GET;
    if (space) {
        *space = '\0';
        method = clg_http_method_parse(text);
        path = space + 1;
    }
    long long params[CLG_HTTP_MAX_PARAMS] = {-1, -1};
    clg_route_match match = clg_router_match(method, path, params);
    if (match.index >= 0) {
        const clg_route *route = &clg_routes[match.index];
        if (match.index >= clg_route_count || !match.path_matched)
            abort();
        if (route->method != method && !(method == CLG_HTTP_HEAD && route->method == CLG_HTTP_GET))
            abort();
        if (strstr(match.allow, clg_http_method_name(route->method)) == NULL)
            abort();
        if (strstr(route->pattern, "{token}") != NULL &&
            strspn(match.token, "0123456789abcdef") != CLG_HTTP_TOKEN_SIZE - 1)
            abort();
        /* An id is any run of digits that fits in 64 bits (router.c), never negative. */
        for (int i = 0; i < CLG_HTTP_MAX_PARAMS; i++)
            if (params[i] < 0)
                abort();
        if (route->handle == NULL)
            abort();
    } else if (match.path_matched && match.allow[0] == '\0') {
        abort(); /* a 405 must say what is allowed */
    }
    (void)clg_http_method_name(method);
    free(text);
    return 0;
}
