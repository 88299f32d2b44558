/*
 * The client portal's workflows; see portal.h. The link's life (create,
 * revoke, find) follows the calendar feed's (feeds.c); the bookings go
 * through the one booking service (bookings.c) with by_client set, so
 * nothing here decides whether a visit is safe: it only finds, from the
 * link's client, what the client may act on, and which free times to offer.
 */
#include "service/portal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/local_time.h"
#include "service/client_links.h"
#include "service/records_internal.h"
#include "service/diary.h"

const char *clg_portal_path(const char *token, char out[CLG_PORTAL_PATH_SIZE])
{
    snprintf(out, CLG_PORTAL_PATH_SIZE, "/portal/%s", token);
    return out;
}

const char *clg_portal_who(int64_t client_id, char out[CLG_PORTAL_WHO_SIZE])
{
    snprintf(out, CLG_PORTAL_WHO_SIZE, "client:%lld via portal", (long long)client_id);
    return out;
}

static const clg_client_link_kind portal_links = {
    .noun = "portal",
    .words = "portal link",
    .insert = clg_store_portal_insert,
    .revoke = clg_store_portal_revoke,
};

clg_status clg_records_portal_create(const clg_records *r, int64_t client_id,
                                     char token[CLG_SECRET_TEXT_SIZE], clg_error *err)
{
    return clg_client_link_create(r, &portal_links, client_id, token, err);
}

clg_status clg_records_portal_revoke(const clg_records *r, int64_t client_id, clg_error *err)
{
    return clg_client_link_revoke(r, &portal_links, client_id, err);
}

clg_status clg_records_portal_list(const clg_records *r, int64_t client_id,
                                   clg_portal_visitor visit, void *context, clg_error *err)
{
    clg_status status = clg_store_begin(r->store, false, err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_client_link_check_client(r, client_id, false, err)) == CLG_OK)
        status = clg_store_portal_list(r->store, r->clinic, client_id, visit, context, err);
    clg_store_rollback(r->store); /* read only */
    return status;
}

static clg_status not_found(clg_error *err)
{
    return clg_error_set(err, CLG_ERR_NOT_FOUND, "portal", "no such portal link");
}

clg_status clg_records_portal_find(clg_store *store, const char *token, clg_portal_row *row,
                                   clg_error *err)
{
    memset(row, 0, sizeof *row);
    char hash[CLG_SECRET_HASH_TEXT_SIZE];
    if (!clg_secret_link_hash(token, hash))
        return not_found(err);
    clg_status status = clg_store_begin(store, false, err);
    if (status != CLG_OK)
        return status;
    clg_client_row client = {0};
    status = clg_store_portal_find(store, hash, row, err);
    if (status == CLG_OK)
        status = clg_store_client_get(store, row->clinic_id, row->client_id, &client, err);
    /* A client merged into another or erased has no page: the link is dead. */
    if (status == CLG_OK && (client.merged_into != 0 || client.erased_at != NULL))
        status = CLG_ERR_NOT_FOUND;
    clg_store_rollback(store);
    clg_store_row_free(client.storage);
    if (status == CLG_ERR_NOT_FOUND) {
        memset(row, 0, sizeof *row);
        return not_found(err);
    }
    return status;
}

/* The first word of a name: how the page greets the client. */
static void first_word(const char *name, char *out, size_t size)
{
    size_t length = 0;
    while (name[length] == ' ')
        name++;
    while (name[length] && name[length] != ' ' && length + 1 < size)
        length++;
    memcpy(out, name, length);
    out[length] = '\0';
}

