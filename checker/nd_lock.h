/* SPDX-License-Identifier: GPL-2.0 */
/* nd_lock.c: a current-time read made before a stamp's lock is taken. */
#ifndef KDELTA_ND_LOCK_H
#define KDELTA_ND_LOCK_H

#include "cx.h"

/*
 * The line of a lock (api.def's KD_LOCK) of the object of stamp eb,
 * lock(&x->m, ...) for eb x->f or x.f, that function fn takes after its
 * automatic local ea was last set before ea - eb, and before that
 * subtraction; 0 when there is none.  A holder of the lock can set the
 * stamp later than the read in ea.
 */
unsigned nd_lock_after(struct cx_tu *t, CXCursor fn, CXCursor ea, CXCursor eb);

#endif
