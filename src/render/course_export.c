/* A stored course's export context; see course_export.h. */
#include "render/course_export.h"

#include <stdio.h>
#include <string.h>

void clg_course_export_init(clg_course_export *export, const clg_course_view *view,
                            const char *clinic_name, long long generated_at, clg_date today)
{
    memset(export, 0, sizeof *export);
    snprintf(export->course_id, sizeof export->course_id, "course-%lld",
             (long long)view->course.id);
    clg_export_context_init(&export->context, export->course_id);
    export->context.client_name = view->client.name;
    /* The clinic's own settings when the view carries them (a stored course always does). */
    export->context.clinic_name = view->clinic.name[0] ? view->clinic.name : clinic_name;
    if (view->clinic.address[0])
        export->context.clinic_address = view->clinic.address;
    if (view->clinic.phone[0])
        export->context.clinic_phone = view->clinic.phone;
    export->context.generated_at = generated_at;
    export->context.today = today;
    export->context.status = view->progress.status;

    int initial = view->progress.initial_recorded;
    int count = 0;
    for (int i = 0; i < view->session_count && count < CLG_MAX_SESSIONS; i++) {
        const clg_session_row *row = &view->sessions[i];
        if (row->number < 1 || row->number > initial)
            continue;
        export->sessions[count++] = (clg_export_session){
            .number = row->number,
            .date = row->date,
            .start_minute = -1,
            .modality = row->modality,
            .laxity_halves = row->laxity_halves,
            .done = true,
        };
    }
    /* Booked sessions come next, in date order: the course's bookings all follow its sessions. */
    for (int i = 0; i < view->booking_count && count < CLG_MAX_SESSIONS; i++) {
        const clg_booking_row *booking = &view->bookings[i];
        int number = view->progress.recorded + i + 1;
        if (number > view->plan->sessions.recommended) {
            /* A booked maintenance visit is the course's maintenance visit, on its booked day. */
            if (export->context.maintenance_booked == 0)
                export->context.maintenance_booked = booking->date;
            continue;
        }
        export->sessions[count++] = (clg_export_session){
            .number = number,
            .date = booking->date,
            .start_minute = booking->start_minute,
            .modality = CLG_MODALITY_AUTO,
            .laxity_halves = -1,
            .done = false,
        };
    }
    if (view->time_zone[0] != '\0')
        export->context.time_zone = view->time_zone;
    export->context.sessions = export->sessions;
    export->context.session_count = count;
}
