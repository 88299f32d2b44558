/*
 * HTTPS for `collagenda serve --tls-cert FILE --tls-key FILE`: libmicrohttpd
 * speaks TLS through GnuTLS; this checks the PEM texts first, so that a
 * wrong file is an error naming its flag rather than a server that cannot
 * start for a reason nobody is told.
 */
#ifndef CLG_HTTP_TLS_H
#define CLG_HTTP_TLS_H

#include "collagenda/collagenda.h"

/*
 * CLG_OK when certificate is a PEM certificate (chain), key a PEM private
 * key, and the key is the certificate's. Else CLG_ERR_INVALID with the
 * field "--tls-cert" or "--tls-key" (the key's, when they do not match).
 */
clg_status clg_tls_check(const char *certificate, const char *key, clg_error *err);

#endif
