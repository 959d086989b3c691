// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: real (latent) findings, reported today; kept so
 * that fixing the false classes does not lose them.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - fs/gfs2/rgrp.c, gfs2_rgrp_used_recently() (1981): ktime_get_real()
 *    minus gl_dstamp, itself a ktime_get_real() stamp that lock_dlm.c
 *    rewrites from another context; the wall clock can step back, the u64
 *    tdiff wraps and the rgrp is taken as not used recently (allocation
 *    heuristic only).
 *  - net/dccp/ccids/ccid3.c, ccid3_hc_tx_idle_rtt() (97) and
 *    ccid3_hc_tx_update_win_count() (179): now is ktime_get_real() in the
 *    callers, tx_t_last_win_count an older ktime_get_real(); a clock step
 *    back makes the u32 delta huge: the sender is taken as idle, the
 *    window counter advances by min(quarter_rtts, 5).
 *  - drivers/gpu/drm/drm_vblank.c, drm_update_vblank_count() (310) and
 *    drm_vblank_restore() (1500): a hardware vblank timestamp minus the
 *    stored one; two estimates of one vblank jitter either way (the code
 *    has a "Redundant vblirq" case for diff == 0).  DIV_ROUND_CLOSEST_ULL
 *    adds framedur/2 in u64, so a wrap smaller than half a frame rounds
 *    back to 0 by accident; a larger one jumps the vblank counter.
 */
#include "kdelta-accuracy.h"

struct glock { ktime_t gl_dstamp; };

bool gfs2_rgrp_used_recently(struct glock *gl, u64 msecs)
{
	u64 tdiff;

	tdiff = ktime_to_ns(ktime_sub(ktime_get_real(), gl->gl_dstamp)); /* KDELTA-EXPECT */
	return tdiff > (msecs * 1000 * 1000);
}

struct ccid3_hc_tx_sock { ktime_t tx_t_last_win_count; u32 tx_rtt; u8 tx_last_win_count; };

u32 ccid3_hc_tx_idle_rtt(struct ccid3_hc_tx_sock *hc, ktime_t now)
{
	u32 delta = ktime_us_delta(now, hc->tx_t_last_win_count); /* KDELTA-EXPECT */

	return delta / hc->tx_rtt;
}

void ccid3_hc_tx_update_x(struct ccid3_hc_tx_sock *hc, u64 *min_rate)
{
	ktime_t now = ktime_get_real();

	if (ccid3_hc_tx_idle_rtt(hc, now) >= 2)
		*min_rate = 0;
}

struct vblank { ktime_t time; u32 last; int framedur_ns; };

u32 drm_vblank_restore(struct vblank *vblank, ktime_t t_vblank)
{
	u64 diff_ns;
	u32 diff = 1;

	diff_ns = ktime_to_ns(ktime_sub(t_vblank, vblank->time)); /* KDELTA-EXPECT */
	if (vblank->framedur_ns)
		diff = DIV_ROUND_CLOSEST_ULL(diff_ns, vblank->framedur_ns);
	return diff;
}
