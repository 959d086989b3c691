/* SPDX-License-Identifier: GPL-2.0 */
/* paths.c: which files kdelta analyses, and reading them safely. */
#ifndef KDELTA_PATHS_H
#define KDELTA_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* The largest source file kdelta reads whole (the kernel's largest *.c
 * is a few MiB; its largest generated headers some tens). */
#define KD_MAX_SOURCE	((size_t)256 << 20)

/*
 * C files below the given paths, sorted; -1 after reporting a bad path.
 * A named path is followed if a link and must be a readable regular C
 * file (.c or .h) or a directory.  Below a directory, symbolic links are
 * not followed; a *.c entry that is not a regular file (FIFO, device,
 * socket) or cannot be read is an error like a named one: each gets one
 * line, and the result is -1 once the walk is over.
 */
int collect_c_files(char **paths, int npaths, struct strlist *out);

/* Whether a file, or a NUL-terminated text, names ktime_t, a delta source
 * or a current-time read of api.def; words: as whole identifiers. */
bool names_time_api(const char *file);
bool text_names_time_api(const char *text, bool words);

/* The *.c source files below root (no trailing '/'), relative, sorted;
 * hidden files and directories and *.mod.c left out, the rest as in
 * collect_c_files() (-1 after reporting every bad entry). */
int tree_c_files(const char *root, struct strlist *out);

#endif
