// SPDX-License-Identifier: GPL-2.0
/*
 * The audited tree: whether a directory is a kernel tree, what it says it
 * is (the top Makefile's version, a vendor's marker), and, when no tree
 * is named, Debian's linux-source-6.1 unpacked once into a cache.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonutil.h"
#include "paths.h"
#include "proc.h"
#include "srcfile.h"
#include "tree.h"
#include "util.h"

#define DEFAULT_TARBALL "/usr/src/linux-source-6.1.tar.xz"
#define DEFAULT_NAME "linux-source-6.1"
#define STAMP ".kdelta-stamp"

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	for (e = s + strlen(s); e > s && isspace((unsigned char)e[-1]); e--)
		;
	*e = '\0';
	return s;
}

#define MAKEFILE_MAX	(1u << 20)	/* the variables are at the top */
#define CHANGELOG_MAX	(64u << 10)	/* its first line is read */
#define LOCALVERSION_MAX (4u << 10)	/* a localversion file */

/* A file of the tree, read safely (a FIFO, /dev/zero or a symlink out of
 * the tree is refused); NULL with *why. */
static char *tree_file(const char *kdir, const char *rel, size_t cap,
		       struct rfile *f)
{
	return read_in_tree(kdir, rel, cap, f) < 0 ? NULL : f->text;
}

/* The value of the first "NAME = value" of a makefile's text, or NULL. */
static char *text_var(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *line = text; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		const char *p = line + n;
		size_t len;
		char *v;

		if (strncmp(line, name, n))
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		if (p[0] == ':' && p[1] == '=')
			p++;
		if (*p != '=')
			continue;
		len = strcspn(p + 1, "\n");
		v = xstrndup(p + 1, len);
		memmove(v, trim(v), strlen(trim(v)) + 1);
		return v;
	}
	return NULL;
}

static char *make_var(const char *kdir, const char *rel, const char *name)
{
	struct rfile f;
	char *text = tree_file(kdir, rel, MAKEFILE_MAX, &f), *v;

	v = text ? text_var(text, name) : NULL;
	free(text);
	return v;
}

static bool is_dir(const char *kdir, const char *sub)
{
	struct stat st;
	char *p = xasprintf("%s/%s", kdir, sub);
	bool r = stat(p, &st) == 0 && S_ISDIR(st.st_mode);

	free(p);
	return r;
}

char *tree_not_kernel(const char *kdir)
{
	struct rfile f;
	char *mk, *v = NULL, *why = NULL;

	if (!is_dir(kdir, "."))
		return xstrdup("not a directory");
	mk = tree_file(kdir, "Makefile", MAKEFILE_MAX, &f);
	if (!mk && f.err != ENOENT)
		return xasprintf("Makefile: %s", f.why);
	v = mk ? text_var(mk, "VERSION") : NULL;
	free(mk);
	/* What an audit reads: the version and arch/; a vendor's fork for
	 * reading (no scripts/) is a tree all the same. */
	if (!v || !*v)
		why = xstrdup("not a kernel tree (no top Makefile with VERSION =)");
	else if (!is_dir(kdir, "arch"))
		why = xstrdup("not a kernel tree (no arch/)");
	free(v);
	return why;
}

int tree_check(const char *kdir)
{
	char *why = tree_not_kernel(kdir);

	if (why)
		kd_err("%s: %s", kdir, why);
	free(why);
	return why ? -1 : 0;
}

/* A vendor: every string from the tree, so JSON-safe whatever its bytes. */
static json_t *vendor(const char *name, const char *release, const char *evidence)
{
	return json_pack("{s:o, s:o, s:o}", "name", kd_json_text(name),
			 "release", kd_json_text(release),
			 "evidence", kd_json_text(evidence));
}

/* VERSION.PATCHLEVEL.SUBLEVEL of the top Makefile, allocated. */
static char *base_version(const char *kdir)
{
	static const char *const keys[] = { "VERSION", "PATCHLEVEL", "SUBLEVEL" };
	char *v[3], *r;

	for (int i = 0; i < 3; i++) {
		v[i] = make_var(kdir, "Makefile", keys[i]);
		if (!v[i])
			v[i] = xstrdup("");
	}
	r = xasprintf("%s%s%s%s%s", v[0], *v[1] ? "." : "", v[1],
		      *v[1] && *v[2] ? "." : "", *v[1] ? v[2] : "");
	for (int i = 0; i < 3; i++)
		free(v[i]);
	return r;
}

/* RHEL and its rebuilds: Makefile.rhelver, written as Red Hat names its
 * kernels: "4.18.0-240.el8". */
