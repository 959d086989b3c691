/* SPDX-License-Identifier: GPL-2.0 */
/*
 * header_absent.c: a parse that stopped at a missing header, made
 * cacheable.  Such a failure follows from the headers read before it
 * (hashed, as for any unit) and from the missing one being absent from
 * every place the compiler looked for it.  Those places are known only
 * when the compile command names all of them: with -nostdinc (no
 * compiler or system directories) and no sysroot-relative directory.
 * On lookup each place is checked again: a header that has appeared is a
 * miss, and the unit is parsed anew.
 */
#ifndef KDELTA_HEADER_ABSENT_H
#define KDELTA_HEADER_ABSENT_H

#include "util.h"

/*
 * The directories an #include is searched in, for the allow-list's
 * arguments args run in cwd, as absolute paths: cwd itself first (a
 * forced -include), then -iquote, -I, -isystem and -idirafter.  0, or -1
 * when the compile command does not name them all.
 */
int header_search_dirs(const struct strlist *args, const char *cwd, struct strlist *dirs);

/*
 * The paths the header that reason ("cannot parse: FILE:L:C: fatal error:
 * 'NAME' file not found") names was looked for at: NAME in FILE's own
 * directory and in each of dirs.  0, or -1 when reason is not that.
 */
int header_absent_paths(const char *reason, const struct strlist *dirs, const char *cwd,
			struct strlist *paths);

/* Whether nothing is at path (not even a dangling link). */
bool header_still_absent(const char *path);

#endif
