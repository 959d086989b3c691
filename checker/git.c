// SPDX-License-Identifier: GPL-2.0
/*
 * Running git on an untrusted repository.  What its configuration could
 * make git run, and how each is kept from running:
 *
 *  - core.fsmonitor, hooks (core.hooksPath), the pager: overridden with
 *    -c, which outranks the repository's configuration, and --no-pager;
 *  - filter drivers (clean, smudge, process) and textconv, selected by the
 *    tree's .gitattributes: git runs them when it reads a work-tree file
 *    (even `git diff --name-only` does, to re-check a racily clean one).
 *    kdelta never lets git read the work tree: it reads the index and
 *    trees (ls-files, ls-tree), hashes work-tree files with hash-object
 *    --no-filters and diffs private copies outside the repository
 *    (git_diff_texts()), where no attribute or driver is configured;
 *  - transports (a partial clone fetches missing objects lazily, and a
 *    remote's URL may be ext::COMMAND or name an upload-pack command):
 *    every protocol is forbidden, so nothing is fetched;
 *  - the environment: every GIT_* variable (GIT_DIR, GIT_EXTERNAL_DIFF,
 *    GIT_PAGER, GIT_SSH, GIT_CONFIG_PARAMETERS, ...) is dropped, the
 *    system configuration and attributes are not read.
 *
 * The user's global configuration is read (safe.directory stays git's),
 * with the same overrides.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "escape.h"
#include "git.h"
#include "paths.h"
#include "proc.h"
#include "util.h"

extern char **environ;

static const char *const safe_config[] = {
	"core.fsmonitor=false",
	"core.hooksPath=/dev/null",
	"core.pager=cat",
	"core.askPass=",
	"core.attributesFile=/dev/null",
	"credential.helper=",
	"diff.autoRefreshIndex=false",
	"protocol.allow=never",
	"protocol.file.allow=never",
	"protocol.git.allow=never",
	"protocol.ssh.allow=never",
	"protocol.http.allow=never",
	"protocol.https.allow=never",
	"protocol.ftp.allow=never",
	"protocol.ftps.allow=never",
	"protocol.ext.allow=never",
	"protocol.fd.allow=never",
};

static const char *const safe_env[] = {
	"GIT_CONFIG_NOSYSTEM=1",
	"GIT_ATTR_NOSYSTEM=1",
	"GIT_TERMINAL_PROMPT=0",
	"GIT_OPTIONAL_LOCKS=0",
	"GIT_NO_LAZY_FETCH=1",		/* git 2.45 and later */
	"GIT_PROTOCOL_FROM_USER=0",
	NULL
};

/* The environment with no GIT_* variable, then safe_env and extra. */
static char **git_env(const char *const *extra)
{
	struct strlist e = { 0 };

	for (char **p = environ; *p; p++)
		if (strncmp(*p, "GIT_", 4))
			strlist_add(&e, *p);
	for (int i = 0; safe_env[i]; i++)
		strlist_add(&e, safe_env[i]);
	for (int i = 0; extra && extra[i]; i++)
		strlist_add(&e, extra[i]);
	e.v = xrealloc(e.v, (e.n + 1) * sizeof(*e.v));
	e.v[e.n] = NULL;
	return e.v;
}

