/* The web app's static files, compiled in from web/ (cmake/embed_web.cmake). */
#ifndef CLG_HTTP_WEB_ASSETS_H
#define CLG_HTTP_WEB_ASSETS_H

#include <stddef.h>

typedef struct clg_web_asset {
    const char *path; /* "/app.js" */
    const char *content_type;
    const unsigned char *bytes;
    size_t length;
} clg_web_asset;

extern const clg_web_asset clg_web_assets[];
extern const int clg_web_asset_count;

#endif
