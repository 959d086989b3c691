/* SPDX-License-Identifier: GPL-2.0 */
/*
 * outdir.c: the output directory, written all or none.  Everything is
 * decided before anything is created (outdir_open); the files are then
 * written into a fresh private directory beside it (outdir_begin,
 * outdir_file) and swapped in whole (outdir_commit).  A failure or an
 * interrupt (SIGINT, SIGTERM, SIGHUP, SIGQUIT) leaves the directory as it
 * was and no temporary behind (outdir_close).
 */
#ifndef KDELTA_OUTDIR_H
#define KDELTA_OUTDIR_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "util.h"

struct outdir {
	char *path;		/* as given: messages and the paths printed */
	char *abs;		/* absolute, symlinks resolved where it exists */
	char *parent;		/* abs's directory */
	char *base;		/* abs's last component */
	const char *const *names;	/* all it may hold; NULL-terminated */
	const char *const *subnames;	/* what its directories may hold, or
					 * NULL: no directory */
	char *sub;			/* outdir_enter's directory */
	struct strlist dirs;		/* made in tmp */
	bool exists;
	mode_t mode;		/* of the directory put in place */
	int pfd, tfd;		/* parent, temporary directory */
	char *tmp;		/* the temporary directory's name in parent */
	struct strlist made;	/* parents created, outermost first */
	struct strlist files;	/* written into tmp */
	sigset_t oldmask;
	bool blocked;
};

/*
 * path: the directory (created, with its parents, or replaced: it must
 * hold nothing but names); kdir: the audited tree it must not be in, or
 * NULL.  Creates nothing; -1 after one message.
 */
int outdir_open(struct outdir *od, const char *path, const char *kdir,
		const char *const *names);
/* The same for a directory that holds directories too (a fleet's), each
 * holding only subnames. */
int outdir_open_dirs(struct outdir *od, const char *path, const char *kdir,
		     const char *const *names, const char *const *subnames);
/* Makes the temporary directory; interrupts wait until outdir_close(). */
int outdir_begin(struct outdir *od);
/* A new file of the temporary directory (never an existing one). */
FILE *outdir_file(struct outdir *od, const char *name);
/* Makes the directory name (a single component) in the temporary
 * directory; outdir_file() then writes into it, until
 * outdir_enter(od, NULL).  -1 after one message. */
int outdir_enter(struct outdir *od, const char *name);
/* Puts the temporary directory in place of path; prints each file. */
int outdir_commit(struct outdir *od);
/* Removes what is left of a run that did not commit; frees. */
void outdir_close(struct outdir *od);

#endif
