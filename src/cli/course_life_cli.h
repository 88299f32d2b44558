/*
 * `collagenda course complete ID [--reason TEXT]`, `course discontinue ID
 * --reason TEXT` and `course reopen ID --reason TEXT` (service/course_life.h),
 * dispatched from cmd_course.c.
 */
#ifndef CLG_CLI_COURSE_LIFE_CLI_H
#define CLG_CLI_COURSE_LIFE_CLI_H

#include <stdbool.h>

#include "cli/cli.h"
#include "service/course_life.h"

/* The action a `course` word names ("complete" ...) into *action; false for any other word. */
bool clg_cli_course_life_action(const char *word, clg_course_life_action *action);

/*
 * Runs the action on the course id_text names, with --reason from flags;
 * format is "text" or "json". Returns the exit status.
 */
int clg_cli_course_life(clg_course_life_action action, const char *id_text, clg_cli_flag *flags,
                        const clg_cli_globals *globals, const char *format);

#endif
