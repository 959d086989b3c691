/* SPDX-License-Identifier: GPL-2.0 */
/* summary.c: what a function with a visible body does with a parameter. */
#ifndef KDELTA_SUMMARY_H
#define KDELTA_SUMMARY_H

#include "cx.h"

/* KD_SUM_TOO_DEEP: the chain of calls to follow is longer than summaries
 * go (a generated file), so nothing is known and the caller's analysis
 * is incomplete. */
enum kd_summary { KD_SUM_UNKNOWN, KD_SUM_HARMLESS, KD_SUM_SINK, KD_SUM_TOO_DEEP };

/* What a function does with its unsigned parameter argno: scales it
 * (multiplies, divides, shifts, compares, passes it to a scaling call),
 * or only stores, adds or converts it back.  *why describes the scaling
 * (static storage). */
enum kd_summary summary_of(struct cx_tu *t, CXCursor callee, int argno,
			   const char **why);
void summary_reset(void);

#endif
