/* SPDX-License-Identifier: GPL-2.0 */
/*
 * walk_cond.c: what a condition tells on the path where it has a given
 * value (operand comparisons: ktime_before() and friends, raw < <= > >=
 * of the operands, sign tests through the check's hook), and the facts
 * "a >= b" an assignment makes or keeps (a = b, a = b + positive, the
 * running minimum m = x under x < m).
 */
#ifndef KDELTA_WALK_COND_H
#define KDELTA_WALK_COND_H

#include <stdbool.h>

#include "walk_int.h"

/* The condition cond is branch on this path: what that tells. */
void walk_refine(struct walk *w, struct state *s, CXCursor cond, bool branch);

/* lhs (text lt, an lvalue or a declaration) is assigned rhs: the facts
 * about lhs end, except those the new value keeps, and those the
 * assignment makes begin.  time: lhs is a ktime_t. */
void walk_assign_facts(struct walk *w, struct state *s, const char *lt,
		       CXCursor rhs, bool time);

#endif
