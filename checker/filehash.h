/* SPDX-License-Identifier: GPL-2.0 */
/*
 * filehash.c: the SHA-256 of files by path, each file read once per
 * table.  The libclang engine's cache entries list the headers a unit
 * read; a kernel's units share most of theirs, so a tree's few thousand
 * headers are hashed once, not once per unit.
 */
#ifndef KDELTA_FILEHASH_H
#define KDELTA_FILEHASH_H

#include <stddef.h>

struct filehash {
	struct filehash_slot *v;
	size_t n, cap;		/* used, allocated (a power of two) */
};

/* The SHA-256 of the regular file at path as 64 hex digits, or NULL when
 * it cannot be read (a link, a FIFO, missing); valid until the table is
 * freed. */
const char *filehash_get(struct filehash *t, const char *path);
void filehash_free(struct filehash *t);

#endif
