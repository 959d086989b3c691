// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta generic fixture: stores.
 *
 * Theme: a signed time delta stored (assigned or used as an initialiser)
 * into a local variable or a struct field of unsigned type (u64, u32,
 * unsigned long, unsigned int) is a finding on the store line.  Stores
 * into signed locals or fields, stores after a guard and stores of values
 * that are not ktime_t deltas are not.
 *
 * Expected findings are marked: the line on which a finding must be
 * reported ends with the kdelta expect-marker comment (see README.md).
 */
#include "kdelta-fixture.h"

struct foo_watchdog {
	ktime_t deadline;
	ktime_t last_kick;
	ktime_t margin;
	u64 slack_ns;
	unsigned long timeout_us;
	unsigned int late_ms;
	s64 drift_ns;
};

/* A delta initialising a u64 local: a negative slack becomes a huge u64: a finding. */
u64 pos_store_u64_local_init(ktime_t expires)
{
	ktime_t now = ktime_get();
	u64 slack_ns = ktime_to_ns(ktime_sub(expires, now));	/* KDELTA-EXPECT */

	return slack_ns;
}

/* A delta assigned, not initialised, to a u32 local: a finding. */
u32 pos_store_u32_local_assign(ktime_t deadline)
{
	ktime_t now = ktime_get();
	u32 left_ms;

	left_ms = ktime_ms_delta(deadline, now);	/* KDELTA-EXPECT */
	return left_ms;
}

/* A delta initialising an unsigned long local: a finding. */
unsigned long pos_store_unsigned_long_local(ktime_t deadline)
{
	unsigned long wait_us = ktime_us_delta(deadline, ktime_get());	/* KDELTA-EXPECT */

	return wait_us;
}

/* A '-' of two ktime_t values, via ktime_to_us(), assigned to an unsigned int local: a finding. */
unsigned int pos_store_unsigned_int_local(ktime_t deadline, ktime_t now)
{
	unsigned int left_us;

	left_us = ktime_to_us(deadline - now);	/* KDELTA-EXPECT */
	return left_us;
}

/* A delta stored into a u64 field of a struct defined in this file: a finding. */
void pos_store_u64_field(struct foo_watchdog *wd)
{
	ktime_t now = ktime_get();

	wd->slack_ns = ktime_to_ns(ktime_sub(wd->deadline, now));	/* KDELTA-EXPECT */
}

/* A delta stored into an unsigned long field of a struct defined in this file: a finding. */
void pos_store_unsigned_long_field(struct foo_watchdog *wd, ktime_t now)
{
	wd->timeout_us = ktime_us_delta(wd->deadline, now);	/* KDELTA-EXPECT */
}

/*
 * A lateness delta, now (a ktime_get() read) minus a stamp, held in an s64
 * local, then stored into an unsigned int field.  Elapsed time on a
 * monotonic clock: neither engine reports it by default (the clang engine
 * rates it low, reported with --confidence low; testcases/t-confidence.sh
 * checks that).
 */
void pos_store_unsigned_int_field(struct foo_watchdog *wd)
{
	ktime_t now = ktime_get();
	s64 late_ms = ktime_to_ms(ktime_sub(now, wd->deadline));

	wd->late_ms = late_ms;	/* KDELTA-LOW */
}

/* A delta stored into the u32 timer_advance_ns field of the header's kvm_timer: a finding. */
void pos_store_u32_field_header_struct(struct kvm_lapic *apic, ktime_t fired_at)
{
	ktime_t early = ktime_sub(apic->lapic_timer.target_expiration, fired_at);

	apic->lapic_timer.timer_advance_ns = ktime_to_ns(early);	/* KDELTA-EXPECT */
}

/* Stored into an s64 local and returned as s64: signed all the way, not a finding. */
s64 neg_store_s64_local(ktime_t expires)
{
	ktime_t now = ktime_get();
	s64 slack_ns = ktime_to_ns(ktime_sub(expires, now));

	return slack_ns;
}

/* Stored into a ktime_t field: signed, not a finding. */
void neg_store_ktime_field(struct foo_watchdog *wd, ktime_t now)
{
	wd->margin = ktime_sub(wd->deadline, now);
}

/* Stored into an s64 field of a struct defined in this file: signed, not a finding. */
void neg_store_s64_field(struct foo_watchdog *wd)
{
	wd->drift_ns = ktime_to_ns(ktime_sub(ktime_get(), wd->last_kick));
}

/* Stored into the s64 period field of the header's struct kvm_timer: signed, not a finding. */
void neg_store_s64_field_header_struct(struct kvm_lapic *apic, ktime_t next)
{
	apic->lapic_timer.period = ktime_to_ns(ktime_sub(next, apic->lapic_timer.target_expiration));
}

/* A sign test returns before the u64 store, so only non-negative deltas get stored: no finding. */
u64 neg_store_u64_local_after_return(ktime_t expires)
{
	ktime_t now = ktime_get();
	ktime_t delta = ktime_sub(expires, now);
	u64 slack_ns;

	if (delta < 0)
		return 0;
	slack_ns = ktime_to_ns(delta);
	return slack_ns;
}

/* max_t(s64, d, 0) clamps the delta before it is stored into a u64 field: not a finding. */
void neg_store_u64_field_max_t(struct foo_watchdog *wd, ktime_t now)
{
	s64 slack_ns = ktime_to_ns(ktime_sub(wd->deadline, now));

	wd->slack_ns = max_t(s64, slack_ns, 0);
}

/* A u64 difference of two TSC reads is not a ktime_t delta: not a finding. */
u64 neg_store_u64_tsc_difference(u64 tsc_start)
{
	u64 elapsed = rdtsc() - tsc_start;

	return elapsed;
}

/* An absolute ktime_t converted to u64 nanoseconds is not a delta: not a finding. */
u64 neg_store_u64_absolute_time(struct foo_watchdog *wd)
{
	u64 deadline_ns = ktime_to_ns(wd->deadline);

	return deadline_ns;
}
