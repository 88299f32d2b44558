/*
 * The course's life after its start (docs/records.md#course-life): the
 * clinic completes a course, or discontinues it (the client stopped,
 * moved away...), and may reopen either. A closed course has nothing
 * next, so it leaves `due`; its bookings from today on are cancelled. A
 * reopened one takes up where its sessions left it: its status (active or
 * maintenance) and next due date are worked out again from them. Each is
 * one transaction, audited with the status and next item before and
 * after, and the reason.
 */
#ifndef CLG_SERVICE_COURSE_LIFE_H
#define CLG_SERVICE_COURSE_LIFE_H

#include <stdint.h>

#include "service/records.h"

typedef enum clg_course_life_action {
    CLG_COURSE_LIFE_COMPLETE,    /* reason optional */
    CLG_COURSE_LIFE_DISCONTINUE, /* reason required */
    CLG_COURSE_LIFE_REOPEN,      /* reason required */
    CLG_COURSE_LIFE_ACTION_COUNT
} clg_course_life_action;

/* "complete", "discontinue", "reopen": the command's word and the route's last segment. */
const char *clg_course_life_action_name(clg_course_life_action action);

typedef struct clg_course_life_result {
    clg_course_status before;     /* the status the course had */
    clg_course_progress progress; /* the course after: its status and next item */
    int cancelled_count;          /* bookings cancelled because the course closed */
    int64_t cancelled[CLG_MAX_SESSIONS];
} clg_course_life_result;

/*
 * Completes, discontinues or reopens course id. CLG_ERR_NOT_FOUND for a
 * course the clinic does not have; CLG_ERR_INVALID naming "reason" for a
 * missing (blank) or unclean reason where one is needed, or naming
 * "course" for a change the course's status does not allow: completing or
 * discontinuing a course already closed, reopening one that is open.
 * Nothing is written then.
 */
clg_status clg_records_course_life(const clg_records *records, int64_t id,
                                   clg_course_life_action action, const char *reason,
                                   clg_course_life_result *result, clg_error *err);

#endif
