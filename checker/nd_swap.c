// SPDX-License-Identifier: GPL-2.0
/*
 * x - d for a delta d = a - b: rated as (x + b) - a (nd_swap.h).  Only the
 * current-time reads among a and b are known; x is taken for a stored
 * value, as a duration is, unless it is a current read itself.
 */
#include <stdlib.h>
#include <string.h>

#include "nd_swap.h"
#include "util.h"

static void set(struct src *r, enum kd_confidence conf, const char *why)
{
	free(r->why);
	r->conf = conf;
	r->why = xasprintf("a duration minus a delta that is %s", why);
}

void nd_rate_swapped(struct src *r, const struct src *d, bool x_now, bool x_mono)
{
	r->swapped = true;
	/* x - d of whole us or ms: nothing finer was lost */
	r->whole = strcmp(d->unit, "ns") != 0;
	if (x_now) {
		/* now - d: a time before now, as ktime_sub_ns(now, n) */
		free(r->why);
		r->conf = x_mono ? KD_LOW : KD_MEDIUM;
		r->why = xstrdup(x_mono ? "a delta subtracted from the current time: "
				 "an earlier time on a monotonic clock" :
				 "a delta subtracted from the real time, which can "
				 "step backwards");
	} else if (d->kind == SRC_REMAINING) {
		set(r, KD_LOW, "the time left until a timer expires: the current "
		    "time minus a stored one, elapsed time");
	} else if (d->kind == SRC_SUBN) {
		set(r, KD_MEDIUM, "a time minus a count: the order is unknown");
	} else if (d->now_a && (!d->now_b || d->seq_b < d->seq_a)) {
		set(r, KD_HIGH, "an elapsed time: a target minus the current time, "
		    "negative once the elapsed time exceeds the duration");
	} else if (d->now_b) {
		set(r, KD_LOW, "a target minus the current time: the current time "
		    "minus a stored one, elapsed time");
	} else {
		set(r, KD_MEDIUM, "a difference of two stored times: the order is "
		    "unknown");
	}
}
