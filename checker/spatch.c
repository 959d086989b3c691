// SPDX-License-Identifier: GPL-2.0
/*
 * Running spatch confined: a private directory, safe file names, a clean
 * Python environment, a timeout and a memory limit a file, and every file
 * that was not fully analysed named with the reason.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "proc.h"
#include "spatch.h"
#include "util.h"

extern char **environ;

/* --- the sandbox --- */

/* The spatch processes running, for an interruption to kill them and
 * remove their temporary files. */
static volatile pid_t running[KD_MAX_JOBS];

/* spatch writes its temporary files into /tmp whatever TMPDIR says, as
 * cocci-output-PID-* and cocci_small_output-PID-*; a killed spatch leaves
 * them behind.  Async-signal-safe. */
void spatch_remove_temps(pid_t pid)
{
	static const char *const prefix[] = { "cocci-output-", "cocci_small_output-" };
	char buf[2048] __attribute__((aligned(8))), digits[24];
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC), nd = 0;
	ssize_t n;

	if (fd < 0)
		return;
	for (pid_t v = pid; v && nd < 20; v /= 10)
		digits[20 - ++nd] = (char)('0' + v % 10);
	while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);

			off += d->d_reclen;
			for (int i = 0; i < 2; i++) {
				size_t l = strlen(prefix[i]);

				if (!strncmp(d->d_name, prefix[i], l) &&
				    !strncmp(d->d_name + l, digits + 20 - nd, (size_t)nd) &&
				    d->d_name[l + (size_t)nd] == '-')
					unlinkat(fd, d->d_name, 0);
			}
		}
	}
	close(fd);
}

/* Kills what still runs (an interruption), then removes the private
 * directory and spatch's own temporary files.  Async-signal-safe. */
static void rm_private(void *dir)
{
	siginfo_t info;

	for (int i = 0; i < KD_MAX_JOBS; i++) {
		pid_t pid = running[i];

		if (pid <= 0)
			continue;
		kill(-pid, SIGKILL);
		waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT);
		spatch_remove_temps(pid);
	}
	rm_tree(dir);
}

void spatch_set_running(pid_t old, pid_t pid)
{
	for (int i = 0; i < KD_MAX_JOBS; i++)
		if (running[i] == old) {
			running[i] = pid;
			return;
		}
}

/* Under $TMPDIR (or /tmp), absolute even if TMPDIR is not.  The links'
 * paths reach the shell spatch runs diff through: a TMPDIR with any
 * other character than these is not used. */
static char *private_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl, *abs;

	if (!tmp || !*tmp || tmp[strspn(tmp, "abcdefghijklmnopqrstuvwxyz"
					 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-")])
		tmp = "/tmp";
	tmpl = xasprintf("%s/kdelta-XXXXXX", tmp);
	if (!mkdtemp(tmpl)) {
		kd_err("%s: cannot create a private directory: %s", tmp,
		       strerror(errno));
		free(tmpl);
		return NULL;
	}
	abs = realpath(tmpl, NULL);
	if (!abs) {
		kd_err("%s: %s", tmpl, strerror(errno));
		rmdir(tmpl);
	}
	free(tmpl);
	return abs;
}

/* The caller's environment, less every PYTHON* variable (PYTHONPATH,
 * PYTHONSTARTUP, PYTHONHOME, ...); Python ignores the current directory
 * and the user's site; temporary files go to the private directory. */
static char **clean_env(const char *dir)
{
	static const char *const add[] = {
		"PYTHONSAFEPATH=1", "PYTHONNOUSERSITE=1",
		"PYTHONDONTWRITEBYTECODE=1",
	};
	size_t n = 0, w = 0;
	char **env;

	while (environ[n])
		n++;
	env = xcalloc(n + 5, sizeof(*env));
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "PYTHON", 6) &&
		    strncmp(environ[i], "TMPDIR=", 7))
			env[w++] = xstrdup(environ[i]);
	for (size_t i = 0; i < sizeof(add) / sizeof(*add); i++)
		env[w++] = xstrdup(add[i]);
	env[w] = xasprintf("TMPDIR=%s", dir);
	return env;
}

/* The first reason a file was not fully analysed is the one kept. */
void spatch_set_reason(struct spatch_file *f, const char *fmt, ...)
{
	va_list ap;

	if (f->reason)
		return;
	va_start(ap, fmt);
	f->reason = xvasprintf(fmt, ap);
	va_end(ap);
}

