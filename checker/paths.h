/* SPDX-License-Identifier: GPL-2.0 */
/* paths.c: which files kdelta analyses. */
#ifndef KDELTA_PATHS_H
#define KDELTA_PATHS_H

#include <stdbool.h>

#include "util.h"

/* C files below the given paths; -1 after reporting a bad path. */
int collect_c_files(char **paths, int npaths, struct strlist *out);

/* Whether a file, or a NUL-terminated text, names ktime_t, a delta source
 * or a current-time read of api.def; words: as whole identifiers. */
bool names_time_api(const char *file);
bool text_names_time_api(const char *text, bool words);

/* The *.c source files below root (no trailing '/'), relative, sorted. */
int tree_c_files(const char *root, struct strlist *out);

#endif
