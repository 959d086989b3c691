// SPDX-License-Identifier: GPL-2.0-only
/*
 * kdelta fixture: upstream-4.15.0
 *
 * tree:           upstream-4.15.0
 * kernel version: 4.15.0
 * file:           arch/x86/kvm/lapic.c
 * functions:      apic_get_tmcct()
 *                 start_sw_period()
 *                 update_target_expiration()
 *                 set_target_expiration()
 *                 advance_periodic_target_expiration()
 *                 (each preceded by its line range in that tree)
 * status:         pre-bug: predates d8f2f498d9ed; the periodic path adds
 *                 nsec_to_cycles(vcpu, period) to tscdeadline and has
 *                 no ktime_sub().
 * read from:      sndrzt/linux-4.15, commit
 *                 6ea06264896de7013fffaa7a04379aea73941923,
 *                 arch/x86/kvm/lapic.c
 * sink:           x86.h:246:
 *                 static inline u64 nsec_to_cycles(struct kvm_vcpu *vcpu,
 *                 u64 nsec)
 *
 * Mainline v4.15, before d8f2f498d9ed (first in v4.17): the periodic
 * path advances tscdeadline by the period itself, and start_sw_period()
 * expires only one-shot timers and never calls
 * advance_periodic_target_expiration().
 *
 * A reduction written for kdelta (the statements that carry the flow
 * and the guard), not a copy of the file.
 * Dropped: the apic_debug() trace in set_target_expiration().
 *
 * Expected findings: none.
 */

/* Before v5.8, apic_timer_expired() takes only the apic. */
#define KDELTA_APIC_TIMER_EXPIRED_NO_FROM_TIMER_FN

#include "kdelta-fixture.h"

/* apic_get_tmcct: lapic.c lines 1157-1180 */
static u32 apic_get_tmcct(struct kvm_lapic *apic)
{
	ktime_t remaining, now;
	s64 ns;
	u32 tmcct;

	ASSERT(apic != NULL);

	/* if initial count is 0, current count should also be 0 */
	if (kvm_lapic_get_reg(apic, APIC_TMICT) == 0 ||
		apic->lapic_timer.period == 0)
		return 0;

	now = ktime_get();
	remaining = ktime_sub(apic->lapic_timer.target_expiration, now);
	if (ktime_to_ns(remaining) < 0)
		remaining = 0;

	ns = mod_64(ktime_to_ns(remaining), apic->lapic_timer.period);
	tmcct = div64_u64(ns,
			 (APIC_BUS_CYCLE_NS * apic->divide_count));

	return tmcct;
}

/* start_sw_period: lapic.c lines 1449-1464 */
static void start_sw_period(struct kvm_lapic *apic)
{
	if (!apic->lapic_timer.period)
		return;

	if (apic_lvtt_oneshot(apic) &&
	    ktime_after(ktime_get(),
			apic->lapic_timer.target_expiration)) {
		apic_timer_expired(apic);
		return;
	}

	hrtimer_start(&apic->lapic_timer.timer,
		apic->lapic_timer.target_expiration,
		HRTIMER_MODE_ABS_PINNED);
}

/* update_target_expiration: lapic.c lines 1466-1488 */
static void update_target_expiration(struct kvm_lapic *apic, uint32_t old_divisor)
{
	ktime_t now, remaining;
	u64 ns_remaining_old, ns_remaining_new;

	apic->lapic_timer.period = (u64)kvm_lapic_get_reg(apic, APIC_TMICT)
		* APIC_BUS_CYCLE_NS * apic->divide_count;
	limit_periodic_timer_frequency(apic);

	now = ktime_get();
	remaining = ktime_sub(apic->lapic_timer.target_expiration, now);
	if (ktime_to_ns(remaining) < 0)
		remaining = 0;

	ns_remaining_old = ktime_to_ns(remaining);
	ns_remaining_new = mul_u64_u32_div(ns_remaining_old,
	                                   apic->divide_count, old_divisor);

	apic->lapic_timer.tscdeadline +=
		nsec_to_cycles(apic->vcpu, ns_remaining_new) -
		nsec_to_cycles(apic->vcpu, ns_remaining_old);
	apic->lapic_timer.target_expiration = ktime_add_ns(now, ns_remaining_new);
}

/* set_target_expiration: lapic.c lines 1490-1521 */
static bool set_target_expiration(struct kvm_lapic *apic)
{
	ktime_t now;
	u64 tscl = rdtsc();

	now = ktime_get();
	apic->lapic_timer.period = (u64)kvm_lapic_get_reg(apic, APIC_TMICT)
		* APIC_BUS_CYCLE_NS * apic->divide_count;

	if (!apic->lapic_timer.period) {
		apic->lapic_timer.tscdeadline = 0;
		return false;
	}

	limit_periodic_timer_frequency(apic);

	apic->lapic_timer.tscdeadline = kvm_read_l1_tsc(apic->vcpu, tscl) +
		nsec_to_cycles(apic->vcpu, apic->lapic_timer.period);
	apic->lapic_timer.target_expiration = ktime_add_ns(now, apic->lapic_timer.period);

	return true;
}

/* advance_periodic_target_expiration: lapic.c lines 1523-1530 */
static void advance_periodic_target_expiration(struct kvm_lapic *apic)
{
	apic->lapic_timer.tscdeadline +=
		nsec_to_cycles(apic->vcpu, apic->lapic_timer.period);
	apic->lapic_timer.target_expiration =
		ktime_add_ns(apic->lapic_timer.target_expiration,
				apic->lapic_timer.period);
}

/* Calls each reproduced function once, so that none is unused. */
void kdelta_fixture_use(struct kvm_lapic *apic)
{
	(void)apic_get_tmcct(apic);
	start_sw_period(apic);
	update_target_expiration(apic, apic->divide_count);
	(void)set_target_expiration(apic);
	advance_periodic_target_expiration(apic);
}
