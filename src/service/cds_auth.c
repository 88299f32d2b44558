/*
 * Authenticating a CDS Hooks request's signed JWT (docs/interop.md#cds-hooks);
 * see cds_clients.h. The order matters: the token's iss and kid only pick
 * a registered key; nothing it says is believed before its signature
 * verifies, and its jti is recorded only then, so that an unsigned token
 * cannot use up a real client's ids.
 */
#include <stdio.h>
#include <string.h>

#include "base/jwt.h"
#include "service/cds_clients.h"

#define FIELD "Authorization"

/* The registered key named kid, borrowed from keys; NULL when there is none. */
static const json_t *key_named(const json_t *keys, const char *kid)
{
    size_t i;
    const json_t *key;
    json_array_foreach(json_object_get(keys, "keys"), i, key)
    {
        const char *name = json_string_value(json_object_get(key, "kid"));
        if (name != NULL && strcmp(name, kid) == 0)
            return key;
    }
    return NULL;
}

static clg_status remember(clg_store *store, const clg_jwt_claims *claims, int64_t now,
                           clg_error *err)
{
    bool fresh = false;
    clg_status status = clg_store_begin(store, true, err);
    if (status != CLG_OK)
        return status;
    status =
        clg_store_cds_token_remember(store, claims->issuer, claims->id,
                                     claims->expires_at + CLG_JWT_LEEWAY_SECONDS, now, &fresh, err);
    status = clg_store_finish(store, status, err);
    if (status == CLG_OK && !fresh)
        status = clg_error_set(err, CLG_ERR_INVALID, FIELD,
                               "the JWT's jti was used before: each JWT is taken once "
                               "(a replay is refused)");
    return status;
}

clg_status clg_cds_authenticate(clg_store *store, const char *token, const char *const *audiences,
                                int64_t now, clg_cds_caller *caller, clg_error *err)
{
    memset(caller, 0, sizeof *caller);
    clg_jwt jwt;
    clg_cds_client_row client = {0};
    json_t *keys = NULL;
    clg_jwt_claims claims;
    clg_status status = clg_jwt_parse(token, &jwt, err);
    if (status != CLG_OK)
        goto out;
    if (jwt.issuer == NULL || jwt.issuer[0] == '\0') {
        status = clg_error_set(err, CLG_ERR_INVALID, FIELD,
                               "the JWT needs iss: the CDS client's registered issuer");
        goto out;
    }
    status = clg_store_cds_client_find(store, jwt.issuer, &client, err);
    if (status == CLG_ERR_NOT_FOUND)
        status = clg_error_set(err, CLG_ERR_INVALID, FIELD,
                               "the JWT's iss is not a registered CDS client (an admin registers "
                               "one with `collagenda cds-client add`)");
    if (status != CLG_OK)
        goto out;
    keys = json_loads(client.keys_json, 0, NULL);
    const json_t *key = keys ? key_named(keys, jwt.kid) : NULL;
    if (key == NULL) {
        status = clg_error_set(err, CLG_ERR_INVALID, FIELD,
                               "the JWT's kid names no key registered for its issuer");
        goto out;
    }
    if ((status = clg_jwt_verify(&jwt, key, err)) != CLG_OK ||
        (status = clg_jwt_check_claims(jwt.claims, audiences, now, &claims, err)) != CLG_OK ||
        (status = remember(store, &claims, now, err)) != CLG_OK)
        goto out;
    caller->clinic_id = client.clinic_id;
    snprintf(caller->clinic_name, sizeof caller->clinic_name, "%s", client.clinic_name);
    snprintf(caller->issuer, sizeof caller->issuer, "%s", client.issuer);
out:
    json_decref(keys);
    clg_store_row_free(client.storage);
    clg_jwt_free(&jwt);
    return status;
}
