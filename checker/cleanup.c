// SPDX-License-Identifier: GPL-2.0
/*
 * Cleanups run on a fatal signal and at exit: spatch children killed,
 * private directories removed, however kdelta ends.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "util.h"

#define MAX_CLEANUPS 32

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

static struct {
	cleanup_fn fn;
	void *arg;
} slots[MAX_CLEANUPS];
static volatile sig_atomic_t installed;

/* Newest first; each slot is emptied before it runs, so a cleanup runs
 * once even if a signal arrives while the exit-time pass is running. */
static void run_all(void)
{
	for (int i = MAX_CLEANUPS - 1; i >= 0; i--) {
		cleanup_fn fn = slots[i].fn;

		if (!fn)
			continue;
		slots[i].fn = NULL;
		fn(slots[i].arg);
	}
}

static void on_signal(int sig)
{
	struct sigaction sa;
	sigset_t set;

	run_all();
	/* Die of the signal itself, as if no handler had been installed. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	raise(sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

void cleanup_block(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(*fatal_signals); i++)
		sigaddset(&set, fatal_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* Handlers for the fatal signals kdelta was not told to ignore (nohup). */
static void install(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	/* One cleanup pass: the other fatal signals wait for it. */
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(*fatal_signals); i++)
		sigaddset(&sa.sa_mask, fatal_signals[i]);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(*fatal_signals); i++) {
		if (sigaction(fatal_signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(fatal_signals[i], &sa, NULL);
	}
	atexit(run_all);
	installed = 1;
}

int cleanup_push(cleanup_fn fn, void *arg)
{
	sigset_t old;
	int h = -1;

	cleanup_block(&old);
	if (!installed)
		install();
	for (int i = 0; i < MAX_CLEANUPS && h < 0; i++) {
		if (slots[i].fn)
			continue;
		slots[i].arg = arg;
		slots[i].fn = fn;
		h = i;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (h < 0)
		kd_err("too many cleanups registered (%d)", MAX_CLEANUPS);
	return h;
}

void cleanup_pop(int handle, int run)
{
	cleanup_fn fn;
	sigset_t old;

	if (handle < 0 || handle >= MAX_CLEANUPS)
		return;
	cleanup_block(&old);
	fn = slots[handle].fn;
	slots[handle].fn = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fn && run)
		fn(slots[handle].arg);
}

static int rm_at(int dfd, const char *name, int depth);

/* Empties the directory open as fd; passes until nothing is left, since
 * removing entries while reading a directory may make it skip some. */
static int empty_dir(int fd, int depth)
{
	char buf[2048] __attribute__((aligned(8)));
	int removed = 1, rc = 0;

	while (removed) {
		ssize_t n;

		removed = 0;
		if (lseek(fd, 0, SEEK_SET) < 0)
			return -1;
		while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
			for (ssize_t off = 0; off < n;) {
				struct dirent64 *d = (struct dirent64 *)(buf + off);

				off += d->d_reclen;
				if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
					continue;
				if (rm_at(fd, d->d_name, depth + 1) < 0)
					rc = -1;
				else
					removed = 1;
			}
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int rm_at(int dfd, const char *name, int depth)
{
	int fd, rc;

	if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if ((errno != EISDIR && errno != EPERM) || depth > 16)
		return -1;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = empty_dir(fd, depth);
	close(fd);
	if (rc < 0)
		return -1;
	return unlinkat(dfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT ? 0 : -1;
}

int rm_tree(const char *path)
{
	return rm_at(AT_FDCWD, path, 0);
}