clg_status clg_records_portal_page(const clg_records *r, int64_t client_id, clg_portal_page *page,
                                   clg_error *err)
{
    memset(page, 0, sizeof *page);
    page->today = r->today;
    clg_client_row client = {0};
    clg_status status = clg_store_begin(r->store, false, err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_client_get(r->store, r->clinic, client_id, &client, err)) == CLG_OK)
        status = clg_store_clinic_settings_get(r->store, r->clinic, &page->clinic, err);
    clg_store_rollback(r->store);
    if (status == CLG_OK)
        first_word(client.name, page->first_name, sizeof page->first_name);
    clg_store_row_free(client.storage);
    if (status != CLG_OK)
        return status;
    page->booking_open = page->clinic.opens >= 0 && page->clinic.closes > page->clinic.opens;
    int64_t course_id = 0;
    if ((status = clg_records_open_course(r, client_id, &course_id, err)) != CLG_OK ||
        course_id == 0)
        return status;
    if ((status = clg_records_course_load(r, course_id, &page->view, err)) != CLG_OK) {
        clg_records_course_view_free(&page->view);
        memset(&page->view, 0, sizeof page->view);
        return status;
    }
    page->has_course = true;
    if (page->view.booking_count > 0)
        page->next_booking = &page->view.bookings[0]; /* by date: the next visit's */
    return CLG_OK;
}

void clg_records_portal_page_free(clg_portal_page *page)
{
    if (page->has_course)
        clg_records_course_view_free(&page->view);
    memset(page, 0, sizeof *page);
}

/* The diary's timed bookings over the days asked, to count the chairs each time leaves. */
typedef struct taken_times {
    clg_diary_row *rows; /* borrowed text dropped: only dates, times and lengths are kept */
    int count;
    bool failed;
} taken_times;

static int keep_taken(void *context, const clg_diary_row *row)
{
    taken_times *taken = context;
    if (row->start_minute < 0)
        return 0;
    clg_diary_row *grown = realloc(taken->rows, (size_t)(taken->count + 1) * sizeof *grown);
    if (grown == NULL) {
        taken->failed = true;
        return 1;
    }
    taken->rows = grown;
    grown[taken->count] = *row;
    grown[taken->count].name = NULL;
    grown[taken->count].phone = NULL;
    taken->count++;
    return 0;
}

/* Whether a chair is free on date from start for minutes (the client's own booking aside). */
static bool chair_free(const taken_times *taken, const clg_clinic_settings *clinic, clg_date date,
                       int start, int minutes, int64_t own)
{
    if (clinic->chairs <= 0)
        return true;
    int busy = 0;
    for (int i = 0; i < taken->count; i++) {
        const clg_diary_row *row = &taken->rows[i];
        if (row->date != date || row->booking_id == own)
            continue;
        int until = row->start_minute + (row->minutes > 0 ? row->minutes : 1);
        if (row->start_minute < start + minutes && start < until)
            busy++;
    }
    return busy < clinic->chairs;
}

static bool open_on(const clg_clinic_settings *clinic, clg_date date)
{
    return clinic->open_days == 0 || (clinic->open_days & (1u << clg_date_weekday(date))) != 0;
}

/* Whether the judge lets the next visit be booked on date (the client's own booking moved). */
static bool judge_allows(const clg_records *r, int64_t course_id, clg_date date, int64_t own)
{
    clg_session_input asked = {.date = date, .laxity_halves = -1, .moves = own};
    clg_session_verdict verdict;
    clg_error ignored;
    clg_status status = clg_records_session_check(r, course_id, &asked, true, &verdict, &ignored);
    return status == CLG_OK && !verdict.too_soon && !verdict.blocked &&
           date >= verdict.window_earliest && date <= verdict.window_latest;
}

