// SPDX-License-Identifier: GPL-2.0
/* A source file read whole and split into lines, for quoting code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srcfile.h"
#include "util.h"
#include "util.h"

int srcfile_read(const char *path, struct srcfile *s)
{
	FILE *f = fopen(path, "r");
	size_t cap = 0, n = 0;
	ssize_t len;

	memset(s, 0, sizeof(*s));
	if (!f)
		return -1;
	len = getdelim(&s->text, &cap, '\0', f);
	fclose(f);
	if (len < 0) {
		free(s->text);
		s->text = xstrdup("");
	}
	for (char *p = s->text; *p; p++)
		n += *p == '\n';
	s->line = xmalloc((n + 1) * sizeof(*s->line));
	for (char *p = s->text; *p;) {
		char *nl = strchr(p, '\n');

		s->line[s->n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		p = nl + 1;
	}
	return 0;
}

void srcfile_free(struct srcfile *s)
{
	free(s->text);
	free(s->line);
	memset(s, 0, sizeof(*s));
}
