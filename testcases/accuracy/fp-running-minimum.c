// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: false finding, class running-minimum.
 *
 * Tree: Debian linux-source-6.1 (6.1.192), net/rxrpc/call_event.c,
 * rxrpc_resend() (finding at 213).
 * oldest starts as now and is only ever replaced by a stamp
 * ktime_before() it, so ktime_sub(now, oldest) >= 0 whatever clock the
 * stamps come from (here ktime_get_real(), which can step).
 * nsecs_to_jiffies() of it is safe.  Nothing may be reported.
 */
#include "kdelta-accuracy.h"

struct rxrpc_call { ktime_t tstamp[16]; unsigned long resend_at; };

void rxrpc_resend(struct rxrpc_call *call, int top, u32 rto_us)
{
	ktime_t now, max_age, oldest;
	unsigned long resend_at;
	int seq;

	now = ktime_get_real();
	max_age = ktime_sub_us(now, rto_us);
	oldest = now;
	for (seq = 0; seq < top; seq++) {
		if (ktime_after(call->tstamp[seq], max_age)) {
			if (ktime_before(call->tstamp[seq], oldest))
				oldest = call->tstamp[seq];
			continue;
		}
	}

	resend_at = nsecs_to_jiffies(ktime_to_ns(ktime_sub(now, oldest)));
	call->resend_at = resend_at + jiffies;
}
