/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nd_stamp.c: what the negative-delta check proves about time stamps
 * from the data flow of the translation unit: current-time reads, fields
 * only ever set from one clock, out-parameters a helper sets from one;
 * and the small value tests of its guards.
 */
#ifndef KDELTA_ND_STAMP_H
#define KDELTA_ND_STAMP_H

#include <stdbool.h>

#include "cx.h"

/* e is a call of a current-time read (KD_NOW, KD_NOW_NS; through a unit
 * conversion; or a function of the file that returns one): 1 when its
 * clock is monotonic, 0 when not; -1 when e is no such call. */
int nd_now_call(CXCursor e);

/* The same, and the unit of the count it gives into *unit (when not
 * NULL): "us" for ktime_to_us(ktime_get()), "ms" for ktime_to_ms() of
 * one, else "ns". */
int nd_now_read(CXCursor e, const char **unit);

/* The value of a chain of assignments: ktime_get() of
 * a = b = ktime_get(); e itself when e is no assignment. */
CXCursor nd_chained(struct cx_tu *t, CXCursor e);

/* The line of a memset(&x->m, 0, n) (api.def's KD_CLEAR) in the
 * translation unit that clears a member on e's access path (the field e
 * names, or a structure that holds it), or 0: the stamp is then 0 until
 * set again, and names cannot order it. */
unsigned nd_stamp_cleared(struct cx_tu *t, CXCursor e);

/* The function callee, whose body sets *p or p->field of its parameter
 * argno only from current-time reads of one clock: 1 (monotonic) or 0;
 * -1 when it stores anything else, hands the parameter on to another
 * call, sets nothing, or its body is not visible. */
int nd_outparam_clock(struct cx_tu *t, CXCursor callee, int argno);

/* The parameter param of function fn, to which every call in the main
 * file (one at least) passes a current read of one clock (the call, or a
 * local only ever set from one): 1 (monotonic) or 0; -1 otherwise.  The
 * order of two such parameters is not proven. */
int nd_param_clock(struct cx_tu *t, CXCursor fn, CXCursor param);

/* Whether function fn changes its local or parameter var (x = ...,
 * x += ..., x++, &x). */
bool nd_assigned(struct cx_tu *t, CXCursor fn, CXCursor var);

/* Whether constant c is below half the range of the unsigned type. */
bool nd_below_half(CXCursor c, CXType type);

/* Whether code c refers to the declaration decl. */
bool nd_mentions(CXCursor c, CXCursor decl);

/* Whether a macro argument's text is a zero: 0, 0LL, (ktime_t)0. */
bool nd_zero_text(const char *text);

/* The translation unit the next questions are about (for the helpers a
 * call may read the clock through: nd_now_call()); forgets the last
 * one's answers. */
void nd_stamp_tu(struct cx_tu *t);
struct cx_tu *nd_stamp_cur_tu(void);

#endif
