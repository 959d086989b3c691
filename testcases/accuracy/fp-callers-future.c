// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: false finding, class callers-future.
 *
 * Tree: Debian linux-source-6.1 (6.1.192),
 * drivers/platform/surface/aggregator/ssh_packet_layer.c,
 * ssh_ptl_timeout_reaper_mod() (finding at 666), and the same shape in
 * ssh_request_layer.c, ssh_rtl_timeout_reaper_mod() (429).
 * The static helper computes msecs_to_jiffies(ktime_ms_delta(expires,
 * now)) with no check, but its only two callers pass expires >= now:
 * timestamp + timeout (timeout a positive constant, 1000 ms) and
 * max(next, now + RESOLUTION).  Nothing may be reported there; the
 * contrast at the end, a caller passing a stored deadline, must be.
 */
#include "kdelta-accuracy.h"

#define SSH_PTL_PACKET_TIMEOUT			ms_to_ktime(1000)
#define SSH_PTL_PACKET_TIMEOUT_RESOLUTION	ms_to_ktime(50)

struct ssh_ptl {
	struct spinlock lock;
	ktime_t expires;
	ktime_t timeout;
	struct delayed_work reaper;
};

static void ssh_ptl_timeout_reaper_mod(struct ssh_ptl *ptl, ktime_t now,
				       ktime_t expires)
{
	unsigned long delta = msecs_to_jiffies(ktime_ms_delta(expires, now));
	ktime_t aexp = ktime_add(expires, SSH_PTL_PACKET_TIMEOUT_RESOLUTION);

	spin_lock(&ptl->lock);
	if (ktime_before(aexp, ptl->expires)) {
		ptl->expires = expires;
		mod_delayed_work(system_wq, &ptl->reaper, delta);
	}
	spin_unlock(&ptl->lock);
}

/* ssh_ptl_timeout_start(): expires = timestamp + a positive timeout. */
void ssh_ptl_timeout_start(struct ssh_ptl *ptl)
{
	ktime_t timestamp = ktime_get_coarse_boottime();
	ktime_t timeout = SSH_PTL_PACKET_TIMEOUT;

	ssh_ptl_timeout_reaper_mod(ptl, timestamp, timestamp + timeout);
}

/* ssh_ptl_timeout_reap(): next is at least now + RESOLUTION. */
void ssh_ptl_timeout_reap(struct ssh_ptl *ptl, ktime_t next)
{
	ktime_t now = ktime_get_coarse_boottime();

	next = max(next, ktime_add(now, SSH_PTL_PACKET_TIMEOUT_RESOLUTION));
	if (next != KTIME_MAX)
		ssh_ptl_timeout_reaper_mod(ptl, now, next);
}

/*
 * The contrast: the same helper shape, one of whose callers passes a
 * stored deadline that nothing orders after now.  Must be reported.
 */
static void reaper_mod_unordered(struct ssh_ptl *ptl, ktime_t now,
				 ktime_t expires)
{
	unsigned long delta = msecs_to_jiffies(ktime_ms_delta(expires, now)); /* KDELTA-EXPECT */

	mod_delayed_work(system_wq, &ptl->reaper, delta);
}

void reaper_start(struct ssh_ptl *ptl)
{
	ktime_t timestamp = ktime_get_coarse_boottime();

	reaper_mod_unordered(ptl, timestamp, timestamp + ptl->timeout);
}

void reaper_restart(struct ssh_ptl *ptl)
{
	reaper_mod_unordered(ptl, ktime_get_coarse_boottime(), ptl->expires);
}
