// SPDX-License-Identifier: GPL-2.0-only
/*
 * kdelta fixture: rhel8.6-4.18.0-372.19.1
 *
 * tree:           rhel8.6-4.18.0-372.19.1 (RHEL 8.6, 4.18.0-372.19.1.el8_6)
 * kernel version: 4.18.0 (RHEL 8.6, release 372.19.1)
 * file:           arch/x86/kvm/lapic.c
 * functions:      advance_periodic_target_expiration()
 *                 (each preceded by its line range in that tree)
 * status:         affected: advance_periodic_target_expiration() computes
 *                 delta = ktime_sub(target_expiration, now) and passes it,
 *                 unguarded, to nsec_to_cycles(vcpu, u64 nsec): carries
 *                 d8f2f498d9ed, lacks 18ab3fc8e880 (CVE-2025-71104).
 * read from:      the crash analysis of kernel-4.18.0-372.19.1.el8_6
 *                 (seed: lapic-periodic-timer-hard-lockup-analysis.md), which
 *                 quotes advance_periodic_target_expiration() and gives its
 *                 line table (dis -l) from the debuginfo of that kernel.
 * sink:           nsec_to_cycles(struct kvm_vcpu *vcpu, u64 nsec), inlined from
 *                 x86.h (the line table puts its body at x86.h:352).
 *
 * The crash (hard lockup, RIP in advance_periodic_target_expiration+77
 * from apic_timer_fn) shows the flow: target_expiration
 * 32733273709929306 ns against now 37219008123141068 ns gives
 * delta = -4485734413211762 ns, and tscdeadline became
 * 10135384616420291996. The quoted code matches RHEL 8.5's function
 * statement for statement; the debuginfo paths name the build tree
 * linux-4.18.0-372.19.1.es8_10.x86_64. Lines 1796-1815 are inferred
 * from the line table (ktime_get at 1798, target_expiration at 1809,
 * ktime_sub at 1812, tscdeadline at 1813-1814), i.e. the 348.2.1
 * layout shifted by 3 lines.
 *
 * A reduction written for kdelta (the statements that carry the flow
 * and the guard), not a copy of the file.
 * Only advance_periodic_target_expiration() is reproduced: the analysis
 * quotes no other function in full, and the neighbours are not certainly
 * identical to RHEL 8.5's (rhel8.5-4.18.0-348.2.1.c): the function starts
 * 3 lines later than in 348.2.1, so lapic.c changed above it, where
 * apic_get_tmcct(), update_target_expiration() and
 * set_target_expiration() live.
 *
 * Expected findings: 1, on the nsec_to_cycles(apic->vcpu, delta) line
 * of advance_periodic_target_expiration().
 */

#include "kdelta-fixture.h"

/* advance_periodic_target_expiration: lapic.c lines 1796-1815 */
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

/* Calls each reproduced function once, so that none is unused. */
void kdelta_fixture_use(struct kvm_lapic *apic)
{
	advance_periodic_target_expiration(apic);
}
