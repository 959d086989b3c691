/* SPDX-License-Identifier: GPL-2.0 */
/*
 * walk_int.h: the walk's own state, shared by walk.c (statements and
 * expressions) and walk_cond.c (conditions and the facts they and the
 * assignments establish); not an interface for the checks.
 */
#ifndef KDELTA_WALK_INT_H
#define KDELTA_WALK_INT_H

#include "walk.h"

#define WALK_MAX_DEPTH 2000

/* The type whose values the operand comparisons order. */
#define TIME_TYPE "ktime_t"

struct label_state {
	char *label;
	struct state st;
};

struct walk {
	struct cx_tu *t;
	CXCursor fn;
	const struct kd_check *c;
	void *data;			/* the check's */
	struct vars vars;
	struct state *brk, *cont;	/* innermost loop/switch exits */
	struct label_state *labels;
	size_t nlabels;
	int depth;
	bool too_deep;			/* the walk gave up on this function */
	bool incomplete;		/* the check did */
};

/* Depth of the recursion: false when the walk must stop. */
static inline bool walk_enter(struct walk *w)
{
	if (w->too_deep)
		return false;
	if (w->depth >= WALK_MAX_DEPTH) {
		w->too_deep = true;
		return false;
	}
	w->depth++;
	return true;
}

static inline void walk_leave(struct walk *w)
{
	w->depth--;
}

/* Hooks are not called once the walk has given up: a guard it did not
 * follow could make a finding false. */
static inline bool walk_hooks_on(const struct walk *w)
{
	return !w->too_deep;
}

#endif
