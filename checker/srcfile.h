/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srcfile.c: reading files kdelta does not trust (a tree's Makefile, its
 * sources, a shard): regular files only, never blocking on a FIFO, never
 * more than a limit; and a source file split into lines, for quoting code.
 */
#ifndef KDELTA_SRCFILE_H
#define KDELTA_SRCFILE_H

#include <stdbool.h>
#include <stddef.h>

#define KD_SRC_MAX	(16u << 20)	/* a source file quoted from */

struct rfile {
	char *text;		/* NUL-terminated */
	size_t len;
	bool truncated;		/* the file holds more than the limit */
	const char *why;	/* on failure: what is wrong, for a message */
	int err;		/* and its errno, 0 when not an I/O error */
};

/* The regular file at path, at most cap bytes of it: 0, or -1 with why. */
int read_regular(const char *path, size_t cap, struct rfile *f);
/* The same of root/rel, refused when rel is absolute, has a ".."
 * component or resolves (through symlinks) outside root. */
int read_in_tree(const char *root, const char *rel, size_t cap,
		 struct rfile *f);

/* line[i] is line i + 1, without its newline. */
struct srcfile {
	char *text;
	char **line;
	size_t n;
};

int srcfile_read(const char *path, struct srcfile *s);
/* A context file of a report: rel inside the tree root only. */
int srcfile_read_in(const char *root, const char *rel, struct srcfile *s);
void srcfile_free(struct srcfile *s);

#endif
