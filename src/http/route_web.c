/*
 * The embedded web app: the staff app at "/", the public calculator at
 * "/calculator", and their static files. Every answer of the server carries
 * one strict Content-Security-Policy (CLG_HTTP_POLICY, added in server.c:
 * no inline scripts or styles, nothing from other origins, no framing);
 * only the /calculator route swaps it for the framable variant, so the
 * same page reached as /static/calculator.html may not be framed either.
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
    if (frameable)
        clg_http_add_header(exchange, "Content-Security-Policy", CLG_HTTP_FRAMABLE_POLICY);
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

void clg_route_web_page(clg_http_exchange *exchange, const char *asset)
{
    serve_asset(exchange, asset, false);
}

bool clg_route_web_static(clg_http_exchange *exchange)
{
    if (strncmp(exchange->path, "/static/", 8) != 0 || find_asset(exchange->path + 7) == NULL)
        return false;
    /* Scripts and styles load in the calculator's frame whatever their own policy says. */
    serve_asset(exchange, exchange->path + 7, false);
    return true;
}
