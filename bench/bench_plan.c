/*
 * Planner micro-benchmark: computes a fixed mix of assessments (with and
 * without dated schedules and open days) and reports plans per second.
 * Under callgrind (bench/run.sh) the same program gives instructions per plan,
 * which unlike seconds do not depend on what else the machine is doing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "collagenda/collagenda.h"

static const struct {
    const char *field;
    const char *value;
} mix[][6] = {
    {{"laxity", "mild"}, {"areas", "face"}, {"start", "2027-01-04"}},
    {{"laxity", "none"}, {"goal", "prevention"}, {"areas", "under-eyes"}},
    {{"laxity", "moderate"}, {"areas", "face,neck"}, {"start", "2027-03-31"},
     {"open_days", "mon,tue,wed,thu,fri"}},
    {{"laxity", "severe"}, {"risks", "smoking,sun-damage"}, {"concerns", "deep-wrinkles"},
     {"start", "2028-02-29"}},
    {{"laxity", "mild"}, {"goal", "transformation"}, {"modality", "roller"}},
    {{"laxity", "moderate"}, {"screening", "pacemaker,herpes-history"}, {"skin_type", "V"},
     {"start", "2027-12-31"}, {"open_days", "sat"}},
    {{"laxity", "severe"}, {"areas", "face,neck,chest,arms,abdomen"}, {"start", "2027-06-15"}},
    {{"laxity", "none"}, {"areas", "face,neck"}},
};

enum { MIX_COUNT = sizeof mix / sizeof mix[0] };

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
    clg_protocol *protocol;
    clg_error err;
    if (clg_protocol_load_default(&protocol, &err) != CLG_OK) {
        fprintf(stderr, "bench_plan: %s: %s\n", err.field, err.message);
        return 1;
    }
    clg_plan_request requests[MIX_COUNT];
    for (int i = 0; i < MIX_COUNT; i++) {
        clg_plan_request_init(&requests[i]);
        for (int f = 0; f < 6 && mix[i][f].field; f++)
            if (clg_plan_request_set(&requests[i], mix[i][f].field, mix[i][f].value, NULL,
                                     &err) != CLG_OK) {
                fprintf(stderr, "bench_plan: %s: %s\n", err.field, err.message);
                return 1;
            }
    }

    static clg_plan plan;
    long checksum = 0;
    struct timespec begin, end;
    clock_gettime(CLOCK_MONOTONIC, &begin);
    for (long round = 0; round < rounds; round++) {
        for (int i = 0; i < MIX_COUNT; i++) {
            clg_plan_compute(protocol, &requests[i], &plan, &err);
            checksum += plan.sessions.recommended + plan.schedule_count;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - begin.tv_sec) + (double)(end.tv_nsec - begin.tv_nsec) / 1e9;
    long plans = rounds * MIX_COUNT;
    printf("plans=%ld seconds=%.3f plans_per_second=%.0f checksum=%ld\n", plans, seconds,
           seconds > 0 ? (double)plans / seconds : 0.0, checksum);
    clg_protocol_free(protocol);
    return 0;
}
