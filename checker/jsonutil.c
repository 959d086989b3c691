// SPDX-License-Identifier: GPL-2.0
/* jansson helpers: tolerant member access, text that is always valid JSON. */
#include <stdlib.h>

#include "escape.h"
#include "jsonutil.h"
#include "util.h"

const char *kd_json_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

json_int_t kd_json_int(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* Names and code are not all UTF-8 (Latin-1 comments, odd file names):
 * JSON must be, and the value must survive, so invalid bytes are shown
 * as "\xNN".  Never NULL. */
json_t *kd_json_text(const char *s)
{
	char *c = esc_utf8(s);
	json_t *j = json_string(c);

	free(c);
	return j ? j : json_string("");
}
