/*
 * The records' value types, one header per entity; this one brings them
 * all. Model is the floor between the pure core and the store: it holds
 * data and its canonical JSON form, and does no I/O.
 */
#ifndef CLG_MODEL_H
#define CLG_MODEL_H

#include "model/audit.h"
#include "model/booking.h"
#include "model/cds_client.h"
#include "model/client.h"
#include "model/clinic.h"
#include "model/course.h"
#include "model/course_view.h"
#include "model/diary.h"
#include "model/due.h"
#include "model/feed.h"
#include "model/portal.h"
#include "model/session.h"
#include "model/user.h"

#endif
