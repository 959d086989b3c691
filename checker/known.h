/* SPDX-License-Identifier: GPL-2.0 */
/* known.c: the known instances of api.def's KD_KNOWN entries in a tree. */
#ifndef KDELTA_KNOWN_H
#define KDELTA_KNOWN_H

#include <jansson.h>

#include "finding.h"
#include "util.h"

/* cocci: the pack's findings on the scanned files (tree-relative);
 * scanned: the files they cover, sorted. */
json_t *known_instances(const char *kdir, const struct findings *cocci,
			const struct strlist *scanned, long jobs);

#endif
