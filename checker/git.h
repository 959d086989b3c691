/* SPDX-License-Identifier: GPL-2.0 */
/*
 * git.c: running git on a repository kdelta reads and does not trust.
 * Its configuration, attributes and hooks name programs git would run
 * (core.fsmonitor, filter drivers, textconv, external diff, pager, hooks,
 * transports): every run overrides them, and the commands used are ones
 * that never read the work tree through git (no filter can run) and never
 * reach a remote.
 */
#ifndef KDELTA_GIT_H
#define KDELTA_GIT_H

#include <stddef.h>
#include <sys/types.h>

struct git_out {
	char *out;	/* stdout, NUL-terminated; len bytes before the NUL */
	size_t len;
	char *err;	/* stderr, NUL-terminated */
};

/*
 * git -C dir ARGS... (args NULL-terminated), dir a work tree or
 * repository: its exit status with what it printed in *o, or -1 after
 * reporting that git could not run.  Free *o with git_out_free().
 */
int git_run(const char *dir, const char *const *args, struct git_out *o);
/* The same with the arguments listed, ending with NULL. */
int git_runl(const char *dir, struct git_out *o, ...);
void git_out_free(struct git_out *o);
/*
 * The same confined git with its stdin, stdout and stderr on the given
 * descriptors (a stream too large to hold): its pid, to be waited for,
 * or -1 after one message.
 */
pid_t git_spawn(const char *dir, const char *const *args, int in_fd,
		int out_fd, int err_fd);

/* The first line of what git printed on stderr, printable: a message's
 * end, to be freed. */
char *git_err_line(const struct git_out *o);

/*
 * The `git diff -U0` of two texts (old, new), through `git diff
 * --no-index` on private copies outside any repository, with neither the
 * user's nor the system's configuration: no program but git runs.
 * 0 with the diff in *o, -1 after reporting an error.
 */
int git_diff_texts(const char *old, size_t oldlen, const char *new,
		   size_t newlen, struct git_out *o);

#endif
