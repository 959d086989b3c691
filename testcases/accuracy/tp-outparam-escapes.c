// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: an out-parameter set from a current read on
 * one path only, handed on to a driver hook on the other.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - drivers/gpu/drm/drm_vblank.c, drm_update_vblank_count() (finding at
 *    310), real (latent): t_vblank comes from drm_get_last_vbltimestamp(),
 *    which stores ktime_get() into *tvblank only when the driver has no
 *    precise timestamp, and otherwise passes tvblank to the driver's
 *    get_vblank_timestamp(), an estimate that can fall before the stored
 *    vblank->time of an earlier one.  t_vblank is no current read: the
 *    delta is a difference of two stored times, medium, reported.
 *  - vlv_c0_read() of drivers/gpu/drm/i915/gt/intel_rps.c (as
 *    fp-ordered-stamps.c keeps it), the contrast: its only store through
 *    the parameter is a current read, so the parameter is one.
 */
#include "kdelta-accuracy.h"

struct drm_vblank_crtc { ktime_t time; u64 count; };
struct drm_crtc_funcs {
	bool (*get_vblank_timestamp)(void *crtc, int *max_error,
				     ktime_t *vblank_time, bool in_vblank_irq);
};

static bool drm_get_last_vbltimestamp(const struct drm_crtc_funcs *funcs,
				      void *crtc, ktime_t *tvblank,
				      bool in_vblank_irq)
{
	int max_error = 1000;
	bool ret = false;

	if (funcs->get_vblank_timestamp && max_error > 0)
		ret = funcs->get_vblank_timestamp(crtc, &max_error, tvblank,
						  in_vblank_irq);
	if (!ret)
		*tvblank = ktime_get();
	return ret;
}

u64 drm_update_vblank_count(const struct drm_crtc_funcs *funcs, void *crtc,
			    struct drm_vblank_crtc *vblank, u32 framedur_ns)
{
	ktime_t t_vblank;
	bool rc;

	rc = drm_get_last_vbltimestamp(funcs, crtc, &t_vblank, true);
	if (rc && framedur_ns) {
		u64 diff_ns = ktime_to_ns(ktime_sub(t_vblank, vblank->time)); /* KDELTA-EXPECT */

		return DIV_ROUND_CLOSEST_ULL(diff_ns, framedur_ns);
	}
	return 0;
}
