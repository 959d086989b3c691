/* SPDX-License-Identifier: GPL-2.0 */
/* jsonutil.c: jansson helpers every JSON reader and writer uses. */
#ifndef KDELTA_JSONUTIL_H
#define KDELTA_JSONUTIL_H

#include <jansson.h>

/* Member access that tolerates a missing key: "" or 0. */
const char *kd_json_str(json_t *o, const char *key);
json_int_t kd_json_int(json_t *o, const char *key);
/* A JSON string of s, never NULL: invalid UTF-8 bytes as \xNN. */
json_t *kd_json_text(const char *s);

#endif
