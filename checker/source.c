// SPDX-License-Identifier: GPL-2.0
/*
 * The SOURCEs of a fleet audit, unpacked into the cache.  Tarballs go
 * through GNU tar, but only after its own listing has been checked member
 * by member (tar then runs without owners or permissions from the
 * archive); a .deb through dpkg-deb --fsys-tarfile, whose kernel tarball
 * is taken out alone; a .src.rpm through rpm2cpio, whose cpio stream is
 * read here (newc) for the kernel tarball alone, with the package's
 * Version-Release from rpm -qp (headers only: no scriptlet runs).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "escape.h"
#include "jsonutil.h"
#include "paths.h"
#include "proc.h"
#include "source.h"
#include "source_git.h"
#include "srcfile.h"
#include "tree.h"
#include "util.h"

#define ARCHIVE_MAX	(16ull << 30)	/* what a tree may unpack to */
#define MEMBERS_MAX	1000000ul
#define LIST_MAX	(512u << 20)	/* tar's listing */

extern char **environ;

const char *source_form_name(enum source_form f)
{
	static const char *const names[] = { "directory", "tarball", "deb",
					     "src.rpm", "git" };

	return names[f];
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && !strcmp(s + n - k, suffix);
}

static int tarball_name(const char *s)
{
	static const char *const ext[] = { ".tar", ".tar.gz", ".tgz", ".tar.xz",
					   ".txz", ".tar.bz2", NULL };

	for (int i = 0; ext[i]; i++)
		if (ends_with(s, ext[i]))
			return 1;
	return 0;
}

/* --- running the unpackers --- */

