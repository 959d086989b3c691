/* SPDX-License-Identifier: GPL-2.0 */
/* check.c: the libclang engine's command, `kdelta check`. */
#ifndef KDELTA_CHECK_H
#define KDELTA_CHECK_H

#include "compdb.h"
#include "finding.h"
#include "util.h"

int cmd_check(int argc, char **argv);

/* Called before each file check_findings_db() parses, with its arg. */
typedef void kd_progress_fn(void *arg, unsigned int done, unsigned int total);

/* The libclang engine over files of build_dir/compile_commands.json (all
 * when nfiles is 0), as `kdelta check -p`; -1 if a file failed (reported).
 * Each parsed unit's files are recorded in out too (struct dep). */
int check_findings_db(const char *build_dir, char **files, int nfiles,
		      enum kd_confidence conf, kd_progress_fn *progress,
		      void *progress_arg,
		      struct findings *out);

/* The arguments libclang is given for a database entry (the allow-list's
 * options of its command), added to args. */
void check_entry_args(const struct compdb_entry *ce, struct strlist *args);

#endif
