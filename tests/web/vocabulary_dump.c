/*
 * Prints every word the core accepts for an assessment, as one JSON object,
 * so that tests/web/vocabulary.test.mjs can compare the web app's copy in
 * web/js/vocabulary.js with it:
 *
 *   {"laxity": ["none", "mild", ...], "goal": [...], ..., "gais": ["1", ..., "5"]}
 *
 * Keys are the fields' own names (clg_vocabulary.field, as in the API's
 * JSON), values are in the core's order. Every vocabulary up to
 * CLG_VOCAB_COUNT is printed, so one the core gains shows up in the test
 * without anyone remembering to add it here.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "collagenda/assessment.h"
#include "collagenda/records.h"

/*
 * The Global Aesthetic Improvement Scale of a recorded session has no word
 * list in the core, only clg_gais_parse() checking a range, so the accepted
 * grades are found by asking it about every whole number well beyond either
 * end of any 5-point scale.
 */
static json_t *gais_grades(void)
{
    json_t *grades = json_array();
    for (int grade = -2; grade <= 20; grade++) {
        char text[8];
        int parsed;
        clg_error err;
        snprintf(text, sizeof text, "%d", grade);
        if (clg_gais_parse("gais", text, &parsed, &err) == CLG_OK && parsed == grade)
            json_array_append_new(grades, json_string(text));
    }
    return grades;
}

int main(void)
{
    json_t *all = json_object();
    for (int id = 0; id < CLG_VOCAB_COUNT; id++) {
        const clg_vocabulary *vocabulary = clg_vocabulary_get((clg_vocabulary_id)id);
        json_t *names = json_array();
        for (int i = 0; i < vocabulary->count; i++)
            json_array_append_new(names, json_string(vocabulary->names[i]));
        json_object_set_new(all, vocabulary->field, names);
    }
    json_object_set_new(all, "gais", gais_grades());

    char *text = json_dumps(all, JSON_PRESERVE_ORDER | JSON_INDENT(1));
    json_decref(all);
    if (!text || puts(text) == EOF || fflush(stdout) != 0) {
        fputs("vocabulary_dump: cannot write the vocabularies\n", stderr);
        free(text);
        return 1;
    }
    free(text);
    return 0;
}
