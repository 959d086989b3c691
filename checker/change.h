/* SPDX-License-Identifier: GPL-2.0 */
/*
 * change.c: what a git change is made of, for `kdelta lint`: the top of
 * the work tree, the base revision, the C files the change adds or
 * modifies and the hunks of one of them.  Read through git.c only, which
 * runs nothing the repository configures.
 */
#ifndef KDELTA_CHANGE_H
#define KDELTA_CHANGE_H

#include <stddef.h>

/* One hunk of a -U0 diff: new lines start..start+count-1 or, when count
 * is 0, lines removed after new line start. */
struct hunk {
	unsigned int start, count;
};

struct change_file {
	char *path;	/* relative to the top of the work tree, as bytes */
	char *old;	/* its blob at the base, or NULL: added (or --all) */
};

struct change_files {
	struct change_file *v;
	size_t n;
};

/* The top of the work tree kdir is in (absolute); -1 after reporting. */
int change_top(const char *kdir, char **top);

/* The commit id of base or, with none, of the merge base with the
 * branch's upstream, else of HEAD~1; -1 after reporting. */
int change_base(const char *top, const char *base, char **rev);

/*
 * The tracked C files of the work tree, sorted: with rev, those added or
 * modified since rev (the work tree against rev, whatever is committed,
 * staged or not; untracked files are not seen), else all.  Files are
 * compared byte for byte, without any filter.  A tracked C file that
 * cannot be read, or is not a regular file, is reported: -1.
 */
int change_select(const char *top, const char *rev, struct change_files *cf);
void change_files_free(struct change_files *cf);

/* The hunks turning the blob old (NULL: nothing) into text; -1 after
 * reporting an error. */
int change_hunks(const char *top, const char *old, const char *text,
		 size_t len, struct hunk **h, size_t *n);

#endif