clg_status clg_records_portal_slots(const clg_records *r, int64_t client_id, clg_date from,
                                    clg_date through, clg_portal_slot_visitor visit, void *context,
                                    clg_error *err)
{
    if (through < from || through - from >= CLG_PORTAL_MAX_SLOT_DAYS)
        return clg_error_set(err, CLG_ERR_INVALID, "to",
                             "ask for 1 to %d days, 'to' on or after 'from'",
                             CLG_PORTAL_MAX_SLOT_DAYS);
    clg_portal_page page;
    clg_status status = clg_records_portal_page(r, client_id, &page, err);
    if (status != CLG_OK)
        return status;
    taken_times taken = {NULL, 0, false};
    const clg_course_next *next = &page.view.progress.next;
    if (!page.has_course || !page.booking_open || next->kind == CLG_NEXT_NONE)
        goto out;
    clg_date first = from, last = through;
    if (first <= r->today)
        first = r->today + 1;
    if (first < next->earliest)
        first = next->earliest;
    if (last > next->latest)
        last = next->latest;
    if (first > last)
        goto out;
    status = clg_records_diary_list(r, first, (int)(last - first) + 1, keep_taken, &taken, err);
    if (status == CLG_OK && taken.failed)
        status = clg_error_set(err, CLG_ERR_IO, "slots", "out of memory");
    int64_t own = page.next_booking ? page.next_booking->id : 0;
    int minutes = page.view.plan->session_minutes > 0 ? page.view.plan->session_minutes : 1;
    const clg_clinic_settings *clinic = &page.clinic;
    for (clg_date day = first; status == CLG_OK && day <= last; day++) {
        if (!open_on(clinic, day) || !judge_allows(r, page.view.course.id, day, own))
            continue;
        for (int start = clinic->opens; start + minutes <= clinic->closes;
             start += CLG_PORTAL_SLOT_STEP_MINUTES) {
            clg_error gap;
            if (clg_local_time_check(clinic->time_zone, day, start, "time", &gap) != CLG_OK ||
                !chair_free(&taken, clinic, day, start, minutes, own))
                continue;
            clg_portal_slot slot = {day, start, page.view.plan->session_minutes};
            if (visit(context, &slot) != 0)
                goto out;
        }
    }
out:
    free(taken.rows);
    clg_records_portal_page_free(&page);
    return status;
}

static clg_status open_course(const clg_records *r, int64_t client_id, int64_t *course_id,
                              clg_error *err)
{
    clg_status status = clg_records_open_course(r, client_id, course_id, err);
    if (status == CLG_OK && *course_id == 0)
        status = clg_error_set(err, CLG_ERR_INVALID, "course",
                               "you have no course to book a visit for; please call the clinic");
    return status;
}

clg_status clg_records_portal_book(const clg_records *r, int64_t client_id, clg_date date,
                                   int start_minute, clg_booking_result *result, clg_error *err)
{
    memset(result, 0, sizeof *result);
    int64_t course_id = 0;
    clg_status status = open_course(r, client_id, &course_id, err);
    if (status != CLG_OK)
        return status;
    clg_booking_input input = {
        .date = date, .start_minute = start_minute, .by_client = true, .client_id = client_id};
    return clg_records_booking_add(r, course_id, &input, result, err);
}

/*
 * The portal acts on the next visit's booking only: booking_id must be the
 * first booking of the client's open course. (That the booking is the
 * client's at all is checked again in the change's own transaction.)
 */
static clg_status check_next_booking(const clg_records *r, int64_t client_id, int64_t booking_id,
                                     clg_error *err)
{
    clg_portal_page page;
    clg_status status = clg_records_portal_page(r, client_id, &page, err);
    if (status == CLG_OK && (page.next_booking == NULL || page.next_booking->id != booking_id))
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "booking", "no booking with id %lld",
                               (long long)booking_id);
    clg_records_portal_page_free(&page);
    return status;
}

clg_status clg_records_portal_move(const clg_records *r, int64_t client_id, int64_t booking_id,
                                   clg_date date, int start_minute, clg_booking_result *result,
                                   clg_error *err)
{
    memset(result, 0, sizeof *result);
    clg_status status = check_next_booking(r, client_id, booking_id, err);
    if (status != CLG_OK)
        return status;
    clg_booking_input input = {
        .date = date, .start_minute = start_minute, .by_client = true, .client_id = client_id};
    return clg_records_booking_move(r, booking_id, &input, result, err);
}

clg_status clg_records_portal_cancel(const clg_records *r, int64_t client_id, int64_t booking_id,
                                     clg_error *err)
{
    clg_status status = check_next_booking(r, client_id, booking_id, err);
    if (status != CLG_OK)
        return status;
    return clg_records_booking_cancel_of(r, booking_id, client_id, err);
}
