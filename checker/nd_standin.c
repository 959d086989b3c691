// SPDX-License-Identifier: GPL-2.0
/*
 * A stamp the code takes in place of a current read.  bfq_bfqq_is_slow()
 * measures a queue's service up to now or, when it compensates for the
 * time spent idling, up to the moment idling started:
 *
 *	if (compensate)
 *		delta_ktime = bfqd->last_idling_start;
 *	else
 *		delta_ktime = ktime_get();
 *	delta_ktime = ktime_sub(delta_ktime, bfqd->last_budget_start);
 *
 * The code itself makes the field the end of the interval, as a name like
 * "stop" would (nd_ordered_stamps()); with every stamp only ever set from
 * the clock the current read reads, that orders the two as names do.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "nd_facts.h"
#include "nd_local.h"
#include "nd_stamp.h"
#include "nd_standin.h"
#include "util.h"

static bool same(struct cx_tu *t, CXCursor e, const char *v)
{
	char *x = cx_text(t, cx_strip(e));
	bool r = *x && !strcmp(x, v);

	free(x);
	return r;
}

/* An opguard of v and 0 whose truth needs v != 0: ktime_compare(v, 0),
 * ktime_after(v, 0), ktime_before(0, v). */
static bool guard_nonzero(struct cx_tu *t, CXCursor c, const char *v)
{
	char *name = cx_callee_name(c);
	int i = kd_in_list(kd_opguards, name);
	CXCursor a, b;

	free(name);
	if (i < 0 || clang_Cursor_getNumArguments(c) != 2)
		return false;
	a = clang_Cursor_getArgument(c, 0);
	b = clang_Cursor_getArgument(c, 1);
	if (same(t, a, v) && nd_zero_value(t, b))
		return kd_opguard_kinds[i] != KD_OPG_BEFORE;
	return same(t, b, v) && nd_zero_value(t, a) &&
	       kd_opguard_kinds[i] != KD_OPG_AFTER;
}

/* 1 when condition c holds only if the value spelled v is not 0, -1 when
 * only if it is 0, else 0: end, end != 0, !end, ktime_compare(end, 0). */
static int nonzero(struct cx_tu *t, CXCursor c, const char *v)
{
	CXCursor *k;
	unsigned n;
	char op[4] = "";
	int r = 0;

	c = cx_strip(c);
	if (clang_getCursorKind(c) == CXCursor_CallExpr)
		return guard_nonzero(t, c, v);
	n = cx_children(c, &k);
	if (n)
		cx_operator(t, c, op, sizeof(op));
	if (clang_getCursorKind(c) == CXCursor_UnaryOperator && n == 1 &&
	    !strcmp(op, "!"))
		r = -nonzero(t, k[0], v);
	else if (clang_getCursorKind(c) == CXCursor_BinaryOperator && n == 2 &&
		 (!strcmp(op, "!=") || !strcmp(op, "==")) &&
		 ((same(t, k[0], v) && nd_zero_value(t, k[1])) ||
		  (same(t, k[1], v) && nd_zero_value(t, k[0]))))
		r = op[0] == '!' ? 1 : -1;
	else if (same(t, c, v))
		r = 1;
	free(k);
	return r;
}

struct zero_scan {
	struct cx_tu *t;
	unsigned at;		/* the store's offset */
	const char *v;		/* the value's text */
	bool taken;		/* only when v is not 0 */
};

static bool inside(CXCursor c, unsigned at)
{
	unsigned b, e;

	nd_extent(c, &b, &e);
	return b <= at && at <= e;
}

static enum CXChildVisitResult scan_if(CXCursor c, CXCursor p, CXClientData d)
{
	struct zero_scan *zs = d;
	CXCursor *k;
	unsigned n;
	int test;

	(void)p;
	if (clang_getCursorKind(c) != CXCursor_IfStmt)
		return CXChildVisit_Recurse;
	n = cx_children(c, &k);
	if (n >= 2) {
		test = nonzero(zs->t, k[0], zs->v);
		zs->taken |= (test > 0 && inside(k[1], zs->at)) ||
			     (test < 0 && n == 3 && inside(k[2], zs->at));
	}
	free(k);
	return zs->taken ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* Whether store i of st is under a test that its value is not 0. */
static bool taken_nonzero(struct cx_tu *t, CXCursor fn, const struct nd_stores *st,
			  unsigned i)
{
	char *v = cx_text(t, cx_strip(st->val[i]));
	struct zero_scan zs = { t, st->at[i], v, false };

	if (*v)
		clang_visitChildren(fn, scan_if, &zs);
	free(v);
	return zs.taken;
}

/*
 * Whether store i of st is a stamp of clock taken in place of a read: a
 * field only set from that clock, or one that is also reset to 0 and
 * taken only when it is not 0 (habanalabs' clk_throttle_info(): end is 0
 * while throttling lasts, and ktime_get() stands in for it then).
 */
static bool standin(struct cx_tu *t, CXCursor fn, const struct nd_stores *st,
		    unsigned i, int clock)
{
	CXCursor v = cx_strip(st->val[i]);
	unsigned flags;

	if (nd_stamp_cleared(t, st->val[i]))
		return false;
	if (nd_field_clock(t, st->val[i]) == clock)
		return true;
	if (clang_getCursorKind(v) != CXCursor_MemberRefExpr)
		return false;
	flags = nd_fact_flags(t, clang_getCursorReferenced(v));
	return nd_fact_clock(flags & ~ND_FACT_ZERO) == clock &&
	       taken_nonzero(t, fn, st, i);
}

bool nd_end_or_now(struct cx_tu *t, CXCursor fn, CXCursor ea, CXCursor eb)
{
	struct nd_stores st = { .t = t, .var = nd_auto_local(fn, ea) };
	unsigned at, reads = 0, stamps = 0;
	int clock;

	if (clang_Cursor_isNull(st.var) || (clock = nd_field_clock(t, eb)) != 1)
		return false;
	nd_local_stores(fn, &st);
	if (st.other || st.loops_full)
		return false;
	at = nd_offset(ea);
	for (unsigned i = 0; i < st.n; i++) {
		/* The subtraction's own store, or a later one: the value it
		 * reads came before, unless a loop brings it back. */
		if (st.end[i] >= at) {
			if (nd_in_loop(&st, at))
				return false;
			continue;
		}
		if (st.clock[i] == clock)
			reads++;
		else if (standin(t, fn, &st, i, clock))
			stamps++;
		else
			return false;
	}
	return reads && stamps;
}
