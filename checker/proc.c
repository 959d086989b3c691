// SPDX-License-Identifier: GPL-2.0
/* Running helper tools (spatch, sparse) and collecting what they print. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"
#include "util.h"

extern char **environ;

struct buf {
	char *p;
	size_t n, cap;
};

/* Returns 0 at end of file, 1 while open, -1 on error. */
static int drain(int fd, struct buf *b)
{
	char tmp[8192];
	ssize_t r = read(fd, tmp, sizeof(tmp));

	if (r < 0)
		return errno == EINTR ? 1 : -1;
	if (r == 0)
		return 0;
	if (b->n + (size_t)r + 1 > b->cap) {
		b->cap = 2 * (b->n + (size_t)r + 1);
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, tmp, (size_t)r);
	b->n += (size_t)r;
	b->p[b->n] = '\0';
	return 1;
}

/*
 * Both pipes are drained together so that a tool that writes a lot to
 * stderr cannot block on a full pipe while we wait on its stdout.
 */
static void collect(int ofd, int efd, struct buf *out, struct buf *err)
{
	struct pollfd pf[2] = { { ofd, POLLIN, 0 }, { efd, POLLIN, 0 } };
	struct buf *bs[2] = { out, err };
	int open = 2;

	while (open) {
		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (pf[i].fd < 0 || !pf[i].revents)
				continue;
			if (drain(pf[i].fd, bs[i]) <= 0) {
				close(pf[i].fd);
				pf[i].fd = -1;
				open--;
			}
		}
	}
}

int run_capture(char *const argv[], char **out, char **err)
{
	struct buf bo = { 0 }, be = { 0 };
	posix_spawn_file_actions_t fa;
	int po[2], pe[2], status;
	pid_t pid;

	if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, po[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, pe[1], STDERR_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
					 O_RDONLY, 0);
	errno = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	if (errno) {
		close(po[0]);
		close(pe[0]);
		return -1;
	}
	collect(po[0], pe[0], &bo, &be);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	*out = bo.p ? bo.p : xstrdup("");
	*err = be.p ? be.p : xstrdup("");
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}
