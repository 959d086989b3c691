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
#include "nd_local.h"
#include "nd_stamp.h"
#include "nd_standin.h"

/* Whether store i of st is a stamp of clock taken in place of a read. */
static bool standin(struct cx_tu *t, const struct nd_stores *st, unsigned i,
		    int clock)
{
	return nd_field_clock(t, st->val[i]) == clock &&
	       !nd_stamp_cleared(t, st->val[i]);
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
		else if (standin(t, &st, i, clock))
			stamps++;
		else
			return false;
	}
	return reads && stamps;
}
