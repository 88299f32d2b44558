/* Checking a certificate and its key before serving HTTPS; see tls.h. */
#include "http/tls.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

static gnutls_datum_t datum(const char *text)
{
    return (gnutls_datum_t){.data = (unsigned char *)text, .size = (unsigned)strlen(text)};
}

clg_status clg_tls_check(const char *certificate, const char *key, clg_error *err)
{
    gnutls_datum_t certificate_data = datum(certificate), key_data = datum(key);
    gnutls_x509_crt_t *chain = NULL;
    unsigned chain_length = 0;
    int result = gnutls_x509_crt_list_import2(&chain, &chain_length, &certificate_data,
                                              GNUTLS_X509_FMT_PEM, 0);
    if (result < 0)
        return clg_error_set(err, CLG_ERR_INVALID, "--tls-cert", "is not a PEM certificate: %s",
                             gnutls_strerror(result));
    for (unsigned i = 0; i < chain_length; i++)
        gnutls_x509_crt_deinit(chain[i]);
    gnutls_free(chain);

    gnutls_x509_privkey_t private_key;
    gnutls_x509_privkey_init(&private_key);
    result = gnutls_x509_privkey_import2(private_key, &key_data, GNUTLS_X509_FMT_PEM, NULL,
                                         GNUTLS_PKCS_PLAIN);
    gnutls_x509_privkey_deinit(private_key);
    if (result < 0)
        return clg_error_set(err, CLG_ERR_INVALID, "--tls-key",
                             "is not an unencrypted PEM private key: %s", gnutls_strerror(result));

    gnutls_certificate_credentials_t credentials;
    gnutls_certificate_allocate_credentials(&credentials);
    result = gnutls_certificate_set_x509_key_mem2(credentials, &certificate_data, &key_data,
                                                  GNUTLS_X509_FMT_PEM, NULL, 0);
    gnutls_certificate_free_credentials(credentials);
    if (result < 0)
        return clg_error_set(err, CLG_ERR_INVALID, "--tls-key",
                             "does not go with the certificate of --tls-cert: %s",
                             gnutls_strerror(result));
    return CLG_OK;
}
