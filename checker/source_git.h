/* SPDX-License-Identifier: GPL-2.0 */
/*
 * source_git.c: a SOURCE GITDIR@REV, the revision's files read straight
 * from the object store (git ls-tree, git cat-file --batch) into the
 * source's temporary directory: no checkout, nothing written into the
 * repository, no attribute, filter or hook of it run (git.c confines
 * every git).  A bare mirror works.
 */
#ifndef KDELTA_SOURCE_GIT_H
#define KDELTA_SOURCE_GIT_H

#include "unpack.h"

/* s->spec is GITDIR@REV and s->tmp made: 0, or -1 after one message. */
int source_open_git(struct source *s);

#endif
