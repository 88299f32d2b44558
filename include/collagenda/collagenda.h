/* libcollagenda: the pure planning core of Collagenda. One include for all. */
#ifndef COLLAGENDA_H
#define COLLAGENDA_H

#include "collagenda/assessment.h"
#include "collagenda/course.h"
#include "collagenda/date.h"
#include "collagenda/error.h"
#include "collagenda/plan.h"
#include "collagenda/protocol.h"
#include "collagenda/records.h"
#include "collagenda/text.h"
#include "collagenda/version.h"

#endif
