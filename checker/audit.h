/* SPDX-License-Identifier: GPL-2.0 */
/*
 * audit.c: `kdelta audit`, one whole kernel tree.  audit_tree() is the
 * audit of one tree into a struct report, for commands that audit more
 * than one (a fleet) as for cmd_audit().
 */
#ifndef KDELTA_AUDIT_H
#define KDELTA_AUDIT_H

#include <stdbool.h>

#include "report.h"

struct audit_opts {
	const char *outdir;	/* cmd_audit's -o */
	long jobs;		/* parallel jobs, >= 1 */
	int shard, nshards;	/* 1-based; 0 when not sharded */
	bool no_clang;		/* --no-clang: the rule pack alone */
	const char *config;	/* --config: a .config for the prepared build */
	const char *label;	/* before the progress line: "tree 2/5" */
};

/*
 * Audits the tree at kdir (NULL: the default tree, unpacked into the
 * cache when it is not yet) into rep, which must be zeroed; the progress
 * line is drawn on stderr meanwhile.  0, or -1 after one message (rep is
 * then to be freed all the same).
 */
int audit_tree(const struct audit_opts *o, const char *kdir, struct report *rep);

/* The exit status of an audit that produced rep: 2 when a file was not
 * fully analysed (or an engine failed), 1 with findings, 0 without. */
int audit_status(const struct report *rep);

int cmd_audit(int argc, char **argv);

#endif
