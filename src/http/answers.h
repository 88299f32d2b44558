/*
 * Answers several routes give alike: the id of a record created, a JSON
 * document, and a record or booking that failed (a safety refusal counted).
 */
#ifndef CLG_HTTP_ANSWERS_H
#define CLG_HTTP_ANSWERS_H

#include <stdint.h>

#include "base/buffer.h"
#include "http/http.h"
#include "service/records.h"

/* 201 {"id": N}. */
void clg_route_answer_created(clg_http_exchange *exchange, int64_t id);

/*
 * 201 {"url": path} with Location: path, for a client's secret link just
 * made (calendar feed, portal); the path holds the secret, shown this once.
 */
void clg_route_answer_secret_link(clg_http_exchange *exchange, const char *path);

/* 200 with the JSON document in body, which gets its closing line end here. */
void clg_route_answer_document(clg_http_exchange *exchange, clg_buffer *body);

/* 201 with the verdict and the course after a session recorded (session record, booking attend). */
void clg_route_answer_recorded_session(clg_http_exchange *exchange,
                                       const clg_session_result *result);

/* A failed record or booking as problem+json; a safety refusal (409) is also counted. */
void clg_route_answer_refusal(clg_http_exchange *exchange, const clg_error *err);

#endif
