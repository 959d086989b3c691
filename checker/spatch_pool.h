/* SPDX-License-Identifier: GPL-2.0 */
/* spatch_pool.c: the spatch processes of a run, jobs at a time. */
#ifndef KDELTA_SPATCH_POOL_H
#define KDELTA_SPATCH_POOL_H

#include <stdbool.h>
#include <stddef.h>

#include "spatch.h"
#include "util.h"

/* One rule over some files (indices into the sandbox's files). */
struct spatch_batch {
	char **argv;		/* spatch's options, NULL-terminated, the files' not;
				 * argv[0] is replaced by the sandbox's exe */
	const char *what;	/* the rule, for messages */
	bool channel;		/* each process gets -D kdelta_channel=FILE, a
				 * new file of the private directory */
	size_t rule;		/* the caller's: outputs come in rule order */
	size_t *idx;
	size_t n;
};

/* What one spatch process printed on stdout, for the files from `first`
 * on of a batch of rule `rule`. */
struct spatch_output {
	size_t rule, first;
	char *text;
	char *channel;		/* its channel file, for a batch with one */
	struct strlist given;	/* the links it was given */
};

/* Runs the batches, jobs at a time; the outputs of the processes that
 * ended normally, sorted by rule and first file.  -1 after reporting
 * (spatch could not run, or failed before analysing any file). */
int spatch_run(struct spatch_sandbox *sb, const struct spatch_batch *b,
	       size_t nb, long jobs, struct spatch_output **outs, size_t *nouts);
void spatch_outputs_free(struct spatch_output *outs, size_t n);

#endif
