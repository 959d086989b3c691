/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cleanup.c: what must be undone however kdelta ends.  A command registers
 * a cleanup (kill its children, remove its temporaries) while it holds the
 * resource; on SIGINT, SIGTERM, SIGHUP or SIGPIPE the cleanups run, newest
 * first, and kdelta dies of the signal (the shell sees 128 + signo); at
 * exit() (an out-of-memory exit, say) they run too.
 *
 * A cleanup may run inside a signal handler: it must use async-signal-safe
 * calls only (kill, unlink, rmdir, close, ...: no malloc, no stdio), and
 * read only what was complete before it was pushed (rm_tree() below
 * removes a directory that way).
 */
#ifndef KDELTA_CLEANUP_H
#define KDELTA_CLEANUP_H

#include <signal.h>

typedef void (*cleanup_fn)(void *arg);

/* Registers fn(arg); returns a handle for cleanup_pop(), or -1 (reported)
 * when too many are registered. */
int cleanup_push(cleanup_fn fn, void *arg);
/* Unregisters a cleanup, running it first if run is non-zero. */
void cleanup_pop(int handle, int run);

/* Blocks the fatal signals (old: the mask to restore with sigprocmask):
 * around an update the cleanups read, such as starting a child. */
void cleanup_block(sigset_t *old);

/* Removes path and everything below it, without following symbolic
 * links; async-signal-safe.  Returns 0, or -1 with errno set. */
int rm_tree(const char *path);

#endif
