// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: stamps set through a chained assignment.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - net/core/pktgen.c, show_results(): elapsed =
 *    ktime_sub(pkt_dev->stopped_at, pkt_dev->started_at) reaches
 *    div64_u64()'s u64 divisor.  The file sets started_at only in
 *    pktgen_run() (pkt_dev->started_at = pkt_dev->next_tx = ktime_get();)
 *    and stopped_at only in pktgen_stop_device() (ktime_get()), after:
 *    elapsed time on one monotonic clock, rated low, silent by default.
 *  - The contrast, with ktime_sub(elapsed, idle) of show_results(): idle
 *    is ns_to_ktime(pkt_dev->idle_acc), time spent idle within the run
 *    (never more than elapsed in pktgen), but nothing in the code orders
 *    the two: medium, reported by the libclang engine (the pattern engine
 *    does not follow a delta of ktime_sub(elapsed, idle) into a cast).
 */
#include "kdelta-accuracy.h"

struct pktgen_dev {
	ktime_t started_at;
	ktime_t stopped_at;
	ktime_t next_tx;
	u64 idle_acc;
	u64 sofar;
};

void pktgen_run(struct pktgen_dev *pkt_dev)
{
	pkt_dev->idle_acc = 0;
	pkt_dev->started_at = pkt_dev->next_tx = ktime_get();
}

void pktgen_stop_device(struct pktgen_dev *pkt_dev)
{
	pkt_dev->stopped_at = ktime_get();
}

u64 show_results(struct pktgen_dev *pkt_dev)
{
	ktime_t elapsed = ktime_sub(pkt_dev->stopped_at,
				    pkt_dev->started_at);
	ktime_t idle = ns_to_ktime(pkt_dev->idle_acc);
	u64 busy_us = (unsigned long long)ktime_to_us(ktime_sub(elapsed, idle)); /* KDELTA-EXPECT(clang) */

	return busy_us + div64_u64(pkt_dev->sofar * NSEC_PER_SEC,
				   ktime_to_ns(elapsed));
}
