/* SPDX-License-Identifier: GPL-2.0 */
/* tree.c: the audited kernel tree, its identity and the default tree. */
#ifndef KDELTA_TREE_H
#define KDELTA_TREE_H

#include <jansson.h>

int tree_check(const char *kdir);
json_t *tree_identity(const char *kdir, json_t *vendor);
const char *default_tarball(void);
int default_tree(char **kdir, json_t **vendor);
char *default_tree_path(void);
/* ${KDELTA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdelta}, allocated. */
char *cache_dir(void);
/* mkdir -p (mode 0755); -1 with errno set. */
int mkdir_p(const char *path);

#endif
