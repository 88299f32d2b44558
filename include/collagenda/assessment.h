/*
 * The assessment: what a practitioner (or a prospective client on the
 * calculator) tells the planner, and the words each field accepts.
 *
 * Sets (areas, risks, concerns, screening, open days) are bit masks indexed
 * by the enums below, so copying and comparing an assessment costs nothing
 * and canonical output order is the enum order.
 */
#ifndef COLLAGENDA_ASSESSMENT_H
#define COLLAGENDA_ASSESSMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "collagenda/date.h"
#include "collagenda/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum clg_laxity {
    CLG_LAXITY_NONE,
    CLG_LAXITY_MILD,
    CLG_LAXITY_MODERATE,
    CLG_LAXITY_SEVERE,
    CLG_LAXITY_COUNT
} clg_laxity;

typedef enum clg_goal {
    CLG_GOAL_PREVENTION,
    CLG_GOAL_IMPROVEMENT,
    CLG_GOAL_TRANSFORMATION,
    CLG_GOAL_COUNT
} clg_goal;

typedef enum clg_area {
    CLG_AREA_UNDER_EYES,
    CLG_AREA_FACE,
    CLG_AREA_NECK,
    CLG_AREA_CHEST,
    CLG_AREA_ARMS,
    CLG_AREA_ABDOMEN,
    CLG_AREA_COUNT
} clg_area;

typedef enum clg_risk {
    CLG_RISK_DIABETES,
    CLG_RISK_AUTOIMMUNE,
    CLG_RISK_SLOW_HEALING,
    CLG_RISK_ACCELERATED_AGING,
    CLG_RISK_SUN_DAMAGE,
    CLG_RISK_SMOKING,
    CLG_RISK_POOR_AFTERCARE,
    CLG_RISK_COUNT
} clg_risk;

typedef enum clg_concern {
    CLG_CONCERN_DEEP_WRINKLES,
    CLG_CONCERN_ENLARGED_PORES,
    CLG_CONCERN_LOOSE_NECK_SKIN,
    CLG_CONCERN_COUNT
} clg_concern;

typedef enum clg_modality {
    CLG_MODALITY_AUTO,
    CLG_MODALITY_TRADITIONAL,
    CLG_MODALITY_RF,
    CLG_MODALITY_ROLLER,
    CLG_MODALITY_COUNT
} clg_modality;

typedef enum clg_screening_code {
    CLG_SCREEN_ACTIVE_INFECTION,
    CLG_SCREEN_ACTIVE_ACNE,
    CLG_SCREEN_KELOID_TENDENCY,
    CLG_SCREEN_PREGNANCY,
    CLG_SCREEN_PACEMAKER,
    CLG_SCREEN_ISOTRETINOIN,
    CLG_SCREEN_ANTICOAGULANTS,
    CLG_SCREEN_IMMUNOSUPPRESSION,
    CLG_SCREEN_METAL_ALLERGY,
    CLG_SCREEN_HERPES_HISTORY,
    CLG_SCREEN_COUNT
} clg_screening_code;

/* Fitzpatrick type 1..6 (I..VI); 0 means not known. */
enum { CLG_SKIN_TYPE_UNKNOWN = 0, CLG_SKIN_TYPE_MAX = 6 };

/* The vocabularies, one per field; names[] is in enum order. */
typedef enum clg_vocabulary_id {
    CLG_VOCAB_LAXITY,
    CLG_VOCAB_GOAL,
    CLG_VOCAB_AREA,
    CLG_VOCAB_RISK,
    CLG_VOCAB_CONCERN,
    CLG_VOCAB_MODALITY,
    CLG_VOCAB_SCREENING,
    CLG_VOCAB_SKIN_TYPE, /* "I".."VI": index 0 is "I" (skin type 1) */
    CLG_VOCAB_WEEKDAY,   /* "mon".."sun" */
    CLG_VOCAB_COUNT
} clg_vocabulary_id;

