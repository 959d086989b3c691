/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbuild_memo.c: kbuild's own arguments for a file (`make -n FILE.o`,
 * contained, a second or so a file), remembered beside the prepared build
 * directory DIR in DIR.exact/, one entry a file, named by a hash of its
 * path.  They follow from what DIR's key covers (every Makefile and
 * Kbuild file, the configuration) and the file's path, so any audit of a
 * tree with that key reuses them.  An entry keeps kbuild's command with
 * the tree's path as kbuild saw it (DIR.src), or that kbuild has none for
 * the file; a make -n that failed is not remembered.  Entries are read
 * as untrusted: the path must be the file's, and the arguments pass
 * ccargs.c's allow-list again.
 */
#ifndef KDELTA_KBUILD_MEMO_H
#define KDELTA_KBUILD_MEMO_H

#include "util.h"

/* rel's entry: 1 with its arguments added to args, 0 when kbuild has no
 * command for it, -1 when there is no usable entry. */
int kbuild_memo_get(const char *dir, const char *rel, struct strlist *args);
/* Remembers args (NULL: no command) for rel; an error is not one. */
void kbuild_memo_put(const char *dir, const char *rel, const struct strlist *args);

#endif