static int wait_for(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The first line of a tool's stderr, kept in a file of the temporary
 * directory. */
static char *first_line(const char *path)
{
	struct rfile f;
	char *line, *p;

	if (read_regular(path, 4096, &f) < 0)
		return xstrdup("no message");
	line = xstrndup(f.text, strcspn(f.text, "\n"));
	free(f.text);
	p = esc_name(*line ? line : "no message");
	free(line);
	return p;
}

/*
 * argv (its tool looked up in PATH's absolute directories) with stdin
 * from in and stdout to out (NULL: /dev/null); 0, or -1 after one
 * message with the first line of what it printed on stderr.
 */
static int run_io(struct source *s, char *const argv[], const char *in,
		  const char *out)
{
	char *err = xasprintf("%s/stderr", s->tmp), *tool = proc_which(argv[0]);
	posix_spawn_file_actions_t fa;
	int rc = -1, e;
	pid_t pid;

	if (!tool) {
		free(err);
		return source_fail(s, "%s not found (scripts/setup-deps.sh installs it)", argv[0]);
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, in ? in : "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out ? out : "/dev/null",
					 O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err,
					 O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
	e = posix_spawn(&pid, tool, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e) {
		source_fail(s, "cannot run %s: %s", argv[0], strerror(e));
	} else if ((rc = wait_for(pid)) != 0) {
		char *line = first_line(err);

		source_fail(s, "%s failed: %s", argv[0], line);
		free(line);
		rc = -1;
	}
	unlink(err);
	free(err);
	free(tool);
	return rc;
}

/* --- tarballs --- */

/* A symlink's target, from its directory, stays in the tree. */
static int link_inside(const char *name, const char *target)
{
	int depth = 0;
	const char *p;

	if (*target == '/' || !*target)
		return 0;
	for (p = name; (p = strchr(p, '/')); p++)
		depth++;
	for (p = target; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 2 && !strncmp(p, "..", 2))
			depth--;
		else if (n && !(n == 1 && *p == '.'))
			depth++;
		if (depth < 0)
			return 0;
		p += n;
		if (*p)
			p++;
	}
	return 1;
}

/* One line of `tar -tv`: "MODE OWNER SIZE DATE TIME NAME[ -> LINK]". */
static int check_member(struct source *s, char *line, unsigned long long *total)
{
	char *save = NULL, *f[5], *name, *link = NULL;
	unsigned long long size;
	char type = line[0];

	for (int i = 0; i < 5; i++)
		if (!(f[i] = strtok_r(i ? NULL : line, " ", &save)))
			return source_fail(s, "tar lists a member it cannot describe");
	name = save + strspn(save, " ");
	if (strstr(name, " -> ") || strstr(name, " link to ")) {
		link = strstr(name, type == 'l' ? " -> " : " link to ");
		if (!link || (type != 'l' && type != 'h'))
			return source_fail(s, "a member's name holds a link arrow: refused");
		*link = '\0';
		link += type == 'l' ? 4 : 9;
		if (strstr(link, " -> ") || strstr(link, " link to "))
			return source_fail(s, "a link's target holds a link arrow: refused");
	}
	if (!strncmp(name, "./", 2) && name[2])
		name += 2;
	if (!strcmp(name, "./"))
		return 0;
	if (name[strlen(name) - 1] == '/')
		name[strlen(name) - 1] = '\0';
	if (!source_safe_name(name))
		return source_fail(s, "archive member '%s': absolute or with '..': refused", name);
	if (type != '-' && type != 'd' && type != 'l' && type != 'h')
		return source_fail(s, "archive member '%s': not a file, directory or link "
				   "(type '%c'): refused", name, type);
	if ((type == 'l' && !link_inside(name, link)) ||
	    (type == 'h' && !source_safe_name(link + (strncmp(link, "./", 2) ? 0 : 2))))
		return source_fail(s, "archive member '%s': a link out of the tree: refused", name);
	size = strtoull(f[2], NULL, 10);
	*total += size;
	if (*total > ARCHIVE_MAX)
		return source_fail(s, "the archive unpacks to more than 16 GiB: refused");
	return 0;
}

/* Lists tarball with tar itself and checks every member; the listing's
 * names in *names (escape-quoted) when names is not NULL. */
static int tar_check(struct source *s, const char *tarball, struct strlist *names)
{
	char *list = xasprintf("%s/listing", s->tmp);
	char *argv[] = { "tar", "-tv", "--numeric-owner", "--quoting-style=escape",
			 "--force-local", "-f", (char *)tarball, NULL };
	unsigned long long total = 0;
	size_t count = 0;
	struct rfile f = { 0 };
	int rc = run_io(s, argv, NULL, list);
	char *line, *save = NULL;

	if (!rc && (read_regular(list, LIST_MAX, &f) < 0 || f.truncated))
		rc = source_fail(s, "tar's listing: %s", f.truncated ? "too long" : f.why);
	for (line = rc ? NULL : strtok_r(f.text, "\n", &save); line && !rc;
	     line = strtok_r(NULL, "\n", &save)) {
		if (names)
			strlist_add(names, line);
		if (++count > MEMBERS_MAX)
			rc = source_fail(s, "the archive holds more than %lu members: refused",
					 MEMBERS_MAX);
		else
			rc = check_member(s, line, &total);
	}
	free(f.text);
	unlink(list);
	free(list);
	return rc;
}

static int tar_extract(struct source *s, const char *tarball, const char *dest,
		       const char *member)
{
	char *argv[] = { "tar", "-x", "--no-same-owner", "--no-same-permissions",
			 "--no-acls", "--no-xattrs", "--no-selinux", "--no-overwrite-dir",
			 "--delay-directory-restore", "--force-local", "-f",
			 (char *)tarball, "-C", (char *)dest, "--", (char *)member, NULL };

	if (mkdir(dest, 0755) < 0 && errno != EEXIST)
		return source_fail(s, "%s: %s", dest, strerror(errno));
	return run_io(s, argv, NULL, NULL);
}

/* The tree in dest: its one directory when it holds nothing else. */
static char *tree_root(const char *dest)
{
	char *only = NULL, *p;
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dest);
	int n = 0;

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		n++;
		free(only);
		only = xstrdup(e->d_name);
	}
	if (d)
		closedir(d);
	p = n == 1 ? xasprintf("%s/%s", dest, only) : NULL;
	free(only);
	if (p && lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
		return p;
	free(p);
	return xstrdup(dest);
}

