/*
 * The CLI's one table of spellings (see assessment_flags.h): every field
 * the floors below name, as the API spells it, beside the flag a person
 * types for it. The assessment flags come first: `plan` and `course start`
 * read exactly those.
 */
#include "cli/assessment_flags.h"

#include <stdio.h>
#include <string.h>

const clg_cli_assessment_flag clg_cli_assessment_flags[] = {
    /* The assessment. */
    {"laxity", "laxity"},
    {"goal", "goal"},
    {"areas", "areas"},
    {"risks", "risks"},
    {"concerns", "concerns"},
    {"modality", "modality"},
    {"screening", "screening"},
    {"skin-type", "skin_type"},
    {"start", "start"},
    {"open-days", "open_days"},
    /* Everything else the records, the store and the server name. */
    {"name", "name"},
    {"email", "email"},
    {"phone", "phone"},
    {"birth-date", "birth_date"},
    {"date", "date"},
    {"time", "time"},
    {"device", "device"},
    {"practitioner", "practitioner"},
    {"notes", "notes"},
    {"depth-mm", "depth_mm"},
    {"laxity-grade", "laxity_grade"},
    {"gais", "gais"},
    {"force", "force"},
    {"allow-duplicate", "allow_duplicate"},
    {"reason", "reason"},
    {"time-zone", "time_zone"},
    {"address", "address"},
    {"hours", "hours"},
    {"chairs", "chairs"},
    {"role", "role"},
    {"label", "label"},
    {"protocol", "protocol"},
    {"clinic", "clinic"},
    {"db", "location"},
    {"listen", "listen"},
    {"on", "on"},
    {"within", "within"},
    {"days", "days"},
    {"since", "since"},
    {"action", "action"},
};

/* The assessment's flags are the table's first ten entries. */
const int clg_cli_assessment_flag_count = 10;
static const int field_count =
    (int)(sizeof clg_cli_assessment_flags / sizeof clg_cli_assessment_flags[0]);

int clg_cli_assessment_from_flags(clg_cli_flag *flags, clg_plan_request *request)
{
    clg_error err;
    bool laxity_given = false;
    clg_plan_request_init(request);
    for (int i = 0; i < clg_cli_assessment_flag_count; i++) {
        clg_cli_flag *flag = clg_cli_flag_find(flags, clg_cli_assessment_flags[i].flag);
        if (flag == NULL || !flag->given)
            continue;
        if (clg_plan_request_set(request, clg_cli_assessment_flags[i].field, flag->value,
                                 &laxity_given, &err) != CLG_OK) {
            /* Name the flag as the user typed it. */
            snprintf(err.field, sizeof err.field, "--%s", clg_cli_assessment_flags[i].flag);
            return clg_cli_fail(&err);
        }
    }
    if (!laxity_given)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--laxity",
                                 "is required; use one of: none, mild, moderate, severe");
    return CLG_EXIT_OK;
}

const char *clg_cli_assessment_flag_given(clg_cli_flag *flags)
{
    for (int i = 0; i < clg_cli_assessment_flag_count; i++) {
        clg_cli_flag *flag = clg_cli_flag_find(flags, clg_cli_assessment_flags[i].flag);
        if (flag && flag->given)
            return clg_cli_assessment_flags[i].flag;
    }
    return NULL;
}

void clg_cli_error_to_flag(clg_error *err)
{
    /* A refusal names the rule that refused ("screening"), not the input that led to it. */
    if (err->status == CLG_ERR_REFUSED || err->status == CLG_ERR_FORBIDDEN)
        return;
    for (int i = 0; i < field_count; i++) {
        if (strcmp(err->field, clg_cli_assessment_flags[i].field) == 0) {
            snprintf(err->field, sizeof err->field, "--%s", clg_cli_assessment_flags[i].flag);
            return;
        }
    }
}
