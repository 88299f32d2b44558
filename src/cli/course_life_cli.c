/* The course's life on the command line; see course_life_cli.h. */
#include "cli/course_life_cli.h"

#include <string.h>

#include "cli/records_cli.h"
#include "render/course_life.h"

bool clg_cli_course_life_action(const char *word, clg_course_life_action *action)
{
    for (int i = 0; i < CLG_COURSE_LIFE_ACTION_COUNT; i++) {
        if (strcmp(word, clg_course_life_action_name((clg_course_life_action)i)) == 0) {
            *action = (clg_course_life_action)i;
            return true;
        }
    }
    return false;
}

int clg_cli_course_life(clg_course_life_action action, const char *id_text, clg_cli_flag *flags,
                        const clg_cli_globals *globals, const char *format)
{
    int64_t id;
    int exit_status = clg_cli_parse_id("course", id_text, &id);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_cli_flag *reason_flag = clg_cli_flag_find(flags, "reason");
    const char *reason = reason_flag->given ? reason_flag->value : NULL;
    clg_records records;
    if ((exit_status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return exit_status;
    clg_course_life_result result;
    clg_error err;
    if (clg_records_course_life(&records, id, action, reason, &result, &err) != CLG_OK) {
        exit_status = clg_cli_fail(&err);
    } else {
        clg_buffer out = CLG_BUFFER_INIT;
        if (strcmp(format, "json") == 0) {
            clg_json_writer w;
            clg_json_writer_init(&w, &out, true);
            clg_render_course_life_json_value(id, action, &result, &w);
            clg_buffer_puts(&out, "\n");
        } else {
            clg_render_course_life_text(id, action, &result, &out);
        }
        exit_status = clg_cli_write_stdout(&out);
        clg_buffer_free(&out);
    }
    clg_cli_records_close(&records);
    return exit_status;
}
