/* SPDX-License-Identifier: GPL-2.0 */
/* state.c: what one path through a function body carries. */
#ifndef KDELTA_STATE_H
#define KDELTA_STATE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Per local, two values the running check gives a meaning to: val (an
 * index into the check's own table, or -1) survives a join if either
 * path brings one; flag holds after a join only if it held on both.
 * Facts "a >= b" between expression texts are the engine's: operand
 * comparisons establish them, an assignment to an operand ends them.
 */
struct state {
	bool live;		/* false: no path reaches here */
	size_t nvars;
	int *val;
	bool *flag;
	bool *set;		/* assigned on this path (or a parameter,
				 * initialised, its address taken) */
	char **facts;		/* "a\tb": a >= b is known */
	size_t nfacts;
};

void st_init(struct state *s, size_t nvars, bool live);
void st_free(struct state *s);
void st_copy(struct state *d, const struct state *s);

/* d = d joined with s (the paths meet). */
void st_join(struct state *d, const struct state *s);

bool st_has_fact(const struct state *s, const char *a, const char *b);
void st_add_fact(struct state *s, const char *a, const char *b);

/* An assignment to lhs ends every fact that mentions it. */
void st_kill_facts(struct state *s, const char *lhs);

/* The same, but a new value no larger than the old (smaller) keeps the
 * facts "y >= lhs", one no smaller (larger) keeps "lhs >= y". */
void st_reassign(struct state *s, const char *lhs, bool smaller, bool larger);

#endif
