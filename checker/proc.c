// SPDX-License-Identifier: GPL-2.0
/* Running helper tools (spatch, sparse) and collecting what they print. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "proc.h"
#include "util.h"

extern char **environ;

struct buf {
	char *p;
	size_t n, cap;
};

/* 0 at end of file (or a read error), 1 while open. */
static int drain(int fd, struct buf *b)
{
	char tmp[65536];
	ssize_t r = read(fd, tmp, sizeof(tmp));

	if (r < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : 0;
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
static void collect(int ofd, int efd, struct buf *bs)
{
	struct pollfd pf[2] = { { ofd, POLLIN, 0 }, { efd, POLLIN, 0 } };
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
			if (!drain(pf[i].fd, &bs[i])) {
				close(pf[i].fd);
				pf[i].fd = -1;
				open--;
			}
		}
	}
	for (int i = 0; i < 2; i++)
		if (pf[i].fd >= 0)
			close(pf[i].fd);
}

/* argv with stdout and stderr on the write ends of po and pe (closed
 * here), stdin from /dev/null; its pid, or -1 with errno set. */
static pid_t spawn_piped(char *const argv[], char *const envp[], int po[2],
			 int pe[2])
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int e;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, po[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, pe[1], STDERR_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
					 O_RDONLY, 0);
	e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	if (e) {
		close(po[0]);
		close(pe[0]);
		errno = e;
		return -1;
	}
	return pid;
}

int run_capture_env(char *const argv[], char *const envp[], struct capture *c)
{
	struct buf bs[2] = { { 0 }, { 0 } };
	int po[2], pe[2], status;
	pid_t pid;

	memset(c, 0, sizeof(*c));
	if (pipe2(po, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(pe, O_CLOEXEC) < 0) {
		close(po[0]);
		close(po[1]);
		return -1;
	}
	pid = spawn_piped(argv, envp ? envp : environ, po, pe);
	if (pid < 0)
		return -1;
	collect(po[0], pe[0], bs);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			free(bs[0].p);
			free(bs[1].p);
			return -1;
		}
	}
	c->out = bs[0].p ? bs[0].p : xstrdup("");
	c->outlen = bs[0].n;
	c->err = bs[1].p ? bs[1].p : xstrdup("");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run_capture(char *const argv[], char **out, char **err)
{
	struct capture c;
	int rc = run_capture_env(argv, NULL, &c);

	if (rc < 0)
		return -1;
	*out = c.out;
	*err = c.err;
	return rc;
}

/* --- confined children: own process group, limits, killed with kdelta --- */

#define MAX_LIVE (KD_MAX_JOBS + 16)

/* The process groups to kill if kdelta is interrupted; read by a signal
 * handler, so written with the fatal signals blocked. */
static volatile pid_t live[MAX_LIVE];
static int live_cleanup = -1;

static void kill_live(void *arg)
{
	(void)arg;
	for (int i = 0; i < MAX_LIVE; i++)
		if (live[i] > 0)
			kill(-live[i], SIGKILL);
}

static int live_add(pid_t pid)
{
	for (int i = 0; i < MAX_LIVE; i++)
		if (!live[i]) {
			live[i] = pid;
			return 0;
		}
	return -1;
}

static void live_del(pid_t pid)
{
	sigset_t old;

	cleanup_block(&old);
	for (int i = 0; i < MAX_LIVE; i++)
		if (live[i] == pid)
			live[i] = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

char *proc_which(const char *name)
{
	const char *path = getenv("PATH");
	char *dirs, *save = NULL, *found = NULL;
	struct stat st;

	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	dirs = xstrdup(path);
	for (char *d = strtok_r(dirs, ":", &save); d && !found;
	     d = strtok_r(NULL, ":", &save)) {
		char *p;

		if (d[0] != '/')
			continue;
		p = xasprintf("%s/%s", d, name);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && !access(p, X_OK))
			found = p;
		else
			free(p);
	}
	free(dirs);
	return found;
}

/* Between fork and exec: async-signal-safe calls only.  A failure is
 * written to ep as an errno value for the parent. */
static void __attribute__((noreturn))
child(char *const argv[], const struct proc_opts *o, int out, int err, int ep,
      pid_t parent)
{
	struct rlimit rl;
	sigset_t none;
	int in;

	setpgid(0, 0);
	/* The group dies with kdelta, even of SIGKILL. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	in = open("/dev/null", O_RDONLY);
	if (in < 0 || dup2(in, STDIN_FILENO) < 0 ||
	    dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0 ||
	    chdir(o->cwd) < 0)
		goto fail;
	if (o->max_memory_mb > 0) {
		rl.rlim_cur = rl.rlim_max = (rlim_t)o->max_memory_mb << 20;
		if (setrlimit(RLIMIT_AS, &rl) < 0)
			goto fail;
	}
	execve(argv[0], argv, o->envp);
fail:
	in = errno;
	if (write(ep, &in, sizeof(in)) < 0)
		_exit(126);
	_exit(127);
}

static void close_pair(int p[2])
{
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
}

/* Whether the child reported a failure before exec (errno in *e). */
static int exec_failed(int ep, int *e)
{
	ssize_t n;

	while ((n = read(ep, e, sizeof(*e))) < 0 && errno == EINTR)
		;
	return n == (ssize_t)sizeof(*e);
}

int proc_start(char *const argv[], const struct proc_opts *o, struct proc *p)
{
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 }, ep[2] = { -1, -1 }, e;
	pid_t parent = getpid(), pid;
	sigset_t old;

	if (live_cleanup < 0)
		live_cleanup = cleanup_push(kill_live, NULL);
	if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0 ||
	    pipe2(ep, O_CLOEXEC) < 0) {
		e = errno;
		goto fail;
	}
	/* Registered before an interruption can see the child unlisted. */
	cleanup_block(&old);
	pid = fork();
	if (pid == 0)
		child(argv, o, po[1], pe[1], ep[1], parent);
	if (pid < 0 || live_add(pid) < 0) {
		e = pid < 0 ? errno : EAGAIN;
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
		goto fail;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	setpgid(pid, pid);
	close(po[1]);
	close(pe[1]);
	close(ep[1]);
	po[1] = pe[1] = ep[1] = -1;
	if (exec_failed(ep[0], &e)) {
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		live_del(pid);
		goto fail;
	}
	close(ep[0]);
	p->pid = pid;
	p->out = po[0];
	p->err = pe[0];
	fcntl(p->out, F_SETFL, O_NONBLOCK);
	fcntl(p->err, F_SETFL, O_NONBLOCK);
	return 0;
fail:
	close_pair(po);
	close_pair(pe);
	close_pair(ep);
	errno = e;
	return -1;
}

void proc_kill(const struct proc *p)
{
	kill(-p->pid, SIGKILL);
}

int proc_wait(struct proc *p)
{
	siginfo_t info;
	int status = 0;

	if (p->out >= 0)
		close(p->out);
	if (p->err >= 0)
		close(p->err);
	p->out = p->err = -1;
	/* Once the leader has exited, and before it is reaped (its group id
	 * cannot be reused yet), whatever it left in its group goes too. */
	while (waitid(P_PID, (id_t)p->pid, &info, WEXITED | WNOWAIT) < 0 &&
	       errno == EINTR)
		;
	kill(-p->pid, SIGKILL);
	while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR)
		;
	live_del(p->pid);
	return status;
}
