/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KDELTA_API_H
#define KDELTA_API_H

#include <stdbool.h>

/* The tables of api.def; each array ends with a NULL name. */
struct kd_sink {
	const char *name;
	int arg;
	const char *param;
	const char *type;
	const char *effect;	/* what the callee does with a wrapped value */
};

struct kd_utype {
	const char *spelling;
	int bits;
};

/* KD_KNOWN: a known instance, its rule and its upstream fix. */
struct kd_known {
	const char *id, *file, *function, *introduced, *fixed_by, *rule;
	const char *source, *sink;
	int sink_arg;
	const char *fix_guard, *fix_guard_swapped;
};

extern const struct kd_known kd_knowns[];	/* ends with a NULL id */
extern const char *const kd_typedefs[];
extern const char *const kd_sources[];
extern const char *const kd_source_units[];	/* "ns", "us", "ms" */
extern const char *const kd_subns[];		/* KD_SUBN: t minus a count */
extern const char *const kd_subn_units[];
extern const char *const kd_remainings[];	/* KD_REMAINING: hrtimer time left */
extern const int kd_remaining_nargs[];
extern const char *const kd_convs[];
extern const char *const kd_conv_units[];
extern const char *const kd_now_ns[];		/* KD_NOW_NS: u64 ns reads */
extern const int kd_now_ns_monotonic[];
extern const char *const kd_abs[];		/* KD_ABS: never negative */
extern const char *const kd_makes[];		/* KD_MAKE: ktime_set(0, 0) is 0 */
extern const char *const kd_clears[];		/* KD_CLEAR: memset(dst, 0, n) */
extern const char *const kd_locks[];		/* KD_LOCK: lock(&x->lock) */
extern const char *const kd_opguards[];
extern const char *const kd_text_out[];	/* KD_TEXT: patterns */

/* Whether a function or macro of that name only makes text (KD_TEXT). */
bool kd_is_text_out(const char *name);

/* KD_OPGUARD's kind, kd_opguard_kinds[i] for kd_opguards[i]. */
enum kd_opguard_kind {
	KD_OPG_BEFORE,		/* true means a < b */
	KD_OPG_AFTER,		/* true means a > b */
	KD_OPG_COMPARE,		/* the sign of a - b, compared against 0 */
};
extern const enum kd_opguard_kind kd_opguard_kinds[];
extern const char *const kd_nows[];
extern const char *const kd_instance_funcs[];
extern const char *const kd_instance_rules[];	/* rule of kd_instance_funcs[i] */
extern const int kd_nows_monotonic[];
extern const char *const kd_clamps[];

extern const char *const kd_elapsed_later[];
extern const char *const kd_elapsed_earlier[];

/* Whether "later - earlier" is named like elapsed time (end - start). */
bool kd_named_elapsed(const char *later, const char *earlier);

/* Index of name in a NULL-terminated list, or -1. */
int kd_in_list(const char *const *list, const char *name);
extern const struct kd_sink kd_sinks[];
extern const struct kd_utype kd_utypes[];

const struct kd_sink *kd_find_sink(const char *name, int arg);

/* What -1 becomes in an unsigned type of that many bits, in decimal. */
const char *kd_wrap_bits(int bits);

/* `kdelta api`: lists the table, or expands a rule template. */
int cmd_api(int argc, char **argv);

#endif
