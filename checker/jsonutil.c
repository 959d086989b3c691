// SPDX-License-Identifier: GPL-2.0
/* jansson helpers: tolerant member access, text that is always valid JSON. */
#include <stdlib.h>

#include "jsonutil.h"
#include "util.h"
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

/* Source files are not all UTF-8 (Latin-1 comments): JSON must be. */
json_t *kd_json_text(const char *s)
{
	json_t *j = json_string(s ? s : "");
	char *c;

	if (j)
		return j;
	c = xstrdup(s);
	for (unsigned char *p = (unsigned char *)c; *p; p++)
		if (*p >= 0x80)
			*p = '?';
	j = json_string(c);
	free(c);
	return j;
}
