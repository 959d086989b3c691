/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fleet_model.c: the fleet report as one JSON value (fleet.json), made
 * from the per-tree reports: the trees with their identity and counts,
 * the known instances as a matrix of trees by status, and every finding
 * as a row with the trees that carry it.  A row is matched as lint's
 * baseline matches: rule, file, function and the finding's line text
 * with whitespace runs squeezed, so that a line moved between versions
 * stays one row.  fleet_render.c renders the value; kdelta merge rebuilds
 * it from the shards' per-tree reports.
 */
#ifndef KDELTA_FLEET_MODEL_H
#define KDELTA_FLEET_MODEL_H

#include <stdbool.h>

#include <jansson.h>

#include "report.h"

struct fleet_tree {
	char *spec;		/* the SOURCE as given */
	size_t index;		/* 1-based, on the command line */
	char *id;		/* its directory in OUTDIR */
	bool audited;		/* false: failed, with why */
	char *why;
	struct report rep;
};

/* "03-debian-6.1.158-1": the index (as wide as n's), then the vendor's
 * release or the version (and a git commit), in safe characters. */
char *fleet_tree_id(const struct fleet_tree *t, size_t n);

/* The whole fleet.json of trees t[0..n) (in index order); shard "I/N" or
 * NULL; sources: every SOURCE of the run (a shard holds some trees). */
json_t *fleet_model(const struct fleet_tree *t, size_t n, const char *shard,
		    json_t *sources);

/* The exit status of the fleet: 2 when a tree failed or was not fully
 * analysed, 1 with findings, 0 without. */
int fleet_status(const struct fleet_tree *t, size_t n);

#endif
