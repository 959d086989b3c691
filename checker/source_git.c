// SPDX-License-Identifier: GPL-2.0
/*
 * A git revision as a tree to audit.  The blobs are written from `git
 * cat-file --batch` as they stream in, raw (no smudge filter, no
 * end-of-line conversion: what the object store holds); symlinks and
 * submodules are not written, and a path that is absolute or has a ".."
 * component refuses the revision.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "git.h"
#include "jsonutil.h"
#include "source_git.h"
#include "unpack.h"
#include "util.h"

struct blobs {
	struct strlist oid, path;
};

/* "MODE TYPE OID\tPATH\0" entries of `git ls-tree -r -z`: the regular
 * files. */
static int parse_tree(struct source *s, const struct git_out *o, struct blobs *b)
{
	for (size_t i = 0; i < o->len; i += strlen(o->out + i) + 1) {
		char *e = o->out + i, *tab = strchr(e, '\t'), mode[8], type[8], oid[65];

		if (!tab || sscanf(e, "%7s %7s %64s", mode, type, oid) != 3)
			return source_fail(s, "git ls-tree printed what it should not");
		if (!source_safe_name(tab + 1))
			return source_fail(s, "the revision holds a path that is absolute or "
					   "has '..': refused");
		if (strcmp(type, "blob") || (strcmp(mode, "100644") && strcmp(mode, "100755")))
			continue;	/* a symlink or a submodule */
		strlist_add(&b->oid, oid);
		strlist_add(&b->path, tab + 1);
	}
	return 0;
}

static int write_oids(struct source *s, const struct blobs *b, const char *path)
{
	FILE *f = fopen(path, "wxe");
	int rc = 0;

	if (!f)
		return source_fail(s, "%s: %s", path, strerror(errno));
	for (size_t i = 0; i < b->oid.n; i++)
		fprintf(f, "%s\n", b->oid.v[i]);
	if (fclose(f))
		rc = source_fail(s, "%s: %s", path, strerror(errno));
	return rc;
}

/* size bytes of in into the new file dir/rel. */
static int write_blob(FILE *in, unsigned long long size, const char *dir,
		      const char *rel)
{
	char *path = xasprintf("%s/%s", dir, rel), buf[65536];
	int fd, rc = 0;

	fd = source_parents(dir, rel) < 0 ? -1 :
	     open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	free(path);
	if (fd < 0)
		return -1;
	while (size && !rc) {
		size_t n = fread(buf, 1, size < sizeof(buf) ? size : sizeof(buf), in);

		if (!n || write(fd, buf, n) != (ssize_t)n)
			rc = -1;
		size -= n;
	}
	if (close(fd) < 0)
		rc = -1;
	return rc || fgetc(in) != '\n' ? -1 : 0;
}

/* Each blob as `git cat-file --batch` prints it: "OID blob SIZE\n" and
 * the bytes. */
static int read_batch(struct source *s, FILE *in, const struct blobs *b,
		      const char *dest)
{
	char line[200], oid[65], type[16];
	unsigned long long size;

	if (mkdir(dest, 0755) < 0)
		return source_fail(s, "%s: %s", dest, strerror(errno));
	for (size_t i = 0; i < b->oid.n; i++) {
		if (!fgets(line, sizeof(line), in) ||
		    sscanf(line, "%64s %15s %llu", oid, type, &size) != 3 ||
		    strcmp(oid, b->oid.v[i]) || strcmp(type, "blob"))
			return source_fail(s, "git cat-file: %s is missing or not a blob",
					   b->path.v[i]);
		if (write_blob(in, size, dest, b->path.v[i]) < 0)
			return source_fail(s, "cannot write %s: %s", b->path.v[i],
					   strerror(errno ? errno : EIO));
	}
	return 0;
}

static int cat_blobs(struct source *s, const char *gitdir, const struct blobs *b)
{
	static const char *const args[] = { "cat-file", "--batch", NULL };
	char *oids = xasprintf("%s/oids", s->tmp), *errp = xasprintf("%s/stderr", s->tmp);
	char *dest = xasprintf("%s/tree", s->tmp);
	int in = -1, err = -1, p[2] = { -1, -1 }, rc = write_oids(s, b, oids), st;
	pid_t pid = -1;
	FILE *out;

	if (!rc) {
		in = open(oids, O_RDONLY | O_CLOEXEC);
		err = open(errp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (in < 0 || err < 0 || pipe2(p, O_CLOEXEC) < 0)
			rc = source_fail(s, "%s: %s", s->tmp, strerror(errno));
	}
	if (!rc && (pid = git_spawn(gitdir, args, in, p[1], err)) < 0)
		rc = source_fail(s, "cannot run git cat-file");
	if (p[1] >= 0)
		close(p[1]);
	if (!rc) {
		out = fdopen(p[0], "re");
		rc = read_batch(s, out, b, dest);
		fclose(out);
		p[0] = -1;
	}
	if (p[0] >= 0)
		close(p[0]);
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!rc)
		s->kdir = dest;
	else
		free(dest);
	if (in >= 0)
		close(in);
	if (err >= 0)
		close(err);
	unlink(oids);
	unlink(errp);
	free(oids);
	free(errp);
	return rc;
}

/* The commit REV names in gitdir, into s->info with its description. */
static int resolve(struct source *s, const char *gitdir, const char *rev,
		   char **commit)
{
	char *arg = xasprintf("%s^{commit}", rev), *why;
	struct git_out o;
	int rc;

	rc = rev[0] == '-' ? 1 :
	     git_runl(gitdir, &o, "rev-parse", "--verify", "--end-of-options", arg, NULL);
	free(arg);
	if (rc) {
		why = rc > 0 && rev[0] != '-' ? git_err_line(&o) : xstrdup("bad revision");
		source_fail(s, "not a commit of the repository: %s", why);
		free(why);
		if (rev[0] != '-')
			git_out_free(&o);
		return -1;
	}
	*commit = xstrndup(o.out, strcspn(o.out, "\n"));
	git_out_free(&o);
	json_object_set_new(s->info, "commit", kd_json_text(*commit));
	if (git_runl(gitdir, &o, "describe", "--tags", "--always", "--abbrev=12",
		     *commit, NULL) == 0) {
		o.out[strcspn(o.out, "\n")] = '\0';
		json_object_set_new(s->info, "describe", kd_json_text(o.out));
	}
	git_out_free(&o);
	return 0;
}

int source_open_git(struct source *s)
{
	const char *at = strrchr(s->spec, '@');
	char *gitdir = xstrndup(s->spec, (size_t)(at - s->spec)), *commit = NULL;
	struct blobs b = { { 0 }, { 0 } };
	struct git_out o = { 0 };
	int rc = resolve(s, gitdir, at + 1, &commit);

	if (!rc) {
		rc = git_runl(gitdir, &o, "ls-tree", "-r", "-z", "--full-tree", commit, NULL);
		rc = rc ? source_fail(s, "git ls-tree failed") : parse_tree(s, &o, &b);
		git_out_free(&o);
	}
	if (!rc)
		rc = cat_blobs(s, gitdir, &b);
	strlist_free(&b.oid);
	strlist_free(&b.path);
	free(commit);
	free(gitdir);
	return rc;
}
