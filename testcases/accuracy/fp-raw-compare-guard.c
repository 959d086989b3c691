// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: false finding, class raw-compare-guard.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - drivers/net/dsa/ocelot/felix_vsc9959.c, vsc9959_new_base_time()
 *    (finding at 1392): if (base_time < current_time) { u64 nr_of_cycles =
 *    current_time - base_time; do_div(nr_of_cycles, cycle_time); ... }
 *  - drivers/net/ethernet/microchip/lan966x/lan966x_taprio.c,
 *    lan966x_taprio_new_base_time() (399): if (org_base_time <=
 *    current_time) { u64 tmp = current_time - org_base_time; ...
 *    div_u64_rem(tmp, cycle_time, &rem); }
 * A plain < / <= of the two ktime_t operands guards the branch, exactly as
 * ktime_before()/ktime_compare() would.  Nothing may be reported.
 */
#include "kdelta-accuracy.h"

ktime_t ptp_gettime(void);

ktime_t vsc9959_new_base_time(ktime_t base_time, u64 cycle_time)
{
	ktime_t new_base_time = base_time;
	ktime_t current_time = ptp_gettime();

	if (base_time < current_time) {
		u64 nr_of_cycles = current_time - base_time;

		do_div(nr_of_cycles, cycle_time);
		new_base_time += cycle_time * (nr_of_cycles + 1);
	}
	return new_base_time;
}

ktime_t lan966x_taprio_new_base_time(ktime_t org_base_time, u32 cycle_time)
{
	ktime_t current_time = ptp_gettime();
	ktime_t threshold_time = current_time + 2 * cycle_time;

	if (org_base_time >= threshold_time)
		return org_base_time;

	if (org_base_time <= current_time) {
		u64 tmp = current_time - org_base_time;
		u32 rem = 0;

		if (tmp > cycle_time)
			div_u64_rem(tmp, cycle_time, &rem);
		rem = cycle_time - rem;
		return threshold_time + rem;
	}
	return org_base_time + 2 * cycle_time;
}
