// SPDX-License-Identifier: GPL-2.0
/*
 * The C files a change touches, and how.  git never reads the work tree
 * here (it would run the filter drivers the tree's .gitattributes select,
 * and refresh racily clean index entries): the index and the base's tree
 * are listed (ls-files, ls-tree), work-tree files are hashed as they are
 * (hash-object --no-filters) and diffed as private copies.  Every list
 * is read NUL-separated: a file name is bytes, whatever it contains.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "change.h"
#include "escape.h"
#include "git.h"
#include "paths.h"
#include "util.h"

/* Paths a hash-object run takes: far below the kernel's ARG_MAX. */
#define HASH_BATCH 512

static void git_failed(const char *what, const struct git_out *o)
{
	char *why = git_err_line(o);

	kd_err("git %s failed: %s", what, why);
	free(why);
}

/* out without the one newline git ends it with. */
static char *one_line(struct git_out *o)
{
	if (o->len && o->out[o->len - 1] == '\n')
		o->out[--o->len] = '\0';
	return o->out;
}

int change_top(const char *kdir, char **top)
{
	struct git_out o;
	struct stat st;
	char *k = esc_name(kdir);
	int rc = -1;

	*top = NULL;
	if (stat(kdir, &st) < 0)
		kd_err("%s: %s", k, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		kd_err("%s: not a directory", k);
	else if ((rc = git_runl(kdir, &o, "rev-parse", "--show-toplevel",
				NULL)) >= 0) {
		if (rc == 0 && *one_line(&o) == '/')
			*top = xstrdup(o.out);
		else
			kd_err("%s: not a git work tree", k);
		git_out_free(&o);
	}
	free(k);
	return *top ? 0 : -1;
}

/* The commit id of rev, or NULL (quietly) when there is none. */
static char *commit_id(const char *top, const char *rev)
{
	char *spec = xasprintf("%s^{commit}", rev), *id = NULL;
	struct git_out o;

	if (git_runl(top, &o, "rev-parse", "--verify", "--quiet", spec,
		     NULL) == 0 && *one_line(&o))
		id = xstrdup(o.out);
	git_out_free(&o);
	free(spec);
	return id;
}

/* Where the branch left its upstream; NULL when it has none. */
static int upstream_base(const char *top, char **rev)
{
	char *up = commit_id(top, "@{upstream}");
	struct git_out o;
	int rc;

	*rev = NULL;
	if (!up)
		return 0;
	free(up);
	rc = git_runl(top, &o, "merge-base", "HEAD", "@{upstream}", NULL);
	if (rc == 0 && *one_line(&o))
		*rev = xstrdup(o.out);
	else if (rc >= 0)
		kd_err("no merge base of HEAD and its upstream: give --base");
	if (rc >= 0)
		git_out_free(&o);
	return *rev ? 0 : -1;
}

int change_base(const char *top, const char *base, char **rev)
{
	/* A leading "-" would reach git as an option (--output=...). */
	if (base && (base[0] == '-' || !base[0])) {
		char *b = esc_name(base);

		kd_err("'%s': not a revision", b);
		free(b);
		return -1;
	}
	if (base) {
		*rev = commit_id(top, base);
		if (!*rev) {
			char *b = esc_name(base);

			kd_err("%s: no such revision", b);
			free(b);
		}
		return *rev ? 0 : -1;
	}
	if (upstream_base(top, rev) < 0)
		return -1;
	if (!*rev && !(*rev = commit_id(top, "HEAD~1")))
		kd_err("HEAD~1: no such revision (give --base)");
	return *rev ? 0 : -1;
}

static bool is_c_name(const char *path)
{
	size_t n = strlen(path);

	return n > 2 && !strcmp(path + n - 2, ".c");
}

/*
 * One record of `ls-files -s -z` ("MODE OID STAGE\tPATH") or `ls-tree -z`
 * ("MODE TYPE OID\tPATH"): a regular file's blob (mode 100644 or 100755)
 * and its path; false for anything else (links, submodules, trees).
 */
static bool parse_record(char *rec, bool tree, char **oid, char **path)
{
	char *tab = strchr(rec, '\t'), *sp;

	if (!tab || strncmp(rec, "100", 3))
		return false;
	*tab = '\0';
	*path = tab + 1;
	sp = strchr(rec, ' ');
	if (!sp)
		return false;
	if (tree && !(sp = strchr(sp + 1, ' ')))
		return false;
	*oid = sp + 1;
	sp = strchr(*oid, ' ');
	if (sp)
		*sp = '\0';
	return true;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct change_file *)a)->path,
		      ((const struct change_file *)b)->path);
}

