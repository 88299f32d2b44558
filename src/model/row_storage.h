/*
 * Rows own their text: a row read from the store points at text the store
 * lends for one call; a row that must outlive the call copies every text
 * it points at into one block, row->storage (malloc'd: the owner frees it,
 * with clg_store_row_free where a store is at hand). Each entity knows its own text fields here,
 * once, for the store's *_get functions and the service's collectors alike.
 */
#ifndef CLG_MODEL_ROW_STORAGE_H
#define CLG_MODEL_ROW_STORAGE_H

#include "collagenda/collagenda.h"
#include "model/model.h"

/*
 * Each copies the texts the row points at into row->storage (replacing
 * whatever storage pointer it held, which must not be owned) and points
 * the row at the copies. CLG_ERR_IO when out of memory; the row's text
 * pointers are then unchanged and row->storage is NULL.
 */
clg_status clg_client_row_own(clg_client_row *row, clg_error *err);
clg_status clg_course_row_own(clg_course_row *row, clg_error *err);
clg_status clg_session_row_own(clg_session_row *row, clg_error *err);
clg_status clg_booking_row_own(clg_booking_row *row, clg_error *err);
clg_status clg_user_row_own(clg_user_row *row, clg_error *err);
clg_status clg_token_row_own(clg_token_row *row, clg_error *err);
clg_status clg_feed_row_own(clg_feed_row *row, clg_error *err);
clg_status clg_cds_client_row_own(clg_cds_client_row *row, clg_error *err);

#endif
