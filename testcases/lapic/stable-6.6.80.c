// SPDX-License-Identifier: GPL-2.0-only
/*
 * kdelta fixture: stable-6.6.80
 *
 * tree:           stable-6.6.80
 * kernel version: 6.6.80
 * file:           arch/x86/kvm/lapic.c
 * functions:      apic_get_tmcct()
 *                 update_target_expiration()
 *                 set_target_expiration()
 *                 advance_periodic_target_expiration()
 *                 start_sw_period()
 *                 (each preceded by its line range in that tree)
 * status:         affected: advance_periodic_target_expiration() computes
 *                 delta = ktime_sub(target_expiration, now) and passes it,
 *                 unguarded, to nsec_to_cycles(vcpu, u64 nsec): carries
 *                 d8f2f498d9ed, lacks 18ab3fc8e880 (CVE-2025-71104).
 * read from:      xzxHomeAssistant/linux-6.6.y, commit
 *                 8618cc741d2b58efd93f26975c24034056332713,
 *                 arch/x86/kvm/lapic.c
 * sink:           x86.h:388:
 *                 static inline u64 nsec_to_cycles(struct kvm_vcpu *vcpu,
 *                 u64 nsec)
 *
 * linux-6.6.y. The stable releases listed for the fix
 * (5.10.248, 5.15.198, 6.1.160, 6.12.64, 6.18.3) include no 6.6.y one.
 *
 * A reduction written for kdelta (the statements that carry the flow
 * and the guard), not a copy of the file.
 *
 * Expected findings: 1, on the nsec_to_cycles(apic->vcpu, delta) line
 * of advance_periodic_target_expiration().
 */

#include "kdelta-fixture.h"

/* apic_get_tmcct: lapic.c lines 1528-1547 */
static u32 apic_get_tmcct(struct kvm_lapic *apic)
{
	ktime_t remaining, now;
	s64 ns;

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
	return div64_u64(ns, (APIC_BUS_CYCLE_NS * apic->divide_count));
}

/* update_target_expiration: lapic.c lines 1967-1989 */
static void update_target_expiration(struct kvm_lapic *apic, uint32_t old_divisor)
{
	ktime_t now, remaining;
	u64 ns_remaining_old, ns_remaining_new;

	apic->lapic_timer.period =
			tmict_to_ns(apic, kvm_lapic_get_reg(apic, APIC_TMICT));
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

/* set_target_expiration: lapic.c lines 1991-2039 */
static bool set_target_expiration(struct kvm_lapic *apic, u32 count_reg)
{
	ktime_t now;
	u64 tscl = rdtsc();
	s64 deadline;

	now = ktime_get();
	apic->lapic_timer.period =
			tmict_to_ns(apic, kvm_lapic_get_reg(apic, APIC_TMICT));

	if (!apic->lapic_timer.period) {
		apic->lapic_timer.tscdeadline = 0;
		return false;
	}

	limit_periodic_timer_frequency(apic);
	deadline = apic->lapic_timer.period;

	if (apic_lvtt_period(apic) || apic_lvtt_oneshot(apic)) {
		if (unlikely(count_reg != APIC_TMICT)) {
			deadline = tmict_to_ns(apic,
				     kvm_lapic_get_reg(apic, count_reg));
			if (unlikely(deadline <= 0)) {
				if (apic_lvtt_period(apic))
					deadline = apic->lapic_timer.period;
				else
					deadline = 0;
			}
			else if (unlikely(deadline > apic->lapic_timer.period)) {
				pr_info_ratelimited(
				    "vcpu %i: requested lapic timer restore with "
				    "starting count register %#x=%u (%lld ns) > initial count (%lld ns). "
				    "Using initial count to start timer.\n",
				    apic->vcpu->vcpu_id,
				    count_reg,
				    kvm_lapic_get_reg(apic, count_reg),
				    deadline, apic->lapic_timer.period);
				kvm_lapic_set_reg(apic, count_reg, 0);
				deadline = apic->lapic_timer.period;
			}
		}
	}

	apic->lapic_timer.tscdeadline = kvm_read_l1_tsc(apic->vcpu, tscl) +
		nsec_to_cycles(apic->vcpu, deadline);
	apic->lapic_timer.target_expiration = ktime_add_ns(now, deadline);

	return true;
}

/* advance_periodic_target_expiration: lapic.c lines 2041-2060 */
static void advance_periodic_target_expiration(struct kvm_lapic *apic)
{
	ktime_t now = ktime_get();
	u64 tscl = rdtsc();
	ktime_t delta;

	/*
	 * Synchronize both deadlines to the same time source or
	 * differences in the periods (caused by differences in the
	 * underlying clocks or numerical approximation errors) will
	 * cause the two to drift apart over time as the errors
	 * accumulate.
	 */
	apic->lapic_timer.target_expiration =
		ktime_add_ns(apic->lapic_timer.target_expiration,
				apic->lapic_timer.period);
	delta = ktime_sub(apic->lapic_timer.target_expiration, now);
	apic->lapic_timer.tscdeadline = kvm_read_l1_tsc(apic->vcpu, tscl) +
		nsec_to_cycles(apic->vcpu, delta); /* KDELTA-EXPECT */
}

/* start_sw_period: lapic.c lines 2062-2080 */
static void start_sw_period(struct kvm_lapic *apic)
{
	if (!apic->lapic_timer.period)
		return;

	if (ktime_after(ktime_get(),
			apic->lapic_timer.target_expiration)) {
		apic_timer_expired(apic, false);

		if (apic_lvtt_oneshot(apic))
			return;

		advance_periodic_target_expiration(apic);
	}

	hrtimer_start(&apic->lapic_timer.timer,
		apic->lapic_timer.target_expiration,
		HRTIMER_MODE_ABS_HARD);
}

/* Calls each reproduced function once, so that none is unused. */
void kdelta_fixture_use(struct kvm_lapic *apic)
{
	(void)apic_get_tmcct(apic);
	update_target_expiration(apic, apic->divide_count);
	(void)set_target_expiration(apic, APIC_TMICT);
	advance_periodic_target_expiration(apic);
	start_sw_period(apic);
}
