/*
 * Records benchmarks in-process, through the same store and records code
 * the CLI uses (so the numbers exclude process start-up):
 *
 *   bench_records sessions DB COUNT
 *       adds COUNT clients, starts a course for each, then records one
 *       session on each course: each a full transaction (BEGIN IMMEDIATE,
 *       safety check, insert, course re-plan, audit, COMMIT with fsync).
 *   bench_records due DB ON WITHIN RUNS
 *       runs the `due` query RUNS times and prints the median and the
 *       number of rows it returned.
 *   bench_records diary DB ON DAYS RUNS
 *       runs the diary's query (bookings from ON for DAYS days, with the
 *       client, the visit number and the plan's numbers) RUNS times, the
 *       same way.
 *
 * Not a test: bench/records/run.sh runs it and writes RESULTS.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "service/records.h"
#include "service/today.h"

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int fail(const clg_error *err)
{
    fprintf(stderr, "bench_records: %s: %s\n", err->field, err->message);
    return 1;
}

static int open_records(const char *path, clg_records *records, clg_error *err)
{
    memset(records, 0, sizeof *records);
    if (clg_store_open(path, &records->store, err) != CLG_OK)
        return 1;
    records->who = "bench";
    if (clg_store_clinic_ensure(records->store, "default", "bench", &records->clinic, err) !=
        CLG_OK)
        return 1;
    clg_records_today_set(records); /* the clinic's today, as the doors have it */
    return 0;
}

static int bench_sessions(const char *path, int count)
{
    clg_records records;
    clg_error err;
    if (open_records(path, &records, &err))
        return fail(&err);
    clg_protocol *protocol;
    if (clg_protocol_load_default(&protocol, &err) != CLG_OK)
        return fail(&err);
    int64_t *courses = malloc(sizeof *courses * (size_t)count);
    clg_plan_request request;
    clg_plan_request_init(&request);
    clg_plan_request_set(&request, "laxity", "moderate", NULL, &err);
    /* A date gone by: a session is recorded once it has taken place. */
    clg_plan_request_set(&request, "start", "2025-01-06", NULL, &err);

    double start = now_seconds();
    for (int i = 0; i < count; i++) {
        char name[64];
        snprintf(name, sizeof name, "bench client %d", i);
        clg_client_row client = {.name = name};
        int64_t id;
        if (clg_records_client_add(&records, &client, false, &id, NULL, &err) != CLG_OK ||
            clg_records_course_start(&records, id, &request, protocol, false, NULL, &courses[i],
                                     &err) != CLG_OK)
            return fail(&err);
    }
    double setup = now_seconds() - start;

    start = now_seconds();
    for (int i = 0; i < count; i++) {
        clg_session_input input = {.laxity_halves = -1};
        input.date = request.start;
        clg_session_result result;
        if (clg_records_session_record(&records, courses[i], &input, &result, &err) != CLG_OK)
            return fail(&err);
    }
    double elapsed = now_seconds() - start;
    printf("clients added and courses started: %d in %.2f s (%.0f per second)\n", count, setup,
           count / setup);
    printf("sessions recorded: %d in %.2f s (%.0f per second, %.2f ms each)\n", count, elapsed,
           count / elapsed, elapsed * 1000 / count);
    free(courses);
    clg_protocol_free(protocol);
    clg_store_close(records.store);
    return 0;
}

static int count_row(void *context, const clg_due_row *row)
{
    (void)row;
    (*(int *)context)++;
    return 0;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int bench_due(const char *path, const char *on_text, int within, int runs)
{
    clg_records records;
    clg_error err;
    clg_date on;
    if (clg_date_parse(on_text, "ON", &on, &err) != CLG_OK || open_records(path, &records, &err))
        return fail(&err);
    double *times = malloc(sizeof *times * (size_t)runs);
    int rows = 0;
    for (int i = 0; i < runs; i++) {
        rows = 0;
        double start = now_seconds();
        if (clg_store_due_list(records.store, records.clinic, on + within, count_row, &rows,
                               &err) != CLG_OK)
            return fail(&err);
        times[i] = now_seconds() - start;
    }
    qsort(times, (size_t)runs, sizeof *times, compare_doubles);
    printf("due: %d rows, median %.1f us, min %.1f us, max %.1f us over %d runs\n", rows,
           times[runs / 2] * 1e6, times[0] * 1e6, times[runs - 1] * 1e6, runs);
    free(times);
    clg_store_close(records.store);
    return 0;
}

static int count_diary_row(void *context, const clg_diary_row *row)
{
    (void)row;
    (*(int *)context)++;
    return 0;
}

static int bench_diary(const char *path, const char *on_text, int days, int runs)
{
    clg_records records;
    clg_error err;
    clg_date on;
    if (clg_date_parse(on_text, "ON", &on, &err) != CLG_OK || open_records(path, &records, &err))
        return fail(&err);
    double *times = malloc(sizeof *times * (size_t)runs);
    int rows = 0;
    for (int i = 0; i < runs; i++) {
        rows = 0;
        double start = now_seconds();
        if (clg_store_diary_list(records.store, records.clinic, on, on + days - 1, count_diary_row,
                                 &rows, &err) != CLG_OK)
            return fail(&err);
        times[i] = now_seconds() - start;
    }
    qsort(times, (size_t)runs, sizeof *times, compare_doubles);
    printf("diary: %d rows, median %.1f us, min %.1f us, max %.1f us over %d runs\n", rows,
           times[runs / 2] * 1e6, times[0] * 1e6, times[runs - 1] * 1e6, runs);
    free(times);
    clg_store_close(records.store);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "sessions") == 0)
        return bench_sessions(argv[2], (int)strtol(argv[3], NULL, 10));
    if (argc == 6 && strcmp(argv[1], "due") == 0)
        return bench_due(argv[2], argv[3], (int)strtol(argv[4], NULL, 10),
                         (int)strtol(argv[5], NULL, 10));
    if (argc == 6 && strcmp(argv[1], "diary") == 0)
        return bench_diary(argv[2], argv[3], (int)strtol(argv[4], NULL, 10),
                           (int)strtol(argv[5], NULL, 10));
    fprintf(stderr, "usage: bench_records sessions DB COUNT\n"
                    "       bench_records due DB ON WITHIN RUNS\n"
                    "       bench_records diary DB ON DAYS RUNS\n");
    return 2;
}
