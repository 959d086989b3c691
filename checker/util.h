/* SPDX-License-Identifier: GPL-2.0 */
/*
 * util.c: what every command shares.  Errors are reported once, where
 * they are found, as one "kdelta: ..." line (kd_err), and passed up as -1;
 * only a command's cmd_*() turns them into exit status 2.  Allocation
 * cannot fail: out of memory is the one fatal error (exit 2).
 */
#ifndef KDELTA_UTIL_H
#define KDELTA_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define KDELTA_VERSION "0.1.0"

/* Exit statuses, stable for CI: */
#define KD_EXIT_CLEAN		0	/* no findings */
#define KD_EXIT_FINDINGS	1	/* findings reported */
#define KD_EXIT_ERROR		2	/* bad input or a failing tool */

void kd_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A copy of s without its white space, for comparing code texts. */
char *xstrdup_nospace(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

struct strlist {
	char **v;
	size_t n, cap;
};

void strlist_add(struct strlist *l, const char *s);
bool strlist_has(const struct strlist *l, const char *s);
/* strcmp()'s order of two char * elements, for qsort() and bsearch(). */
int strp_cmp(const void *a, const void *b);
void strlist_free(struct strlist *l);

#define KD_MAX_JOBS 1024

/* -j's argument, for every command that runs jobs in parallel. */
int parse_jobs(const char *s, long *jobs);

#endif