static void add_file(struct change_files *cf, const char *path,
		     const char *old)
{
	cf->v = xrealloc(cf->v, (cf->n + 1) * sizeof(*cf->v));
	cf->v[cf->n].path = xstrdup(path);
	cf->v[cf->n].old = old ? xstrdup(old) : NULL;
	cf->n++;
}

/* The blobs of *.c files in a `ls-tree -r` or `ls-files -s`, sorted, each
 * path once (an unmerged one is listed per stage). */
static int list_blobs(const char *top, const char *rev,
		      struct change_files *cf)
{
	struct git_out o;
	char *oid, *path;
	int rc = rev ? git_runl(top, &o, "ls-tree", "-r", "-z", "--full-tree",
				rev, NULL) :
		       git_runl(top, &o, "ls-files", "-s", "-z", NULL);

	if (rc > 0)
		git_failed(rev ? "ls-tree" : "ls-files", &o);
	for (char *p = o.out; rc == 0 && p < o.out + o.len; p += strlen(p) + 1)
		if (parse_record(p, rev, &oid, &path) && is_c_name(path))
			add_file(cf, path, oid);
	if (rc >= 0)
		git_out_free(&o);
	if (cf->n)
		qsort(cf->v, cf->n, sizeof(*cf->v), cmp_file);
	for (size_t i = 0, w = 0; i <= cf->n; i++) {
		if (i == cf->n)
			cf->n = w;
		else if (w && !strcmp(cf->v[i].path, cf->v[w - 1].path)) {
			free(cf->v[i].path);
			free(cf->v[i].old);
		} else {
			cf->v[w++] = cf->v[i];
		}
	}
	return rc == 0 ? 0 : -1;
}

/*
 * Whether the work tree holds the tracked file: 1 a readable regular
 * file, 0 none (deleted, or a link or directory in its place), -1 after
 * reporting one that cannot be read.
 */
static int in_work_tree(const char *top, const char *path)
{
	char *full = xasprintf("%s/%s", top, path), *p;
	const char *why = NULL;
	struct stat st;
	int rc = 1;

	if (lstat(full, &st) < 0)
		rc = errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	else if (S_ISLNK(st.st_mode) || S_ISDIR(st.st_mode))
		rc = 0;
	else if (!S_ISREG(st.st_mode))
		why = "not a regular file";
	else if (access(full, R_OK) < 0)
		rc = -1;
	if (rc < 0 || why) {
		p = esc_name(path);
		kd_err("%s: %s", p, why ? why : strerror(errno));
		free(p);
		rc = -1;
	}
	free(full);
	return rc;
}

/* The object ids of the files as they are (no filter), one a line. */
static int hash_batch(const char *top, struct change_file *const *f,
		      size_t n, struct strlist *ids)
{
	struct strlist a = { 0 };
	struct git_out o;
	int rc;

	strlist_add(&a, "hash-object");
	strlist_add(&a, "--no-filters");
	strlist_add(&a, "--");
	for (size_t i = 0; i < n; i++)
		strlist_add(&a, f[i]->path);
	a.v = xrealloc(a.v, (a.n + 1) * sizeof(*a.v));
	a.v[a.n] = NULL;
	rc = git_run(top, (const char *const *)a.v, &o);
	strlist_free(&a);
	if (rc > 0)
		git_failed("hash-object", &o);
	for (char *l = rc == 0 ? strtok(o.out, "\n") : NULL; l;
	     l = strtok(NULL, "\n"))
		strlist_add(ids, l);
	if (rc == 0 && ids->n != n) {
		kd_err("git hash-object printed %zu ids for %zu files", ids->n, n);
		rc = -1;
	}
	if (rc >= 0)
		git_out_free(&o);
	return rc == 0 ? 0 : -1;
}

