/* SPDX-License-Identifier: GPL-2.0 */
/* cocci.c: the Coccinelle engine, `kdelta cocci`. */
#ifndef KDELTA_COCCI_H
#define KDELTA_COCCI_H

#include <stdbool.h>

#include "finding.h"
#include "util.h"

int cmd_cocci(int argc, char **argv);

/* The rule pack over files; findings sorted, de-duplicated. */
int cocci_findings(const struct strlist *files, const struct strlist *includes,
		   long jobs, bool no_includes, struct findings *out);

#endif
