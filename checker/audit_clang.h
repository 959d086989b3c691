/* SPDX-License-Identifier: GPL-2.0 */
/*
 * audit_clang.c: the libclang engine in `kdelta audit`: over the files of
 * the tree's compile_commands.json, or, without one, over every scanned
 * file with the arguments of a prepared build directory (kbuild.c), in
 * parallel jobs.  Its findings below the audit's confidence threshold are
 * not dropped but listed as silences (kind low-confidence).
 */
#ifndef KDELTA_AUDIT_CLANG_H
#define KDELTA_AUDIT_CLANG_H

#include <stdbool.h>

#include "finding.h"
#include "progress.h"
#include "util.h"

struct clang_run {
	struct findings fs;	/* findings, files not fully analysed, silences:
				 * paths relative to the tree */
	struct strlist files;	/* given to the engine, relative, sorted */
	const char *how;	/* "compile_commands.json", "prepared build" */
	char *build_dir;	/* the prepared build directory, or NULL */
	bool cached;		/* prepared by an earlier audit (of this
				 * tree or of a copy) */
	char *skipped;		/* why the engine did not run, or NULL */
	bool failed;		/* a file could not be analysed (reported) */
	size_t outside;		/* scanned files not given: tools/, scripts/
				 * (userspace, not kernel objects) */
	size_t exact;		/* files given kbuild's own arguments after the
				 * template's did not parse */
	size_t again;		/* files analysed again, knowing the stamps
				 * other files set (nd_facts.c) */
};

/*
 * The engine on the scanned files (relative to kdir, sorted), unless
 * no_clang: with kdir/compile_commands.json its files among them;
 * otherwise all of them through a build directory prepared with config
 * (NULL: allmodconfig).  -1 after one message for an unusable database;
 * an engine that cannot run on the tree sets cr->skipped instead.  The
 * files served from the cache and those analysed are shown on prog.
 */
int audit_clang(const char *kdir, const struct strlist *scanned, bool no_clang,
		const char *config, long jobs, struct progress *prog, struct clang_run *cr);

void clang_run_free(struct clang_run *cr);

/* A path from an engine made relative to kdir (a real path) when in it. */
void audit_relative(const char *kdir, char **file);
void audit_relativize(const char *kdir, struct findings *fs);

#endif