static void free_vec(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static char **git_argv(const char *dir, const char *const *args)
{
	struct strlist a = { 0 };

	strlist_add(&a, "git");
	strlist_add(&a, "--no-pager");
	strlist_add(&a, "--no-optional-locks");
	strlist_add(&a, "--literal-pathspecs");
	for (size_t i = 0; i < sizeof(safe_config) / sizeof(*safe_config); i++) {
		strlist_add(&a, "-c");
		strlist_add(&a, safe_config[i]);
	}
	strlist_add(&a, "-C");
	strlist_add(&a, dir);
	for (int i = 0; args[i]; i++)
		strlist_add(&a, args[i]);
	a.v = xrealloc(a.v, (a.n + 1) * sizeof(*a.v));
	a.v[a.n] = NULL;
	return a.v;
}

/* git's exit status with what it printed in *o, or -1 after one message. */
static int run(char **argv, char **envp, struct git_out *o)
{
	struct capture c;
	int rc = run_capture_env(argv, envp, &c);

	if (rc < 0) {
		kd_err("cannot run git: %s", strerror(errno));
		memset(o, 0, sizeof(*o));
		return -1;
	}
	o->out = c.out;
	o->len = c.outlen;
	o->err = c.err;
	return rc;
}

int git_run(const char *dir, const char *const *args, struct git_out *o)
{
	char **argv = git_argv(dir, args), **envp = git_env(NULL);
	int rc = run(argv, envp, o);

	free_vec(argv);
	free_vec(envp);
	return rc;
}

int git_runl(const char *dir, struct git_out *o, ...)
{
	struct strlist a = { 0 };
	const char *s;
	va_list ap;
	int rc;

	va_start(ap, o);
	while ((s = va_arg(ap, const char *)))
		strlist_add(&a, s);
	va_end(ap);
	a.v = xrealloc(a.v, (a.n + 1) * sizeof(*a.v));
	a.v[a.n] = NULL;
	rc = git_run(dir, (const char *const *)a.v, o);
	strlist_free(&a);
	return rc;
}

pid_t git_spawn(const char *dir, const char *const *args, int in_fd,
		int out_fd, int err_fd)
{
	char **argv = git_argv(dir, args), **envp = git_env(NULL);
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int e;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in_fd, STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, err_fd, STDERR_FILENO);
	e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	free_vec(argv);
	free_vec(envp);
	if (e) {
		kd_err("cannot run git: %s", strerror(e));
		return -1;
	}
	return pid;
}

void git_out_free(struct git_out *o)
{
	free(o->out);
	free(o->err);
	memset(o, 0, sizeof(*o));
}

char *git_err_line(const struct git_out *o)
{
	const char *s = o->err ? o->err : "";
	char *line, *p;

	while (*s == '\n')
		s++;
	line = xstrndup(s, strcspn(s, "\n"));
	p = esc_name(*line ? line : "no message");
	free(line);
	return p;
}

static int write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wx");
	int rc = 0;

	if (!f)
		return -1;
	if (len && fwrite(text, 1, len, f) != len)
		rc = -1;
	if (fclose(f))
		rc = -1;
	return rc;
}

static int diff_in(const char *dir, struct git_out *o)
{
	static const char *const args[] = {
		"diff", "--no-index", "-U0", "--inter-hunk-context=0",
		"--no-color", "--no-ext-diff", "--no-textconv", "--no-renames",
		"--", "old", "new", NULL
	};
	char *parent = xstrndup(dir, (size_t)(strrchr(dir, '/') - dir));
	char *ceiling = xasprintf("GIT_CEILING_DIRECTORIES=%s", parent);
	const char *extra[] = { "GIT_CONFIG_GLOBAL=/dev/null", ceiling, NULL };
	char **argv = git_argv(dir, args), **envp = git_env(extra);
	int rc = run(argv, envp, o);

	/* 1: the texts differ. */
	if (rc > 1) {
		char *why = git_err_line(o);

		kd_err("git diff --no-index failed: %s", why);
		free(why);
	}
	free_vec(argv);
	free_vec(envp);
	free(ceiling);
	free(parent);
	return rc == 0 || rc == 1 ? 0 : -1;
}

int git_diff_texts(const char *old, size_t oldlen, const char *new,
		   size_t newlen, struct git_out *o)
{
	char dir[] = "/tmp/kdelta-diff-XXXXXX";
	char *a, *b;
	int rc = -1;

	memset(o, 0, sizeof(*o));
	if (!mkdtemp(dir)) {
		kd_err("cannot create a directory in /tmp: %s", strerror(errno));
		return -1;
	}
	a = xasprintf("%s/old", dir);
	b = xasprintf("%s/new", dir);
	if (write_file(a, old, oldlen) < 0 || write_file(b, new, newlen) < 0)
		kd_err("cannot write in %s: %s", dir, strerror(errno));
	else
		rc = diff_in(dir, o);
	unlink(a);
	unlink(b);
	rmdir(dir);
	free(a);
	free(b);
	return rc;
}
