/* A user's role as a word; see user.h. */
#include "model/user.h"

#include <string.h>

static const char *const role_names[CLG_ROLE_COUNT] = {
    [CLG_ROLE_STAFF] = "staff",
    [CLG_ROLE_ADMIN] = "admin",
};

const char *clg_user_role_name(clg_user_role role)
{
    return (unsigned)role < CLG_ROLE_COUNT ? role_names[role] : NULL;
}

bool clg_user_role_parse(const char *word, clg_user_role *role)
{
    for (int i = 0; i < CLG_ROLE_COUNT; i++) {
        if (strcmp(word, role_names[i]) == 0) {
            *role = (clg_user_role)i;
            return true;
        }
    }
    return false;
}

const char *clg_token_state(const clg_token_row *token, int64_t now)
{
    if (token->revoked)
        return "revoked";
    return token->expires_at > 0 && token->expires_at <= now ? "expired" : "live";
}
