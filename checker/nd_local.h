/* SPDX-License-Identifier: GPL-2.0 */
/* nd_local.c: every value a function stores into one of its locals. */
#ifndef KDELTA_ND_LOCAL_H
#define KDELTA_ND_LOCAL_H

#include <stdbool.h>

#include "cx.h"

#define ND_MAXSTORES 8

/* The stores to one local of a function, in the order of the text, and
 * the loops of the function. */
struct nd_stores {
	struct cx_tu *t;
	CXCursor var;
	unsigned n, at[ND_MAXSTORES], end[ND_MAXSTORES];
	CXCursor val[ND_MAXSTORES];	/* the value, through a = b = v */
	int clock[ND_MAXSTORES];	/* nd_now_call() of the value */
	unsigned nloop, loop[ND_MAXSTORES][2];
	bool other;	/* x += ..., x++, &x, or more stores than kept */
	bool loops_full;	/* more loops than kept: nd_in_loop() unknown */
};

/* The automatic local of fn that e names, or a null cursor: its value is
 * this call's alone. */
CXCursor nd_auto_local(CXCursor fn, CXCursor e);

/* Fills st with the stores of fn to st->var (st->t and st->var set). */
void nd_local_stores(CXCursor fn, struct nd_stores *st);

/* Whether file offset at is inside a loop of st's function. */
bool nd_in_loop(const struct nd_stores *st, unsigned at);

/* Whether e is a use of the variable var. */
bool nd_is_var(CXCursor e, CXCursor var);

/* The file offset where cursor c starts. */
unsigned nd_offset(CXCursor c);

/* The file offsets where cursor c starts and ends. */
void nd_extent(CXCursor c, unsigned *b, unsigned *e);

#endif
