/*
 * `collagenda plan --batch`: JSON Lines in, JSON Lines out.
 *
 * A bad line becomes {"line": N, "error": "..."} and the run goes on, so one
 * typo does not cost a clinic its whole import; the exit status (2) says
 * that something was wrong.
 *
 * Lines are independent, so the input is cut into blocks at line ends and
 * each round hands one block to each core; outputs are written in input
 * order after the round. A plan costs far less than its JSON, so this is
 * where the time goes, and parsing and rendering are what run in parallel.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "collagenda/request_json.h"
#include "render/render.h"

enum {
    BLOCK_BYTES = 1 << 18, /* input per block: large enough to amortise a thread hand-off */
    MAX_WORKERS = 8,
};

typedef struct batch_block {
    const clg_protocol *protocol;
    char *text; /* owned; whole lines only, each ending in '\n' (added when missing) */
    size_t length;
    long first_line; /* 1-based number of the block's first line */
    clg_buffer out;
    bool had_error;
} batch_block;

/* Plans one line into out; returns false when the line is bad (out holds the error object). */
static bool plan_line(const clg_protocol *protocol, const char *line, size_t length,
                      long line_number, clg_plan *plan, clg_buffer *out)
{
    clg_error err;
    clg_plan_request request;
    json_error_t json_error;
    clg_status status;
    json_t *object = json_loadb(line, length, JSON_REJECT_DUPLICATES, &json_error);
    if (object == NULL)
        status = clg_error_set(&err, CLG_ERR_INVALID, "", "not valid JSON at column %d: %s",
                               json_error.column, json_error.text);
    else
        status = clg_plan_request_from_json(object, NULL, &request, &err);
    json_decref(object);
    if (status == CLG_OK)
        status = clg_plan_compute(protocol, &request, plan, &err);

    if (status == CLG_OK) {
        clg_plan_json(plan, out, false);
    } else {
        char message[sizeof err.field + sizeof err.message + 4];
        clg_json_writer writer;
        clg_json_writer_init(&writer, out, false);
        clg_json_begin_object(&writer);
        clg_json_member_int(&writer, "line", line_number);
        clg_json_member_string(&writer, "error", clg_error_text(&err, message, sizeof message));
        clg_json_end_object(&writer);
    }
    clg_buffer_append(out, "\n", 1);
    return status == CLG_OK;
}

static bool is_blank(const char *line, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
            return false;
    return true;
}

static void *plan_block(void *argument)
{
    batch_block *block = argument;
    clg_plan *plan = malloc(sizeof *plan);
    if (plan == NULL) {
        fputs("collagenda: plan: out of memory\n", stderr);
        abort();
    }
    long line_number = block->first_line;
    char *line = block->text;
    char *end = block->text + block->length;
    while (line < end) {
        char *newline = memchr(line, '\n', (size_t)(end - line));
        size_t length = (size_t)(newline - line);
        while (length > 0 && line[length - 1] == '\r')
            length--;
        /* Blank lines (JSON whitespace only) carry no assessment; they keep their number. */
        if (!is_blank(line, length) &&
            !plan_line(block->protocol, line, length, line_number, plan, &block->out))
            block->had_error = true;
        line = newline + 1;
        line_number++;
    }
    free(plan);
    return NULL;
}

/*
 * Reads the next block of whole lines into block (carry holds a partial line
 * left over from the previous read). Returns false at end of input.
 */
static bool read_block(FILE *input, clg_buffer *carry, batch_block *block)
{
    clg_buffer text = CLG_BUFFER_INIT;
    if (carry->length)
        clg_buffer_append(&text, carry->data, carry->length);
    clg_buffer_reset(carry);
    char chunk[65536];
    bool has_newline = text.length && memchr(text.data, '\n', text.length) != NULL;
    /* A block ends at a line end: a line longer than a block makes the block longer. */
    while (text.length < BLOCK_BYTES || !has_newline) {
        size_t got = fread(chunk, 1, sizeof chunk, input);
        if (got == 0)
            break;
        has_newline = has_newline || memchr(chunk, '\n', got) != NULL;
        clg_buffer_append(&text, chunk, got);
    }
    if (text.length == 0) {
        clg_buffer_free(&text);
        return false;
    }
    /* Keep whole lines; the tail after the last newline waits for the next read. */
    char *last_newline = memrchr(text.data, '\n', text.length);
    if (last_newline && !feof(input)) {
        size_t keep = (size_t)(last_newline - text.data) + 1;
        clg_buffer_append(carry, text.data + keep, text.length - keep);
        text.length = keep;
    } else if (text.data[text.length - 1] != '\n') {
        clg_buffer_append(&text, "\n", 1);
    }
    block->text = text.data;
    block->length = text.length;
    return true;
}

static long count_lines(const char *text, size_t length)
{
    long lines = 0;
    for (const char *p = text; (p = memchr(p, '\n', length - (size_t)(p - text))) != NULL; p++)
        lines++;
    return lines;
}

static int worker_count(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 1 : cores > MAX_WORKERS ? MAX_WORKERS : (int)cores;
}

int clg_cli_plan_batch(const char *path, const clg_protocol *protocol)
{
    FILE *input = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (input == NULL)
        return clg_cli_fail_text(CLG_EXIT_FAILURE, path, "cannot open: %s", strerror(errno));

    int workers = worker_count();
    batch_block blocks[MAX_WORKERS];
    clg_buffer carry = CLG_BUFFER_INIT;
    long next_line = 1;
    int exit_status = CLG_EXIT_OK;
    bool more = true;
    while (more && exit_status != CLG_EXIT_FAILURE) {
        int filled = 0;
        while (filled < workers && (more = read_block(input, &carry, &blocks[filled]))) {
            batch_block *block = &blocks[filled++];
            block->protocol = protocol;
            block->first_line = next_line;
            block->had_error = false;
            block->out = (clg_buffer)CLG_BUFFER_INIT;
            next_line += count_lines(block->text, block->length);
        }
        /* Input ended on a round boundary (or was empty): blocks[] holds nothing live. */
        if (filled == 0)
            break;
        pthread_t threads[MAX_WORKERS];
        bool started[MAX_WORKERS] = {false};
        for (int i = 1; i < filled; i++)
            started[i] = pthread_create(&threads[i], NULL, plan_block, &blocks[i]) == 0;
        plan_block(&blocks[0]);
        for (int i = 1; i < filled; i++) {
            if (started[i])
                pthread_join(threads[i], NULL);
            else
                plan_block(&blocks[i]); /* no thread to be had: do it here */
        }
        for (int i = 0; i < filled; i++) {
            batch_block *block = &blocks[i];
            if (block->had_error && exit_status == CLG_EXIT_OK)
                exit_status = CLG_EXIT_USAGE;
            if (exit_status != CLG_EXIT_FAILURE && block->out.length &&
                fwrite(block->out.data, 1, block->out.length, stdout) != block->out.length)
                exit_status = clg_cli_fail_text(CLG_EXIT_FAILURE, "stdout", "%s", strerror(errno));
            free(block->text);
            clg_buffer_free(&block->out);
        }
    }
    if (ferror(input))
        exit_status = clg_cli_fail_text(CLG_EXIT_FAILURE, path, "cannot read: %s", strerror(errno));
    if (fflush(stdout) != 0 && exit_status != CLG_EXIT_FAILURE)
        exit_status = clg_cli_fail_text(CLG_EXIT_FAILURE, "stdout", "%s", strerror(errno));
    clg_buffer_free(&carry);
    if (input != stdin)
        fclose(input);
    return exit_status;
}