static size_t count_lines(int fd)
{
	char buf[65536];
	size_t lines = 0;
	ssize_t n;
	char last = '\n';

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
		last = buf[n - 1];
	}
	return lines + (last != '\n');
}

/* A regular file within the size limit is counted and linked as
 * <sandbox>/kNNNNNN.c (or .h); anything else gets its reason.  stat()
 * first, so that no device or FIFO is ever opened. */
static int admit(struct spatch_sandbox *sb, size_t i, const char *cwd)
{
	struct spatch_file *f = &sb->files[i];
	const char *name = f->name, *suffix;
	struct stat st;
	char *abs;
	int fd;

	if (stat(name, &st) < 0) {
		spatch_set_reason(f, "cannot read: %s", strerror(errno));
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		spatch_set_reason(f, "not a regular file");
		return 0;
	}
	fd = open(name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		spatch_set_reason(f, "cannot read: %s", fd < 0 ? strerror(errno) :
			   "not a regular file");
		if (fd >= 0)
			close(fd);
		return 0;
	}
	if (st.st_size > sb->lim.max_size) {
		spatch_set_reason(f, "too large: %lld bytes (limit %ld)",
			   (long long)st.st_size, sb->lim.max_size);
		close(fd);
		return 0;
	}
	f->lines = count_lines(fd);
	close(fd);
	abs = name[0] == '/' ? xstrdup(name) : xasprintf("%s/%s", cwd, name);
	f->dir = xstrndup(abs, strrchr(abs, '/') == abs ? 1 :
			  (size_t)(strrchr(abs, '/') - abs));
	suffix = strlen(name) > 2 && !strcmp(name + strlen(name) - 2, ".h") ?
		 ".h" : ".c";
	f->link = xasprintf("%s/k%06zu%s", sb->dir, i, suffix);
	if (symlink(abs, f->link) < 0) {
		kd_err("%s: cannot link %s: %s", f->link, name, strerror(errno));
		free(abs);
		return -1;
	}
	free(abs);
	return 0;
}

int spatch_open(struct spatch_sandbox *sb, const struct strlist *names,
		const struct spatch_limits *lim)
{
	char *cwd;
	int rc = 0;

	memset(sb, 0, sizeof(*sb));
	sb->cleanup = -1;
	sb->lim = *lim;
	sb->exe = proc_which("spatch");
	if (!sb->exe) {
		kd_err("cannot run spatch (install coccinelle: scripts/setup-deps.sh)");
		return -1;
	}
	cwd = getcwd(NULL, 0);
	if (!cwd) {
		kd_err("cannot get the current directory: %s", strerror(errno));
		return -1;
	}
	sb->dir = private_dir();
	if (!sb->dir) {
		free(cwd);
		return -1;
	}
	sb->cleanup = cleanup_push(rm_private, sb->dir);
	sb->envp = clean_env(sb->dir);
	sb->nfiles = names->n;
	sb->files = xcalloc(names->n ? names->n : 1, sizeof(*sb->files));
	for (size_t i = 0; i < names->n && !rc; i++) {
		sb->files[i].name = names->v[i];
		rc = admit(sb, i, cwd);
	}
	free(cwd);
	return sb->cleanup < 0 ? -1 : rc;
}

struct spatch_file *spatch_file_of(const struct spatch_sandbox *sb,
				   const char *link)
{
	size_t n = strlen(sb->dir);
	unsigned long i;
	char *end;

	if (strncmp(link, sb->dir, n) || strncmp(link + n, "/k", 2))
		return NULL;
	i = strtoul(link + n + 2, &end, 10);
	if (i >= sb->nfiles || !sb->files[i].link ||
	    strcmp(sb->files[i].link, link))
		return NULL;
	return &sb->files[i];
}

void spatch_close(struct spatch_sandbox *sb)
{
	if (sb->dir && sb->cleanup >= 0)
		cleanup_pop(sb->cleanup, 1);
	else if (sb->dir)
		rm_tree(sb->dir);
	for (size_t i = 0; i < sb->nfiles; i++) {
		free(sb->files[i].link);
		free(sb->files[i].dir);
		free(sb->files[i].reason);
	}
	free(sb->files);
	for (size_t i = 0; sb->envp && sb->envp[i]; i++)
		free(sb->envp[i]);
	free(sb->envp);
	free(sb->exe);
	free(sb->dir);
	memset(sb, 0, sizeof(*sb));
	sb->cleanup = -1;
}
