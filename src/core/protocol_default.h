/* The default protocol, embedded from protocols/default.json at build time. */
#ifndef CLG_CORE_PROTOCOL_DEFAULT_H
#define CLG_CORE_PROTOCOL_DEFAULT_H

#include <stddef.h>

extern const char clg_protocol_default_json[];
extern const size_t clg_protocol_default_json_length;

#endif
