// SPDX-License-Identifier: GPL-2.0
/*
 * x - d for a delta d = a - b: rated as (x + b) - a (nd_swap.h).  Only the
 * current-time reads among a and b are known; x is taken for a stored
 * value, as a duration is.
 */
#include <stdlib.h>
#include <string.h>

#include "nd_swap.h"
#include "util.h"

static void set(struct src *r, enum kd_confidence conf, const char *why)
{
	free(r->why);
	r->conf = conf;
	r->why = xasprintf("%s minus a delta that is %s", "a duration", why);
}

void nd_rate_swapped(struct src *r, const struct src *d)
{
	r->swapped = true;
	/* x - d of whole us or ms: nothing finer was lost */
	r->whole = strcmp(d->unit, "ns") != 0;
	if (d->kind == SRC_REMAINING)
		set(r, KD_LOW, "the time left until a timer expires: the current "
		    "time minus a stored one, elapsed time");
	else if (d->kind == SRC_SUBN)
		set(r, KD_MEDIUM, "a time minus a count: the order is unknown");
	else if (d->now_a && (!d->now_b || d->seq_b < d->seq_a))
		set(r, KD_HIGH, "an elapsed time: a target minus the current time, "
		    "negative once the elapsed time exceeds the duration");
	else if (d->now_b)
		set(r, KD_LOW, "a target minus the current time: the current time "
		    "minus a stored one, elapsed time");
	else
		set(r, KD_MEDIUM, "a difference of two stored times: the order is "
		    "unknown");
}