static json_t *vendor_rhel(const char *kdir)
{
	char *major, *minor, *rel, *r, *base, *ev;
	json_t *v = NULL;

	major = make_var(kdir, "Makefile.rhelver", "RHEL_MAJOR");
	minor = make_var(kdir, "Makefile.rhelver", "RHEL_MINOR");
	rel = make_var(kdir, "Makefile.rhelver", "RHEL_RELEASE");
	if (major) {
		base = base_version(kdir);
		r = xasprintf("%s%s%s.el%s", base, rel ? "-" : "", rel ? rel : "", major);
		ev = xasprintf("Makefile.rhelver (RHEL %s.%s)", major, minor ? minor : "?");
		v = vendor("Red Hat Enterprise Linux", r, ev);
		free(base);
		free(ev);
		free(r);
	}
	free(major);
	free(minor);
	free(rel);
	return v;
}

/* A Debian-format changelog: "linux (4.15.0-213.224) bionic; ..." */
static json_t *vendor_changelog(const char *kdir, const char *file,
				const char *name)
{
	struct rfile f;
	char *line = tree_file(kdir, file, CHANGELOG_MAX, &f);
	char *open, *close, *dist, *save, *rel;
	json_t *v = NULL;

	if (!line)
		return NULL;
	line[strcspn(line, "\n")] = '\0';
	if ((open = strchr(line, '(')) && (close = strchr(open, ')'))) {
		*close = '\0';
		dist = strtok_r(close + 1, " \t;", &save);
		rel = xasprintf("%s%s%s%s", open + 1, dist ? " (" : "",
				dist ? dist : "", dist ? ")" : "");
		v = vendor(name, rel, file);
		free(rel);
	}
	free(line);
	return v;
}

static json_t *vendor_of(const char *kdir)
{
	json_t *v = vendor_rhel(kdir);

	if (!v)
		v = vendor_changelog(kdir, "debian.master/changelog", "Ubuntu");
	if (!v)
		v = vendor_changelog(kdir, "debian/changelog", "Debian");
	return v ? v : json_null();
}

/*
 * The localversion* files at the top of the tree, as kbuild's
 * scripts/setlocalversion appends them to the release: in name order
 * (the shell's glob), names with '~' (backups) left out, each file's text
 * less its trailing newlines.  "-rt14" for a PREEMPT_RT tree.
 */
static char *localversion(const char *kdir)
{
	struct strlist names = { 0 };
	DIR *d = opendir(kdir);
	struct dirent *e;
	char *r = xstrdup("");

	while (d && (e = readdir(d)))
		if (!strncmp(e->d_name, "localversion", 12) && !strchr(e->d_name, '~'))
			strlist_add(&names, e->d_name);
	if (d)
		closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(char *), strp_cmp);
	for (size_t i = 0; i < names.n; i++) {
		struct rfile f;
		char *text = tree_file(kdir, names.v[i], LOCALVERSION_MAX, &f), *cat;
		size_t n = text ? strlen(text) : 0;

		while (n && text[n - 1] == '\n')
			text[--n] = '\0';
		cat = xasprintf("%s%s", r, text ? text : "");
		free(r);
		free(text);
		r = cat;
	}
	strlist_free(&names);
	return r;
}

/* VERSION.PATCHLEVEL.SUBLEVEL EXTRAVERSION and the localversion files, as
 * kbuild makes the release (less CONFIG_LOCALVERSION: no .config is read). */
json_t *tree_identity(const char *kdir, json_t *vendor)
{
	static const char *const keys[] = { "VERSION", "PATCHLEVEL", "SUBLEVEL",
					    "EXTRAVERSION" };
	char *val[4], *version, *local = localversion(kdir);
	json_t *make = json_object(), *t;

	for (int i = 0; i < 4; i++) {
		val[i] = make_var(kdir, "Makefile", keys[i]);
		if (!val[i])
			val[i] = xstrdup("");
		json_object_set_new(make, keys[i], kd_json_text(val[i]));
	}
	version = xasprintf("%s%s%s%s%s%s%s", val[0], *val[1] ? "." : "", val[1],
			    *val[1] && *val[2] ? "." : "", *val[1] ? val[2] : "", val[3], local);
	t = json_pack("{s:o, s:o, s:o, s:o, s:o}", "path", kd_json_text(kdir),
		      "version", kd_json_text(version), "makefile", make,
		      "localversion", kd_json_text(local),
		      "vendor", vendor ? vendor : vendor_of(kdir));
	for (int i = 0; i < 4; i++)
		free(val[i]);
	free(version);
	free(local);
	return t;
}

const char *default_tarball(void)
{
	const char *t = getenv("KDELTA_LINUX_TARBALL");

	return t && *t ? t : DEFAULT_TARBALL;
}

/* ${KDELTA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdelta} */
char *cache_dir(void)
{
	const char *c = getenv("KDELTA_CACHE"), *x = getenv("XDG_CACHE_HOME");
	const char *h = getenv("HOME");
	if (c && *c)
		return xstrdup(c);
	if (x && *x)
		return xasprintf("%s/kdelta", x);
	return xasprintf("%s/.cache/kdelta", h && *h ? h : "/tmp");
}

int mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; *s && !rc; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (!rc && mkdir(p, 0755) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/* What the unpacked tree was made from: a change re-creates it. */
static char *tarball_id(const char *tarball)
{
	struct stat st;
	if (stat(tarball, &st) < 0)
		return NULL;
	return xasprintf("%s %lld %lld\n", tarball, (long long)st.st_size,
			 (long long)st.st_mtime);
}

static bool stamp_matches(const char *dest, const char *id)
{
	char *path, buf[4096];
	size_t n = 0;
	FILE *f;

	path = xasprintf("%s/%s", dest, STAMP);
	f = fopen(path, "r");
	free(path);
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return !strcmp(buf, id);
}

static int run_quiet(char *const argv[], const char *what)
{
	char *out = NULL, *err = NULL;
	int rc = run_capture(argv, &out, &err);

	if (rc != 0)
		kd_err("%s failed: %s", what, rc < 0 ? "cannot run it" : trim(err));
	free(out);
	free(err);
	return rc ? -1 : 0;
}

static int write_stamp(const char *dest, const char *id)
{
	char *path;
	FILE *f;
	int rc = -1;

	path = xasprintf("%s/%s", dest, STAMP);
	f = fopen(path, "w");
	if (f) {
		fputs(id, f);
		rc = fclose(f) ? -1 : 0;
	}
	if (rc)
		kd_err("%s: cannot write the stamp", path);
	free(path);
	return rc;
}

/*
 * Unpacks into a temporary directory next to dest, then renames it: an
 * interrupted run leaves no stamp and the next one starts again.
 */
static int unpack(const char *tarball, const char *cache, const char *dest,
		  const char *id)
{
	char *tmp;
	int rc = -1;

	if (mkdir_p(cache) < 0) {
		kd_err("%s: cannot create the cache directory: %s", cache, strerror(errno));
		return -1;
	}
	tmp = xasprintf("%s.tmp.XXXXXX", dest);
	if (!mkdtemp(tmp)) {
		kd_err("%s: cannot create a directory: %s", cache, strerror(errno));
		free(tmp);
		return -1;
	}
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "kdelta: unpacking %s into %s (once; 10-40 s)\n",
			tarball, dest);
	{
		char *tar[] = { "tar", "-xJf", (char *)tarball, "-C", tmp,
				"--strip-components=1", NULL };
		char *rm_dest[] = { "rm", "-rf", "--", (char *)dest, NULL };
		char *rm_tmp[] = { "rm", "-rf", "--", tmp, NULL };

		/* mkdtemp() made it private; the tree is for reading. */
		if (!run_quiet(tar, "tar") && !run_quiet(rm_dest, "rm") &&
		    !chmod(tmp, 0755) && !rename(tmp, dest))
			rc = write_stamp(dest, id);
		else
			run_quiet(rm_tmp, "rm");
	}
	free(tmp);
	return rc;
}

/* The package that installed the tarball, from dpkg: the vendor. */
static json_t *vendor_dpkg(const char *tarball)
{
	char *q[] = { "dpkg-query", "-S", (char *)tarball, NULL };
	char *out = NULL, *err = NULL, *colon, *ver = NULL, *ev = NULL;
	json_t *v = NULL;

	if (run_capture(q, &out, &err) == 0 && (colon = strchr(out, ':'))) {
		char *w[] = { "dpkg-query", "-W", "-f=${Version}", out, NULL };

		*colon = '\0';
		free(err);
		if (run_capture(w, &ver, &err) == 0 && *trim(ver) &&
		    (ev = xasprintf("%s (dpkg: %s %s)", tarball, out, trim(ver))))
			v = json_pack("{s:s, s:s, s:s}", "name", "Debian",
				      "release", trim(ver), "evidence", ev);
	}
	free(ev);
	free(ver);
	free(out);
	free(err);
	return v;
}

/*
 * No tree named: Debian's linux-source-6.1, unpacked once into the cache
 * (a stamp written last records from what).
 */
int default_tree(char **kdir, json_t **vendor)
{
	const char *tarball = default_tarball();
	char *cache = cache_dir(), *dest = NULL, *id = tarball_id(tarball);
	int rc = -1;

	if (!id) {
		kd_err("%s not found: run scripts/setup-deps.sh "
		       "(or apt-get install linux-source-6.1), or name a tree", tarball);
	} else {
		dest = xasprintf("%s/%s", cache, DEFAULT_NAME);
		rc = stamp_matches(dest, id) ? 0 : unpack(tarball, cache, dest, id);
	}
	if (!rc) {
		*kdir = dest;
		dest = NULL;
		*vendor = vendor_dpkg(tarball);
	}
	free(dest);
	free(cache);
	free(id);
	return rc;
}

/* Where default_tree() puts the tree, to check -o against before it is
 * unpacked. */
char *default_tree_path(void)
{
	char *cache = cache_dir(), *dest;

	dest = xasprintf("%s/%s", cache, DEFAULT_NAME);
	free(cache);
	return dest;
}
