// SPDX-License-Identifier: GPL-2.0
/* Small helpers every command uses: errors, allocation, string lists. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void kd_err(const char *fmt, ...)
{
	va_list ap;

	fputs("kdelta: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The one fatal error: every caller may count on memory. */
static void oom(void)
{
	kd_err("out of memory");
	exit(KD_EXIT_ERROR);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = strndup(s ? s : "", n);

	if (!d)
		oom();
	return d;
}

char *xstrdup_nospace(const char *s)
{
	char *r = xmalloc(strlen(s) + 1), *w = r;

	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			*w++ = *s;
	*w = '\0';
	return r;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		oom();
	return d;
}

void strlist_add(struct strlist *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = xstrdup(s);
}

int strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* -j's argument, for every command that runs jobs in parallel. */
int parse_jobs(const char *s, long *jobs)
{
	char *end;

	errno = 0;
	*jobs = strtol(s, &end, 10);
	if (errno || end == s || *end || *jobs < 1 || *jobs > KD_MAX_JOBS) {
		kd_err("-j '%s': takes a number from 1 to %d", s, KD_MAX_JOBS);
		return -1;
	}
	return 0;
}
