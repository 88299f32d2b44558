/*
 * The embedded web app: the staff app at "/", the public calculator at
 * "/calculator", and their static files. Every page gets a strict
 * Content-Security-Policy (no inline scripts or styles, nothing from other
 * origins); only the calculator may be framed by another site.
 */
#include <string.h>

#include "http/routes.h"
#include "http/web_assets.h"

static const clg_web_asset *find_asset(const char *path)
{
    for (int i = 0; i < clg_web_asset_count; i++)
        if (strcmp(clg_web_assets[i].path, path) == 0)
            return &clg_web_assets[i];
    return NULL;
}

static void serve_asset(clg_http_exchange *exchange, const char *path, bool frameable)
{
    const clg_web_asset *asset = find_asset(path);
    if (asset == NULL) {
        clg_http_problem(exchange, 404, NULL, "no such resource");
        return;
    }
    clg_http_add_header(exchange, "Content-Security-Policy",
                        frameable ? "default-src 'self'; img-src 'self' data:; "
                                    "frame-ancestors *; base-uri 'none'; form-action 'self'"
                                  : "default-src 'self'; img-src 'self' data:; "
                                    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    clg_http_add_header(exchange, "Referrer-Policy", "no-referrer");
    clg_http_respond_text(exchange, 200, asset->content_type, (const char *)asset->bytes,
                          asset->length);
}

void clg_route_web_app(clg_http_exchange *exchange)
{
    serve_asset(exchange, "/index.html", false);
}

void clg_route_web_calculator(clg_http_exchange *exchange)
{
    serve_asset(exchange, "/calculator.html", true);
}

bool clg_route_web_static(clg_http_exchange *exchange)
{
    if (strncmp(exchange->path, "/static/", 8) != 0 || find_asset(exchange->path + 7) == NULL)
        return false;
    /* Scripts and styles are shared by both pages, so they may be loaded in a frame. */
    serve_asset(exchange, exchange->path + 7, true);
    return true;
}
