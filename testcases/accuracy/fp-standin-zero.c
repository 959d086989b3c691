// SPDX-License-Identifier: GPL-2.0
/*
 * kdelta accuracy fixture: an end stamp reset to 0 when an interval
 * starts, taken in place of a current read only when it is not 0.  The
 * later operand is the end stamp while it is set, else ktime_get(); the
 * end field is only set from ktime_get() or to 0, the start only from
 * ktime_get(): the code makes the end field the end, as the stand-in of
 * fp-standin-stamp.c does, and the zero test keeps the reset value out of
 * the subtraction.  Low in the libclang engine.
 *
 * Tree: Debian linux-source-6.1 (6.1.192).
 *  - drivers/misc/habanalabs/common/habanalabs_ioctl.c, clk_throttle_info()
 *    (finding at 368), false: end_time = timestamp[i].end when
 *    ktime_compare(end, zero_time) says it is set, else ktime_get(); minus
 *    timestamp[i].start.  The stamps are set by the firmware event handlers
 *    of drivers/misc/habanalabs/goya/goya.c (goya_print_clk_change_info(),
 *    reduced below into this file), gaudi/gaudi.c and gaudi2/gaudi2.c:
 *    start = ktime_get() and end = zero_time (ktime_set(0, 0)) when
 *    throttling starts, end = ktime_get() when it ends.  In the tree the
 *    stores are in other files; `kdelta audit` joins them (t-facts.sh).
 *  - clk_throttle_untested(): the same without the zero test (not in the
 *    tree): end can be 0 and older than start, medium.
 *  - clk_throttle_other(): the same with an end field that is also set
 *    from a caller's value (not in the tree): medium.
 *
 * The pattern engine rates them the same (taken_nonzero() of
 * rules/kdelta_report.py).  In the tree it reported nothing there: the
 * member's __u64 is declared in include/uapi/misc/habanalabs.h, a
 * header the audit's pattern engine does not read.
 */
#include "kdelta-accuracy.h"

#define HL_CLK_THROTTLE_TYPE_MAX	2

struct hl_clk_throttle_timestamp {
	ktime_t start;
	ktime_t end;
	ktime_t other_end;
};

struct hl_clk_throttle {
	struct hl_clk_throttle_timestamp timestamp[HL_CLK_THROTTLE_TYPE_MAX];
	u32 aggregated_reason;
};

struct hl_device {
	struct hl_clk_throttle clk_throttling;
};

struct hl_info_clk_throttle {
	u64 clk_throttling_duration_ns[HL_CLK_THROTTLE_TYPE_MAX];
};

static void goya_print_clk_change_info(struct hl_device *hdev, int type,
				       bool starts, ktime_t when)
{
	ktime_t zero_time = ktime_set(0, 0);

	if (starts) {
		hdev->clk_throttling.aggregated_reason |= 1u << type;
		hdev->clk_throttling.timestamp[type].start = ktime_get();
		hdev->clk_throttling.timestamp[type].end = zero_time;
		hdev->clk_throttling.timestamp[type].other_end = zero_time;
	} else {
		hdev->clk_throttling.timestamp[type].end = ktime_get();
		hdev->clk_throttling.timestamp[type].other_end = when;
	}
}

void clk_throttle_info(struct hl_device *hdev, struct hl_info_clk_throttle *out)
{
	struct hl_info_clk_throttle clk_throttle = { 0 };
	ktime_t end_time, zero_time = ktime_set(0, 0);
	int i;

	for (i = 0; i < HL_CLK_THROTTLE_TYPE_MAX; i++) {
		if (!(hdev->clk_throttling.aggregated_reason & (1u << i)))
			continue;

		if (ktime_compare(hdev->clk_throttling.timestamp[i].end, zero_time))
			end_time = hdev->clk_throttling.timestamp[i].end;
		else
			end_time = ktime_get();

		clk_throttle.clk_throttling_duration_ns[i] =
			ktime_to_ns(ktime_sub(end_time,
				hdev->clk_throttling.timestamp[i].start));
	}
	*out = clk_throttle;
}

void clk_throttle_untested(struct hl_device *hdev, struct hl_info_clk_throttle *out)
{
	struct hl_info_clk_throttle clk_throttle = { 0 };
	ktime_t end_time;
	int i;

	for (i = 0; i < HL_CLK_THROTTLE_TYPE_MAX; i++) {
		if (hdev->clk_throttling.aggregated_reason & (1u << i))
			end_time = hdev->clk_throttling.timestamp[i].end;
		else
			end_time = ktime_get();

		clk_throttle.clk_throttling_duration_ns[i] = /* KDELTA-EXPECT */
			ktime_to_ns(ktime_sub(end_time,
				hdev->clk_throttling.timestamp[i].start));
	}
	*out = clk_throttle;
}

void clk_throttle_other(struct hl_device *hdev, struct hl_info_clk_throttle *out)
{
	struct hl_info_clk_throttle clk_throttle = { 0 };
	ktime_t end_time;
	int i;

	for (i = 0; i < HL_CLK_THROTTLE_TYPE_MAX; i++) {
		if (hdev->clk_throttling.timestamp[i].other_end != 0)
			end_time = hdev->clk_throttling.timestamp[i].other_end;
		else
			end_time = ktime_get();

		clk_throttle.clk_throttling_duration_ns[i] = /* KDELTA-EXPECT */
			ktime_to_ns(ktime_sub(end_time,
				hdev->clk_throttling.timestamp[i].start));
	}
	*out = clk_throttle;
}
