/* SPDX-License-Identifier: GPL-2.0 */
/* proc.c: running helper tools (spatch, sparse, git). */
#ifndef KDELTA_PROC_H
#define KDELTA_PROC_H

#include <stddef.h>
#include <sys/types.h>

/* What a child printed: NUL-terminated, to be freed; outlen bytes of out
 * before the NUL (the output may hold NULs, as git's -z lists do). */
struct capture {
	char *out;
	size_t outlen;
	char *err;
};

/* Runs argv (looked up in PATH) with envp (NULL: kdelta's environment)
 * and stdin from /dev/null, its stdout and stderr into *c; returns its
 * exit status (128 + the signal that killed it), or -1 with errno set if
 * it could not run (nothing reported). */
int run_capture_env(char *const argv[], char *const envp[], struct capture *c);
/* The same in kdelta's environment, into *out and *err. */
int run_capture(char *const argv[], char **out, char **err);

/* How proc_start() confines a child. */
struct proc_opts {
	const char *cwd;	/* its working directory */
	char *const *envp;	/* its whole environment */
	long max_memory_mb;	/* its address space (RLIMIT_AS); 0: unlimited */
};

/* A running child: the leader of a process group of its own, its stdout
 * and stderr readable (non-blocking) from out and err. */
struct proc {
	pid_t pid;
	int out, err;
};

/* The absolute path of name in one of PATH's absolute directories (a
 * relative entry would be looked up in an analysed tree), or NULL. */
char *proc_which(const char *name);

/* Starts argv[0], an absolute path, with stdin from /dev/null.  Its
 * process group is killed if kdelta dies or is interrupted.  Returns 0,
 * or -1 with errno set (nothing reported). */
int proc_start(char *const argv[], const struct proc_opts *o, struct proc *p);
/* Kills the child's whole process group. */
void proc_kill(const struct proc *p);
/* Reaps the child and closes what is still open; returns its wait status. */
int proc_wait(struct proc *p);

#endif