static int open_tarball(struct source *s, const char *tarball)
{
	char *dest = xasprintf("%s/tree", s->tmp);
	int rc = tar_check(s, tarball, NULL);

	if (!rc)
		rc = tar_extract(s, tarball, dest, NULL);
	if (!rc)
		s->kdir = tree_root(dest);
	free(dest);
	return rc;
}

/* --- packages --- */

/* The one kernel tarball a package carries: "linux-source-6.1.tar.xz",
 * "linux-4.18.0-240.el8.tar.xz". */
static int kernel_tarball(const char *name)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;

	return !strncmp(base, "linux-", 6) && tarball_name(base) &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789._+-/") == strlen(name);
}

/* The field of `dpkg-deb -f`'s output "Package: x\nVersion: y\n". */
static json_t *deb_identity(struct source *s, const char *deb)
{
	char *argv[] = { "dpkg-deb", "-f", (char *)deb, "Package", "Version", NULL };
	char *out = NULL, *err = NULL, *pkg, *ver, *ev;
	json_t *v = NULL;

	if (run_capture(argv, &out, &err) == 0 && (pkg = strstr(out, "Package: ")) &&
	    (ver = strstr(out, "Version: "))) {
		pkg[9 + strcspn(pkg + 9, "\n")] = '\0';
		ver[9 + strcspn(ver + 9, "\n")] = '\0';
		ev = xasprintf("%s (dpkg-deb: %s %s)", s->spec, pkg + 9, ver + 9);
		v = json_pack("{s:s, s:o, s:o}", "name", "Debian",
			      "release", kd_json_text(ver + 9), "evidence", kd_json_text(ev));
		json_object_set_new(s->info, "package", kd_json_text(pkg + 9));
		free(ev);
	}
	free(out);
	free(err);
	return v;
}

static int open_deb(struct source *s, const char *deb)
{
	char *fsys = xasprintf("%s/fsys.tar", s->tmp), *pkg = xasprintf("%s/pkg", s->tmp);
	char *argv[] = { "dpkg-deb", "--fsys-tarfile", (char *)deb, NULL };
	struct strlist names = { 0 };
	char *member = NULL, *inner = NULL;
	int rc;

	s->vendor = deb_identity(s, deb);
	rc = run_io(s, argv, NULL, fsys);
	if (!rc)
		rc = tar_check(s, fsys, &names);
	for (size_t i = 0; !rc && !member && i < names.n; i++) {
		char *name = strrchr(names.v[i], ' ') + 1;

		if (names.v[i][0] == '-' && kernel_tarball(name))
			member = name;
	}
	if (!rc && !member)
		rc = source_fail(s, "no kernel tarball (usr/src/linux-*.tar.*) in the package");
	if (!rc)
		rc = tar_extract(s, fsys, pkg, member);
	unlink(fsys);
	if (!rc) {
		inner = xasprintf("%s/%s", pkg, member);
		rc = open_tarball(s, inner);
		unlink(inner);
	}
	free(inner);
	strlist_free(&names);
	free(fsys);
	free(pkg);
	return rc;
}

/* "%{NAME}\t%{VERSION}\t%{RELEASE}\t%{VENDOR}" of the package, read
 * from its header: the spec's Version-Release, as the vendor names it. */
static json_t *rpm_identity(struct source *s, const char *rpm)
{
	char *argv[] = { "rpm", "-qp", "--nosignature", "--nodigest", "--qf",
			 "%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t%{VENDOR}", (char *)rpm, NULL };
	char *out = NULL, *err = NULL, *f[4], *save = NULL, *rel, *ev;
	json_t *v = NULL;
	int i;

	if (run_capture(argv, &out, &err) == 0) {
		for (i = 0; i < 4 && (f[i] = strtok_r(i ? NULL : out, "\t\n", &save)); i++)
			;
		if (i == 4) {
			rel = xasprintf("%s-%s", f[1], f[2]);
			ev = xasprintf("%s (spec: %s %s)", s->spec, f[0], rel);
			v = json_pack("{s:o, s:o, s:o}", "name",
				      kd_json_text(strcmp(f[3], "(none)") ? f[3] : "RPM"),
				      "release", kd_json_text(rel), "evidence", kd_json_text(ev));
			json_object_set_new(s->info, "package", kd_json_text(f[0]));
			free(rel);
			free(ev);
		}
	}
	free(out);
	free(err);
	return v;
}

