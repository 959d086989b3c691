// SPDX-License-Identifier: GPL-2.0
/*
 * The checks the libclang engine runs over each function definition:
 * each is a struct kd_check of hooks (check_*.c), run by the path-aware
 * walk of walk.c.  A new check of the family is added to this table.
 */
#include "check_negdelta.h"
#include "flow.h"
#include "walk.h"

static const struct kd_check *const checks[] = {
	&kd_check_negdelta,
};

int flow_function(struct cx_tu *t, CXCursor fn, enum kd_confidence min_conf,
		  struct findings *out)
{
	struct kd_run run = { .min_conf = min_conf, .out = out };
	int rc = 0;

	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		if (walk_function(t, fn, checks[i], &run) < 0)
			rc = -1;
	return rc;
}
