/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nd_range.c: whether the statement after a store into the unsigned
 * local var, if (var > LIMIT) return ...; with LIMIT below half the
 * type's range, rejects every wrapped value: the store is then no
 * finding (srf04_read()).
 */
#ifndef KDELTA_ND_RANGE_H
#define KDELTA_ND_RANGE_H

#include <stdbool.h>

#include "walk.h"

bool nd_range_checked(struct walk *w, int var);

#endif
