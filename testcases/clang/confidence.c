// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta fixture for the libclang engine's confidence levels.  High: a
 * stored target minus a current-time read (the lapic shape).  Medium: a
 * difference of two stored times, and elapsed real time (the real-time
 * clock can step backwards).  Low: elapsed time on a monotonic clock, only
 * reported with --confidence low, and so is an end minus a start stamp
 * when every store to both is a read of one monotonic clock (span_start(),
 * span_end(); the names only order them).  KDELTA-EXPECT marks what the default
 * (high and medium) reports; KDELTA-CONF(level) gives each finding's level,
 * checked by testcases/t-confidence.sh with --confidence low.
 */
#include "kdelta-fixture.h"

struct span {
	ktime_t start;
	ktime_t end;
	ktime_t deadline;
};

/* The only stores to the stamps: ktime_get() reads (the data flow that
 * makes end - start elapsed time; the names alone would not). */
void span_start(struct span *s)
{
	s->start = ktime_get();
}

void span_end(struct span *s)
{
	s->end = ktime_get();
}

u64 conf_high_target_minus_now(struct kvm_vcpu *vcpu, struct span *s)
{
	ktime_t now = ktime_get();
	ktime_t left = ktime_sub(s->deadline, now);

	return nsec_to_cycles(vcpu, left);	/* KDELTA-EXPECT KDELTA-CONF(high) */
}

u64 conf_medium_two_stamps(struct span *s)
{
	ktime_t budget = ktime_sub(s->deadline, s->start);

	return div_u64(budget, 1000);	/* KDELTA-EXPECT KDELTA-CONF(medium) */
}

u64 conf_low_named_elapsed(struct span *s)
{
	u64 poll_ns = ktime_to_ns(ktime_sub(s->end, s->start));	/* KDELTA-CONF(low) */

	return poll_ns;
}

u64 conf_medium_real_clock(struct span *s)
{
	ktime_t since = ktime_sub(ktime_get_real(), s->start);

	return div_u64(since, 1000);	/* KDELTA-EXPECT KDELTA-CONF(medium) */
}

u64 conf_low_elapsed_monotonic(struct span *s)
{
	ktime_t now = ktime_get();
	ktime_t took = ktime_sub(now, s->start);

	return div_u64(took, 1000);	/* KDELTA-CONF(low) */
}

/* A current read minus a count of ns (act_gate.c's ktime_sub_ns(now,
 * base), the read here direct): rated as a current read minus a stamp,
 * low on a monotonic clock, medium on the real-time clock. */
u64 cycles_since(u64 base, u64 cycle)
{
	ktime_t now = ktime_get();

	return div64_u64(ktime_sub_ns(now, base), cycle);	/* KDELTA-CONF(low) */
}

u64 cycles_since_real(u64 base, u64 cycle)
{
	ktime_t now = ktime_get_real();

	return div64_u64(ktime_sub_ns(now, base), cycle);	/* KDELTA-EXPECT KDELTA-CONF(medium) */
}

/* Reads assigned in a chain (kvm_vcpu_halt()'s start = cur = poll_end =
 * ktime_get()): every local of the chain holds the one read, and a later
 * read minus it is elapsed time, low.  The libclang engine had taken the
 * outer locals for no read (high here: a "target" minus a read). */
u64 chained_reads(bool again)
{
	ktime_t start, cur;

	cur = start = ktime_get();
	if (again)
		cur = ktime_get();
	return div_u64(ktime_sub(cur, start), 1000);	/* KDELTA-CONF(low) */
}
