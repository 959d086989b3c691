/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbuild.c: a prepared build directory of kdelta's own for a tree that
 * has no compile_commands.json, and each file's compile arguments derived
 * from it as kbuild would give them, so that the libclang engine runs in
 * every audit.  The directory is kbuild's O=, under the cache, made once
 * per configuration and content of what configuring and preparing read
 * (kbuild_key.c; copies of a tree in different places share it):
 * `make allmodconfig` (kbuild_key.h), or a given .config and `make
 * olddefconfig`, then
 * `make prepare`; the tree itself
 * is never written to: kbuild runs with the tree and the whole file
 * system read-only but for that directory, and without a network.
 */
#ifndef KDELTA_KBUILD_H
#define KDELTA_KBUILD_H

#include <stdbool.h>

#include "util.h"

struct kbuild {
	char *dir;		/* the build directory, O= (shared) */
	char *src;		/* where kbuild sees the tree: dir.src */
	char *lock;		/* dir.lock */
	char *db;		/* this audit's own: compile_commands.json */
	int cleanup;		/* db's cleanup handle + 1, or 0 */
	struct strlist tmpl;	/* kbuild's c_flags for a file, less the
				 * file's own (its directory, its names),
				 * for this tree's path */
	bool cached;		/* prepared by an earlier audit */
};

/*
 * Prepares kb for the tree at kdir (a real path) with config (a .config
 * to start from, or NULL: allmodconfig).  0; or -1 with *why (allocated):
 * the engine cannot run on this tree (not configurable, configured in
 * place, no containment), which the report states.
 */
int kbuild_prepare(const char *kdir, const char *config, struct kbuild *kb,
		   char **why);

/*
 * Writes kb->db/compile_commands.json: one entry for each file (relative
 * to kdir), with kb's template and the file's own arguments; or, with
 * exact, the arguments kbuild gives the file itself (`make -n FILE.o`,
 * contained: its directory's own flags too; one make for all the files),
 * for the files it has a command for, which are added to got
 * when not NULL.  -1 after one message.
 */
int kbuild_compdb(const struct kbuild *kb, const char *kdir,
		  const struct strlist *files, bool exact, struct strlist *got);

void kbuild_free(struct kbuild *kb);

#endif
