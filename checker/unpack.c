// SPDX-License-Identifier: GPL-2.0
/* What the forms of SOURCE share: the failure message, safe names. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "escape.h"
#include "paths.h"
#include "unpack.h"
#include "util.h"

int source_fail(struct source *s, const char *fmt, ...)
{
	char *spec = esc_name(s->spec), *why;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&why, fmt, ap) < 0)
		why = NULL;
	va_end(ap);
	free(s->why);
	s->why = xstrdup(why ? why : "out of memory");
	free(why);
	kd_err("%s: %s", spec, s->why);
	free(spec);
	return -1;
}

int source_safe_name(const char *rel)
{
	const char *p = rel;

	if (!*rel || *rel == '/')
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (!n || (n == 1 && p[0] == '.') || (n == 2 && !strncmp(p, "..", 2)))
			return 0;
		p += n;
		if (*p)
			p++;
	}
	return 1;
}

int source_parents(const char *dir, const char *rel)
{
	char *p = xasprintf("%s/%s", dir, rel);
	int rc = 0;

	for (char *s = p + strlen(dir) + 1; *s && !rc; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	free(p);
	return rc;
}
