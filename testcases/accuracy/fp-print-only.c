// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: false finding, class part-of-whole, only
 * printed.
 *
 * Tree: Debian linux-source-6.1 (6.1.192), net/core/pktgen.c,
 * show_results() (finding at 3293).  elapsed is stopped_at minus
 * started_at, idle the time spin() spent idle inside that run
 * (idle_acc, reset by pktgen_run()), so elapsed - idle is not negative;
 * no engine can know that.  What both can see: the delta only reaches
 * the (unsigned long long) cast a %llu needs, inside sprintf() into the
 * result text read back through /proc/net/pktgen.  A wrapped value there
 * would print a wrong number and do nothing else: the finding is low
 * (api.def, KD_TEXT), silent by default.  The pps figure divides by
 * ktime_to_ns(elapsed): both stamps are only ever set from ktime_get()
 * (pktgen_run(), pktgen_stop_device()), an end minus a start (low).
 */
#include "kdelta-accuracy.h"

struct pktgen_dev {
	ktime_t started_at;
	ktime_t stopped_at;
	u64 idle_acc;
	u64 sofar;
	char result[512];
};

void pktgen_run(struct pktgen_dev *pkt_dev)
{
	pkt_dev->idle_acc = 0;
	pkt_dev->started_at = ktime_get();
}

void pktgen_stop_device(struct pktgen_dev *pkt_dev)
{
	pkt_dev->stopped_at = ktime_get();
}

void show_results(struct pktgen_dev *pkt_dev, int nr_frags)
{
	u64 pps;
	char *p = pkt_dev->result;
	ktime_t elapsed = ktime_sub(pkt_dev->stopped_at,
				    pkt_dev->started_at);
	ktime_t idle = ns_to_ktime(pkt_dev->idle_acc);

	p += sprintf(p, "OK: %llu(c%llu+d%llu) usec, %llu (%dfrags)\n",
		     (unsigned long long)ktime_to_us(elapsed),
		     (unsigned long long)ktime_to_us(ktime_sub(elapsed, idle)),
		     (unsigned long long)ktime_to_us(idle),
		     (unsigned long long)pkt_dev->sofar, nr_frags);

	pps = div64_u64(pkt_dev->sofar * NSEC_PER_SEC,
			ktime_to_ns(elapsed));
	p += sprintf(p, "  %llupps\n", (unsigned long long)pps);
}