typedef struct clg_vocabulary {
    const char *field; /* the field's name in flags and JSON: "laxity", "areas", ... */
    const char *const *names;
    int count;
} clg_vocabulary;

const clg_vocabulary *clg_vocabulary_get(clg_vocabulary_id id);

/* Index of name in the vocabulary, or -1. name need not be NUL-terminated. */
int clg_vocabulary_find(const clg_vocabulary *vocabulary, const char *name, size_t length);

/* "none, mild, moderate, severe" into out; returns out. */
const char *clg_vocabulary_list(const clg_vocabulary *vocabulary, char *out, size_t size);

const char *clg_laxity_name(clg_laxity laxity);
const char *clg_goal_name(clg_goal goal);
const char *clg_area_name(clg_area area);
const char *clg_risk_name(clg_risk risk);
const char *clg_concern_name(clg_concern concern);
const char *clg_modality_name(clg_modality modality);
const char *clg_screening_code_name(clg_screening_code code);
const char *clg_skin_type_name(int skin_type); /* "I".."VI", or NULL when unknown */
const char *clg_weekday_name(int weekday);     /* "mon".."sun" */

typedef struct clg_assessment {
    clg_laxity laxity;
    clg_goal goal;
    uint32_t areas;     /* bit per clg_area */
    uint32_t risks;     /* bit per clg_risk */
    uint32_t concerns;  /* bit per clg_concern */
    uint32_t screening; /* bit per clg_screening_code */
    clg_modality modality;
    int skin_type; /* 0 unknown, 1..6 */
} clg_assessment;

/* What a plan is asked for: the assessment plus an optional dated start. */
typedef struct clg_plan_request {
    clg_assessment assessment;
    bool has_start;
    clg_date start;
    uint8_t open_days; /* bit per weekday (Monday bit 0); 0 means every day is open */
} clg_plan_request;

#define CLG_ALL_WEEKDAYS 0x7Fu

/*
 * Fills request with the docs/protocol.md#rules defaults: goal improvement, areas {face},
 * modality auto, nothing else; laxity is left unset (it is required).
 */
void clg_plan_request_init(clg_plan_request *request);

/*
 * Sets one field from its text form, as the CLI receives it: "laxity" takes
 * one word, set fields take a comma-separated list ("face,neck"), "start" a
 * date, "open_days" weekdays. Unknown fields, unknown words, duplicates and
 * an empty "areas" or "open_days" are CLG_ERR_INVALID naming the field and
 * the allowed values. Marks laxity as given in *laxity_given when not NULL.
 */
clg_status clg_plan_request_set(clg_plan_request *request, const char *field, const char *value,
                                bool *laxity_given, clg_error *err);

/* Parses one word of a single-valued field; returns CLG_ERR_INVALID naming field. */
clg_status clg_vocabulary_parse(clg_vocabulary_id id, const char *field, const char *word,
                                size_t length, int *out, clg_error *err);

/*
 * A set of words as text: its members' names in the vocabulary's order,
 * joined by commas ("face,neck"); "" for the empty set. This is the CLI's
 * form of a set flag and the form the SQLite backend stores.
 */

/*
 * Parses "a,b,c" into a bit mask (bit per word's index in the vocabulary).
 * Unknown words and a word listed twice (a typo such as "face,face" for
 * "face,neck" must not be lost silently) are CLG_ERR_INVALID naming field.
 * An empty text is the empty set, except for areas and weekdays, which must
 * list at least one word: every course treats some area on some day.
 */
clg_status clg_word_set_parse(clg_vocabulary_id id, const char *field, const char *text,
                              uint32_t *set, clg_error *err);

/* Large enough for any set of any vocabulary, commas and NUL included. */
#define CLG_WORD_SET_TEXT_SIZE 256

/* The members of set (bits past the vocabulary are ignored) into out, as above; returns out. */
const char *clg_word_set_format(clg_vocabulary_id id, uint32_t set,
                                char out[CLG_WORD_SET_TEXT_SIZE]);

#ifdef __cplusplus
}
#endif
#endif
