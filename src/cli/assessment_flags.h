/*
 * The assessment flags, shared by `plan` and `course start` so that both
 * take the same names, the same words and fail with the same messages.
 */
#ifndef CLG_CLI_ASSESSMENT_FLAGS_H
#define CLG_CLI_ASSESSMENT_FLAGS_H

#include "cli/cli.h"

/* The entries to put in a command's clg_cli_flag table. */
#define CLG_CLI_ASSESSMENT_FLAGS                                                                   \
    {.name = "laxity", .takes_value = true}, {.name = "goal", .takes_value = true},                \
        {.name = "areas", .takes_value = true}, {.name = "risks", .takes_value = true},            \
        {.name = "concerns", .takes_value = true}, {.name = "modality", .takes_value = true},      \
        {.name = "screening", .takes_value = true}, {.name = "skin-type", .takes_value = true},    \
        {.name = "start", .takes_value = true},                                                    \
    {                                                                                              \
        .name = "open-days", .takes_value = true                                                   \
    }

/* A flag's name on the command line and the field (the API's name) it sets. */
typedef struct clg_cli_assessment_flag {
    const char *flag;
    const char *field;
} clg_cli_assessment_flag;

/* Every field with its flag; the first clg_cli_assessment_flag_count are the assessment's. */
extern const clg_cli_assessment_flag clg_cli_assessment_flags[];
extern const int clg_cli_assessment_flag_count;

/*
 * Fills request (initialised here) from the assessment flags given in
 * flags. A bad value is reported naming the flag as typed; --laxity is
 * required. Returns CLG_EXIT_OK or the exit status already reported.
 */
int clg_cli_assessment_from_flags(clg_cli_flag *flags, clg_plan_request *request);

/*
 * Renames err's field from the API's spelling ("skin_type") to the flag a
 * person types ("--skin-type"); other fields (an entity such as "course",
 * a prefixed path) are left as they are, and so are refusals, which name
 * the rule that refused. clg_cli_fail calls it, so every error of every
 * command is spelled the CLI's way in one place.
 */
void clg_cli_error_to_flag(clg_error *err);

/* The first assessment flag given in flags, or NULL. */
const char *clg_cli_assessment_flag_given(clg_cli_flag *flags);

#endif