/* A newc (or crc) cpio header's field i, 8 hex digits. */
static unsigned long newc_field(const char *h, int i)
{
	char buf[9];

	memcpy(buf, h + 6 + 8 * i, 8);
	buf[8] = '\0';
	return strtoul(buf, NULL, 16);
}

static int copy_out(FILE *in, unsigned long size, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	char buf[65536];
	int rc = fd < 0 ? -1 : 0;

	while (size && !rc) {
		size_t n = fread(buf, 1, size < sizeof(buf) ? size : sizeof(buf), in);

		if (!n || write(fd, buf, n) != (ssize_t)n)
			rc = -1;
		size -= n;
	}
	if (fd >= 0 && close(fd) < 0)
		rc = -1;
	return rc;
}

/*
 * Walks the cpio stream for the kernel tarball and copies it, alone, to
 * *out (a name of ours); nothing else of the stream is written.
 */
static int cpio_tarball(struct source *s, FILE *in, char **out)
{
	char h[110], name[4097];

	for (;;) {
		unsigned long mode, size, namesize;

		if (fread(h, 1, 110, in) != 110 ||
		    (memcmp(h, "070701", 6) && memcmp(h, "070702", 6)))
			return source_fail(s, "the payload is not a newc cpio archive");
		mode = newc_field(h, 1);
		size = newc_field(h, 6);
		namesize = newc_field(h, 11);
		if (!namesize || namesize > sizeof(name) ||
		    fread(name, 1, namesize, in) != namesize || name[namesize - 1])
			return source_fail(s, "a corrupt cpio header in the payload");
		fseek(in, (long)((4 - (110 + namesize) % 4) % 4), SEEK_CUR);
		if (!strcmp(name, "TRAILER!!!"))
			return source_fail(s, "no kernel tarball (linux-*.tar.*) in the package");
		if ((mode & 0170000) == 0100000 && kernel_tarball(name)) {
			*out = xasprintf("%s/kernel%s", s->tmp, strstr(name, ".t"));
			if (copy_out(in, size, *out) < 0)
				return source_fail(s, "cannot copy %s out of the payload: %s",
						   name, strerror(errno));
			return 0;
		}
		if (fseek(in, (long)(size + (4 - size % 4) % 4), SEEK_CUR) < 0)
			return source_fail(s, "a corrupt cpio payload");
	}
}

static int open_rpm(struct source *s, const char *rpm)
{
	char *payload = xasprintf("%s/payload.cpio", s->tmp), *inner = NULL;
	char *argv[] = { "rpm2cpio", (char *)rpm, NULL };
	FILE *in;
	int rc;

	s->vendor = rpm_identity(s, rpm);
	if (!s->vendor) {
		rc = source_fail(s, "not an RPM package rpm can read");
	} else if (!(rc = run_io(s, argv, NULL, payload))) {
		in = fopen(payload, "re");
		rc = in ? cpio_tarball(s, in, &inner) :
			  source_fail(s, "%s: %s", payload, strerror(errno));
		if (in)
			fclose(in);
	}
	unlink(payload);
	if (!rc)
		rc = open_tarball(s, inner);
	if (inner)
		unlink(inner);
	free(inner);
	free(payload);
	return rc;
}

/* --- dispatch --- */

/* GITDIR@REV, GITDIR an existing directory, when spec itself is none. */
static int git_spec(const char *spec)
{
	const char *at = strrchr(spec, '@');
	struct stat st;
	char *dir;
	int r;

	if (!at || at == spec || !at[1] || lstat(spec, &st) == 0)
		return 0;
	dir = xstrndup(spec, (size_t)(at - spec));
	r = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	free(dir);
	return r;
}

