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

#include <stddef.h>

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

/* One rule over some files (indices into the sandbox's files). */
struct spatch_batch {
	char **argv;		/* spatch's options, NULL-terminated, the files' not;
				 * argv[0] is replaced by the sandbox's exe */
	const char *what;	/* the rule, for messages */
	size_t rule;		/* the caller's: outputs come in rule order */
	size_t *idx;
	size_t n;
};

/* What one spatch process printed on stdout, for the files from `first`
 * on of a batch of rule `rule`. */
struct spatch_output {
	size_t rule, first;
	char *text;
};

/* Creates the sandbox for names (checked, linked); -1 after reporting. */
int spatch_open(struct spatch_sandbox *sb, const struct strlist *names,
		const struct spatch_limits *lim);
/* Runs the batches, jobs at a time; the outputs of the processes that
 * ended normally, sorted by rule and first file.  -1 after reporting
 * (spatch could not run, or failed before analysing any file). */
int spatch_run(struct spatch_sandbox *sb, const struct spatch_batch *b,
	       size_t nb, long jobs, struct spatch_output **outs, size_t *nouts);
/* The sandbox's file with this link path, or NULL. */
struct spatch_file *spatch_file_of(const struct spatch_sandbox *sb,
				   const char *link);
/* Removes the private directory; frees everything. */
void spatch_close(struct spatch_sandbox *sb);

#endif
