/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fleet.c: `kdelta audit SOURCE...`, many kernels in one run.  Each
 * SOURCE (source.h) is audited by audit_tree() into OUTDIR/<tree-id>/
 * (report.json, .md, .html, .sarif), and the fleet report (fleet.json,
 * fleet.md, fleet.html) sits beside them; OUTDIR is written all or none.
 * A SOURCE that cannot be read is reported in one line and marked failed;
 * the others are still audited (exit 2).  --shard I/N takes every N-th
 * SOURCE; `kdelta merge` of the shards' directories writes the OUTDIR one
 * process writes.
 */
#ifndef KDELTA_FLEET_H
#define KDELTA_FLEET_H

#include <stdbool.h>

/* `kdelta audit`: fleet_main() when the arguments name more than one
 * SOURCE, or one that is not a directory; cmd_audit() otherwise. */
int cmd_audit_sources(int argc, char **argv);
/* `kdelta audit` for a fleet: the exit status. */
int fleet_main(int argc, char **argv);

/* Whether path is the directory of a fleet shard (it holds fleet.json). */
bool fleet_is_shard(const char *path);
/* `kdelta merge -o OUTDIR DIR...` of fleet shards: the exit status. */
int fleet_merge(const char *outdir, char **dirs, int n);

#endif