static int form_of(struct source *s)
{
	struct stat st;

	if (git_spec(s->spec)) {
		s->form = SOURCE_GIT;
		return 0;
	}
	if (stat(s->spec, &st) < 0)
		return source_fail(s, "%s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		s->form = SOURCE_DIR;
	else if (!S_ISREG(st.st_mode))
		return source_fail(s, "not a directory or a regular file");
	else if (ends_with(s->spec, ".src.rpm"))
		s->form = SOURCE_RPM;
	else if (ends_with(s->spec, ".deb"))
		s->form = SOURCE_DEB;
	else if (tarball_name(s->spec))
		s->form = SOURCE_TAR;
	else
		return source_fail(s, "not a directory, a tarball (.tar, .tar.gz, .tar.xz, "
				   ".tar.bz2), a .deb, a .src.rpm or GITDIR@REV");
	if (access(s->spec, R_OK) < 0)
		return source_fail(s, "%s", strerror(errno));
	return 0;
}

int source_is_packed(const char *spec)
{
	struct stat st;

	/* A path that does not exist is not a package: a single one is
	 * the one-tree audit's error (one line, nothing written). */
	return git_spec(spec) || (stat(spec, &st) == 0 && !S_ISDIR(st.st_mode));
}

/* A private directory under ${KDELTA_CACHE}/tmp. */
static int make_tmp(struct source *s)
{
	char *cache = cache_dir(), *dir = xasprintf("%s/tmp", cache);
	int rc = 0;

	if (mkdir_p(dir) < 0) {
		rc = source_fail(s, "cannot create %s: %s", dir, strerror(errno));
	} else {
		s->tmp = xasprintf("%s/src-XXXXXX", dir);
		if (!mkdtemp(s->tmp)) {
			rc = source_fail(s, "cannot create a directory in %s: %s", dir,
					 strerror(errno));
			free(s->tmp);
			s->tmp = NULL;
		}
	}
	free(dir);
	free(cache);
	return rc;
}

static int open_packed(struct source *s, const char *path)
{
	switch (s->form) {
	case SOURCE_TAR:
		return open_tarball(s, path);
	case SOURCE_DEB:
		return open_deb(s, path);
	case SOURCE_RPM:
		return open_rpm(s, path);
	default:
		return source_open_git(s);
	}
}

static int check_tree(struct source *s)
{
	char *why = tree_not_kernel(s->kdir);

	if (why) {
		source_fail(s, "%s", why);
		free(why);
		return -1;
	}
	return 0;
}

int source_open(const char *spec, struct source *s)
{
	char *real, *k;
	int rc;

	memset(s, 0, sizeof(*s));
	s->spec = spec;
	s->info = json_object();
	if (form_of(s) < 0)
		return -1;
	json_object_set_new(s->info, "form", json_string(source_form_name(s->form)));
	if (s->form == SOURCE_DIR) {
		s->kdir = realpath(spec, NULL);
		if (!s->kdir)
			return source_fail(s, "%s", strerror(errno));
		return check_tree(s);
	}
	real = s->form == SOURCE_GIT ? xstrdup(spec) : realpath(spec, NULL);
	if (!real)
		return source_fail(s, "%s", strerror(errno));
	rc = make_tmp(s);
	if (!rc)
		rc = open_packed(s, real);
	free(real);
	if (!rc) {
		k = realpath(s->kdir, NULL);
		free(s->kdir);
		s->kdir = k;
		if (!k)
			rc = source_fail(s, "the unpacked tree: %s", strerror(errno));
	}
	return rc ? -1 : check_tree(s);
}

/* Directories first opened up (an archive's may be read-only), then
 * everything removed bottom up; no link is followed. */
static int open_up(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)f;
	if (type == FTW_D && (st->st_mode & 0700) != 0700)
		chmod(path, st->st_mode | 0700);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)f;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void source_close(struct source *s)
{
	if (s->tmp) {
		nftw(s->tmp, open_up, 64, FTW_PHYS | FTW_MOUNT);
		nftw(s->tmp, remove_one, 64, FTW_PHYS | FTW_DEPTH | FTW_MOUNT);
	}
	free(s->tmp);
	free(s->kdir);
	free(s->why);
	json_decref(s->info);
	json_decref(s->vendor);
	memset(s, 0, sizeof(*s));
}
