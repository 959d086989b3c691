// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta fixture for the libclang engine: a finding names the local that
 * held the delta ("(held in 'd')") whatever the store looks like.  The
 * store into a field (p->x = d) and through a pointer (*out = d) must say
 * so exactly as the store into a plain local (y = d) does: their left-hand
 * sides are expressions the walk evaluates too, which once made the
 * message forget the holding local.  testcases/t-engine.sh checks the
 * messages; the findings are marked KDELTA-EXPECT on their line.
 */
#include "kdelta-fixture.h"

struct held {
	u64 x;
};

u64 held_local(ktime_t target)
{
	ktime_t d = ktime_sub(target, ktime_get());
	u64 y;

	y = d;	/* KDELTA-EXPECT */
	return y;
}

void held_field(struct held *p, ktime_t target)
{
	ktime_t d = ktime_sub(target, ktime_get());

	p->x = d;	/* KDELTA-EXPECT */
}

void held_pointer(u64 *out, ktime_t target)
{
	ktime_t d = ktime_sub(target, ktime_get());

	*out = d;	/* KDELTA-EXPECT */
}
