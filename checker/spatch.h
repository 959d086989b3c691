/* SPDX-License-Identifier: GPL-2.0 */
/*
 * spatch.c: running spatch on untrusted files, confined.  spatch runs in a
 * private directory kdelta creates (its working directory and TMPDIR, so
 * that no Python module, .cocciconfig or temporary file of an analysed
 * tree is ever used), with a Python environment that ignores the current
 * directory, PYTHONPATH and the user's site, and sees every file through
 * a link of a safe name (kNNNNNN.c) in that directory: a file name never
 * reaches spatch's command line or the shell it runs diff through.
 *
 * Each spatch process analyses a batch of files one after the other, in a
 * process group of its own, under an address-space limit; a file that
 * runs past the timeout is killed with its group.  What spatch prints on
 * stderr says which file it is on and which failed; a file that was not
 * fully analysed (timeout, out of memory, stack overflow, unreadable,
 * mostly unparsable, too large, not a regular file) gets a reason, and
 * the rest of its batch runs again without it.
 */
#ifndef KDELTA_SPATCH_H
#define KDELTA_SPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util.h"

struct spatch_limits {
	long timeout;		/* seconds a file: spatch's --timeout, then a kill */
	long max_memory;	/* MB of address space a spatch process */
	long max_size;		/* bytes: a larger file is not handed to spatch */
};

struct spatch_file {
	const char *name;	/* as given: what findings and diffs show */
	char *link;		/* <sandbox>/kNNNNNN.c, what spatch sees; NULL if
				 * the file is not handed to spatch */
	char *dir;		/* absolute directory of name: -I for its "" includes */
	size_t lines;
	char *reason;		/* why it was not fully analysed, or NULL */
};

struct spatch_sandbox {
	char *dir;		/* private, absolute; removed by spatch_close() */
	char *exe;		/* spatch, absolute */
	char **envp;
	struct spatch_file *files;
	size_t nfiles;
	struct spatch_limits lim;
	int cleanup;
};

/* Creates the sandbox for names (checked, linked); -1 after reporting. */
int spatch_open(struct spatch_sandbox *sb, const struct strlist *names,
		const struct spatch_limits *lim);
/* The sandbox's file with this link path, or NULL. */
struct spatch_file *spatch_file_of(const struct spatch_sandbox *sb,
				   const char *link);
/* Removes the private directory; frees everything. */
void spatch_close(struct spatch_sandbox *sb);

/* For the runs (spatch_pool.c): a file's reason not fully analysed (the
 * first kept); the spatch processes running, for an interruption to
 * kill; spatch's own temporary files of a killed process removed. */
void spatch_set_reason(struct spatch_file *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void spatch_set_running(pid_t old, pid_t pid);
void spatch_remove_temps(pid_t pid);

#endif
