/* SPDX-License-Identifier: GPL-2.0 */
/* nd_callers.c: what every caller of a static function passes. */
#ifndef KDELTA_ND_CALLERS_H
#define KDELTA_ND_CALLERS_H

#include <stdbool.h>

#include "cx.h"

/*
 * Whether fn is static, only ever called (its address not taken), called
 * at least once in the file, and every call passes for parameter pa a
 * value never below what it passes for pb: pb's argument plus a positive
 * interval (b + n, ktime_add(b, n), ktime_add_ms(b, n)), or max() of
 * something and such a value; or pb's argument is a local the caller
 * sets once, outside loops, from a current read, and pa's a local it
 * sets only from reads of that clock, first in the same chain
 * (start = poll_end = ktime_get(), kvm_vcpu_halt()).  Then pa - pb >= 0
 * in fn (until either is assigned there, which the caller of this
 * checks).
 */
bool nd_callers_future(struct cx_tu *t, CXCursor fn, CXCursor pa, CXCursor pb);

#endif