/* Keeps the files whose bytes differ from their blob at the base. */
static int keep_modified(const char *top, struct change_file **f, size_t n,
			 struct change_files *out)
{
	for (size_t i = 0; i < n; i += HASH_BATCH) {
		size_t m = n - i < HASH_BATCH ? n - i : HASH_BATCH;
		struct strlist ids = { 0 };

		if (hash_batch(top, f + i, m, &ids) < 0) {
			strlist_free(&ids);
			return -1;
		}
		for (size_t k = 0; k < m; k++)
			if (strcmp(ids.v[k], f[i + k]->old))
				add_file(out, f[i + k]->path, f[i + k]->old);
		strlist_free(&ids);
	}
	return 0;
}

static struct change_file *find_file(struct change_files *cf,
				     const char *path)
{
	struct change_file key = { (char *)path, NULL };

	return cf->n ? bsearch(&key, cf->v, cf->n, sizeof(*cf->v), cmp_file) :
		       NULL;
}

/* Of the tracked files, those not at the base and those differing. */
static int compare(const char *top, struct change_files *idx,
		   struct change_files *base, struct change_files *out)
{
	struct change_file **same = xmalloc((idx->n + 1) * sizeof(*same));
	size_t nsame = 0;
	int rc;

	for (size_t i = 0; i < idx->n; i++) {
		struct change_file *b = find_file(base, idx->v[i].path);

		if (!b)
			add_file(out, idx->v[i].path, NULL);
		else
			same[nsame++] = b;
	}
	rc = keep_modified(top, same, nsame, out);
	free(same);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_file);
	return rc;
}

int change_select(const char *top, const char *rev, struct change_files *cf)
{
	struct change_files idx = { 0 }, base = { 0 };
	size_t w = 0;
	int rc = list_blobs(top, NULL, &idx);

	/* The tracked C files the work tree holds. */
	for (size_t i = 0; rc == 0 && i < idx.n; i++) {
		int r = in_work_tree(top, idx.v[i].path);

		if (r < 0)
			rc = -1;
		free(idx.v[i].old);
		idx.v[i].old = NULL;
		if (r > 0)
			idx.v[w++] = idx.v[i];
		else
			free(idx.v[i].path);
	}
	if (rc == 0)
		idx.n = w;
	if (rc == 0 && !rev) {
		*cf = idx;
		return 0;
	}
	if (rc == 0)
		rc = list_blobs(top, rev, &base);
	if (rc == 0)
		rc = compare(top, &idx, &base, cf);
	change_files_free(&idx);
	change_files_free(&base);
	return rc;
}

void change_files_free(struct change_files *cf)
{
	for (size_t i = 0; i < cf->n; i++) {
		free(cf->v[i].path);
		free(cf->v[i].old);
	}
	free(cf->v);
	cf->v = NULL;
	cf->n = 0;
}

static bool parse_hunk(const char *line, struct hunk *h)
{
	const char *p = strstr(line, " +");
	char *end;

	if (strncmp(line, "@@ -", 4) || !p)
		return false;
	h->start = (unsigned int)strtoul(p + 2, &end, 10);
	h->count = *end == ',' ? (unsigned int)strtoul(end + 1, NULL, 10) : 1;
	return true;
}

static int parse_hunks(char *diff, struct hunk **hs, size_t *n)
{
	size_t cap = 0;
	struct hunk h;

	for (char *l = strtok(diff, "\n"); l; l = strtok(NULL, "\n")) {
		if (!parse_hunk(l, &h))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*hs = xrealloc(*hs, cap * sizeof(**hs));
		}
		(*hs)[(*n)++] = h;
	}
	return 0;
}

int change_hunks(const char *top, const char *old, const char *text,
		 size_t len, struct hunk **h, size_t *n)
{
	struct git_out blob = { 0 }, diff;
	int rc = 0;

	*h = NULL;
	*n = 0;
	/* cat-file blob: the bytes as stored, no filter, no textconv. */
	if (old) {
		rc = git_runl(top, &blob, "cat-file", "blob", old, NULL);
		if (rc > 0)
			git_failed("cat-file", &blob);
		if (rc)
			rc = -1;
	}
	if (rc == 0)
		rc = git_diff_texts(blob.out ? blob.out : "", blob.len, text,
				    len, &diff);
	if (rc == 0) {
		parse_hunks(diff.out, h, n);
		git_out_free(&diff);
	}
	git_out_free(&blob);
	return rc;
}
