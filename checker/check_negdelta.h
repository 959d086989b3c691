/* SPDX-License-Identifier: GPL-2.0 */
/*
 * check_negdelta.c: the negative-delta check.  A source is a ktime
 * subtraction (ktime_sub() and the other sources of api.def, or a - b of
 * ktime_t); a sink is its conversion to an unsigned type; a sign test or
 * an operand comparison on the path rules it out.
 */
#ifndef KDELTA_CHECK_NEGDELTA_H
#define KDELTA_CHECK_NEGDELTA_H

#include "walk.h"

extern const struct kd_check kd_check_negdelta;

#endif
