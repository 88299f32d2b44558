/*
 * A staff user as the store finds it: users belong to exactly one clinic;
 * an e-mail address names one user across the whole database, so login
 * needs no clinic name. Only hashes of secrets are ever held.
 */
#ifndef CLG_MODEL_USER_H
#define CLG_MODEL_USER_H

#include <stdint.h>

typedef struct clg_user_row {
    int64_t id;
    int64_t clinic_id;
    const char *clinic_name;
    const char *email;
    const char *role; /* "admin" or "staff" */
    const char *password_hash;
    char *storage; /* owns the strings; clg_store_row_free() */
} clg_user_row;

#endif
