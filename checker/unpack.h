/* SPDX-License-Identifier: GPL-2.0 */
/*
 * unpack.c: what every form of SOURCE shares while it is unpacked
 * (source.c, source_git.c): its state, its one failure message, and the
 * checks of the names an archive or a git tree would have written.
 */
#ifndef KDELTA_UNPACK_H
#define KDELTA_UNPACK_H

#include <jansson.h>

enum source_form { SOURCE_DIR, SOURCE_TAR, SOURCE_DEB, SOURCE_RPM, SOURCE_GIT };

struct source {
	const char *spec;	/* as given on the command line */
	enum source_form form;
	char *kdir;		/* the tree to audit (real path) */
	char *tmp;		/* the temporary directory, or NULL */
	json_t *info;		/* {"form", "package"?, "commit"?, "describe"?} */
	json_t *vendor;		/* the package's own identity, or NULL */
	char *why;		/* after a failure: what was reported */
};

/* A failure of s: reported once (naming the SOURCE), kept in s->why; -1. */
int source_fail(struct source *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Whether rel is a safe member name: relative, no "..", "." or empty
 * component. */
int source_safe_name(const char *rel);
/* mkdir -p of dir/rel's parents, which are all below dir. */
int source_parents(const char *dir, const char *rel);

#endif
