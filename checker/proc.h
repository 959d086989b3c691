/* SPDX-License-Identifier: GPL-2.0 */
/* proc.c: running helper tools (spatch, sparse). */
#ifndef KDELTA_PROC_H
#define KDELTA_PROC_H

/* Runs argv with its stdout and stderr into *out and *err (NUL-terminated,
 * to be freed); returns the exit status, or -1 if it could not run. */
int run_capture(char *const argv[], char **out, char **err);

#endif
