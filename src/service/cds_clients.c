/*
 * Registering, listing and removing CDS Hooks clients; see cds_clients.h.
 * Each change is one write transaction with its audit entry.
 */
#include "service/cds_clients.h"

#include <stdlib.h>
#include <string.h>

#include "base/json_writer.h"
#include "base/jwt.h"

enum { MAX_KEYS = 16 };

static clg_status check_issuer(const char *issuer, clg_error *err)
{
    if (issuer == NULL || issuer[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, "issuer",
                             "is required: the iss the client's JWTs carry");
    clg_status status = clg_text_check("issuer", issuer, CLG_CDS_ISSUER_MAX_BYTES, true, err);
    if (status == CLG_OK && strpbrk(issuer, " \t\r\n") != NULL)
        status = clg_error_set(err, CLG_ERR_INVALID, "issuer",
                               "must not contain spaces: it is the JWTs' iss, usually a URL");
    return status;
}

/* The keys of keys_text (one JWK or a JWK Set), checked, as a new {"keys": [...]} of public
 * members. */
static clg_status read_keys(const char *keys_text, json_t **out, int *count, clg_error *err)
{
    json_error_t json_error;
    *out = NULL;
    json_t *document = json_loads(keys_text, JSON_REJECT_DUPLICATES, &json_error);
    if (document == NULL)
        return clg_error_set(err, CLG_ERR_INVALID, "keys", "is not JSON: %s (line %d)",
                             json_error.text, json_error.line);
    clg_status status = CLG_OK;
    json_t *list = json_object_get(document, "keys"), *single = NULL;
    if (list == NULL && json_is_object(document) && json_object_get(document, "kty") != NULL) {
        single = json_array();
        json_array_append(single, document);
        list = single;
    }
    if (!json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > MAX_KEYS)
        status = clg_error_set(err, CLG_ERR_INVALID, "keys",
                               "must be a public JSON Web Key or a JWK Set {\"keys\": [...]} of "
                               "1 to %d keys",
                               MAX_KEYS);
    json_t *keys = json_array();
    size_t i;
    json_t *key;
    json_array_foreach(status == CLG_OK ? list : NULL, i, key)
    {
        char field[32];
        snprintf(field, sizeof field, "keys[%zu]", i);
        if ((status = clg_jwk_check(key, field, err)) != CLG_OK)
            break;
        const char *kid = json_string_value(json_object_get(key, "kid"));
        for (size_t j = 0; j < i; j++)
            if (strcmp(kid, json_string_value(json_object_get(json_array_get(list, j), "kid"))) ==
                0)
                status = clg_error_set(err, CLG_ERR_INVALID, field,
                                       "has the kid '%.100s' of keys[%zu]: each key needs its own",
                                       kid, j);
        if (status != CLG_OK)
            break;
        json_array_append_new(keys, clg_jwk_public(key));
    }
    if (status == CLG_OK) {
        *out = json_pack("{s:o}", "keys", keys);
        *count = (int)json_array_size(keys);
        keys = NULL;
        if (*out == NULL)
            status = clg_error_set(err, CLG_ERR_IO, "keys", "out of memory");
    }
    json_decref(keys);
    json_decref(single);
    json_decref(document);
    return status;
}

/* {"issuer": ..., "kids": [...]}: what the audit log keeps of a registration. */
static char *client_json(const char *issuer, const json_t *keys)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_json_begin_object(&w);
    clg_json_member_string(&w, "issuer", issuer);
    if (keys != NULL) {
        clg_json_key(&w, "kids");
        clg_json_begin_array(&w);
        size_t i;
        const json_t *key;
        json_array_foreach(json_object_get(keys, "keys"), i, key)
        {
            clg_json_string(&w, json_string_value(json_object_get(key, "kid")));
        }
        clg_json_end_array(&w);
    }
    clg_json_end_object(&w);
    return out.data;
}

static clg_status audit_client(const clg_records *r, const char *action, int64_t id,
                               const char *issuer, const json_t *keys, clg_error *err)
{
    char *json = client_json(issuer, keys);
    clg_audit_entry entry = {.who = r->who,
                             .action = action,
                             .entity = "cds_client",
                             .entity_id = id,
                             .before = keys == NULL ? json : NULL,
                             .after = keys != NULL ? json : NULL};
    clg_status status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    free(json);
    return status;
}

clg_status clg_records_cds_client_add(const clg_records *r, const char *issuer,
                                      const char *keys_text, int64_t *id, int *key_count,
                                      clg_error *err)
{
    json_t *keys = NULL;
    char *keys_json = NULL;
    *id = 0;
    *key_count = 0;
    clg_status status = check_issuer(issuer, err);
    if (status == CLG_OK)
        status = read_keys(keys_text ? keys_text : "", &keys, key_count, err);
    if (status == CLG_OK && (keys_json = json_dumps(keys, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
        status = clg_error_set(err, CLG_ERR_IO, "keys", "out of memory");
    if (status == CLG_OK)
        status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        goto out;
    clg_cds_client_row existing;
    clg_error ignored;
    status = clg_store_cds_client_find(r->store, issuer, &existing, &ignored);
    clg_store_row_free(existing.storage);
    if (status == CLG_OK)
        status = clg_error_set(err, CLG_ERR_INVALID, "issuer",
                               "'%.100s' is registered already; remove it first to change its "
                               "keys",
                               issuer);
    else if (status == CLG_ERR_NOT_FOUND)
        status = clg_store_cds_client_insert(r->store, r->clinic, issuer, keys_json, id, err);
    else
        *err = ignored;
    if (status == CLG_OK)
        status = audit_client(r, "cds_client.add", *id, issuer, keys, err);
    status = clg_store_finish(r->store, status, err);
out:
    free(keys_json);
    json_decref(keys);
    return status;
}

clg_status clg_records_cds_client_remove(const clg_records *r, const char *issuer, clg_error *err)
{
    if (issuer == NULL || issuer[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, "issuer", "is required");
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    int64_t id = 0;
    status = clg_store_cds_client_remove(r->store, r->clinic, issuer, &id, err);
    if (status == CLG_OK && id == 0)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "issuer",
                               "no CDS client '%.100s' is registered in this clinic", issuer);
    if (status == CLG_OK)
        status = audit_client(r, "cds_client.remove", id, issuer, NULL, err);
    return clg_store_finish(r->store, status, err);
}

clg_status clg_records_cds_client_list(const clg_records *r, clg_cds_client_visitor visit,
                                       void *context, clg_error *err)
{
    return clg_store_cds_client_list(r->store, r->clinic, visit, context, err);
}
