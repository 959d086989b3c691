// SPDX-License-Identifier: GPL-2.0
/*
 * The output directory, all or none.  The reports are written into a
 * directory mkdtemp() makes beside OUTDIR (private, a name nobody can
 * predict, files created O_EXCL|O_NOFOLLOW in it), which then replaces
 * OUTDIR in one rename: RENAME_NOREPLACE when there is none,
 * RENAME_EXCHANGE when there is one.  A reader, or a concurrent kdelta,
 * sees the old set or the new one, never a mix.  Terminating signals are
 * blocked from the temporary directory's creation until it is gone, so
 * that an interrupt never leaves it behind; a pending one cancels the
 * swap.  (The spatch runs have their own cleanup; nothing is created
 * here before the scan ends.)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outdir.h"
#include "util.h"

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

static void stop_set(sigset_t *s)
{
	sigemptyset(s);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaddset(s, stop_signals[i]);
}

/* abs + "/" + comp, or comp's parent for "..". */
static char *join(const char *abs, const char *comp)
{
	if (!strcmp(comp, "..")) {
		const char *slash = strrchr(abs, '/');

		return slash == abs ? xstrdup("/") : xstrndup(abs, (size_t)(slash - abs));
	}
	return xasprintf("%s%s%s", abs, strcmp(abs, "/") ? "/" : "", comp);
}

/*
 * The absolute form of path, without creating anything: symlinks are
 * resolved as far as it exists, the rest is taken as written.
 */
static char *resolve(const char *path, bool *exists)
{
	char *copy = xstrdup(path), *save = NULL, *abs = NULL, *comp;
	char cwd[PATH_MAX];

	*exists = true;
	if (path[0] == '/')
		abs = xstrdup("/");
	else if (getcwd(cwd, sizeof(cwd)))
		abs = xstrdup(cwd);
	else
		kd_err("%s: cannot resolve the output directory: %s", path,
		       strerror(errno));
	for (comp = strtok_r(copy, "/", &save); abs && comp;
	     comp = strtok_r(NULL, "/", &save)) {
		struct stat st;
		char *next;

		if (!strcmp(comp, "."))
			continue;
		next = join(abs, comp);
		free(abs);
		abs = next;
		if (!*exists)
			continue;
		if (stat(abs, &st) < 0) {
			if (errno != ENOENT) {
				kd_err("%s: %s: %s", path, abs, strerror(errno));
				free(abs);
				abs = NULL;
			}
			*exists = false;
		} else if (!S_ISDIR(st.st_mode)) {
			kd_err("%s: %s is not a directory", path, abs);
			free(abs);
			abs = NULL;
		} else {
			next = realpath(abs, NULL);
			free(abs);
			abs = next;
		}
	}
	free(copy);
	return abs;
}

static bool is_name(const struct outdir *od, const char *name)
{
	for (size_t i = 0; od->names[i]; i++)
		if (!strcmp(od->names[i], name))
			return true;
	return false;
}

/* A directory of an earlier fleet: nothing but its reports. */
static bool is_subdir(const struct outdir *od, int dfd, const char *name)
{
	int fd = od->subnames ? openat(dfd, name, O_RDONLY | O_DIRECTORY |
				       O_NOFOLLOW | O_CLOEXEC) : -1;
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *e;
	struct stat st;
	bool ok = d != NULL;

	while (ok && (e = readdir(d))) {
		bool known = false;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		for (size_t i = 0; od->subnames[i]; i++)
			known |= !strcmp(od->subnames[i], e->d_name);
		ok = known && fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		     S_ISREG(st.st_mode);
	}
	if (d)
		closedir(d);
	else if (fd >= 0)
		close(fd);
	return ok;
}

/* An existing OUTDIR is replaced whole: it may hold only reports. */
static int check_contents(struct outdir *od)
{
	DIR *d = opendir(od->abs);
	struct dirent *e;
	struct stat st;
	int rc = 0;

	if (!d || fstat(dirfd(d), &st) < 0) {
		kd_err("%s: %s", od->path, strerror(errno));
		if (d)
			closedir(d);
		return -1;
	}
	od->mode = st.st_mode & 07777;
	while (!rc && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (is_name(od, e->d_name) &&
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode))
			continue;
		if (is_subdir(od, dirfd(d), e->d_name))
			continue;
		kd_err("%s: holds '%s', which kdelta did not write (the directory is "
		       "replaced whole: name a new or empty one)", od->path, e->d_name);
		rc = -1;
	}
	closedir(d);
	return rc;
}

/* The nearest existing ancestor must let a directory be made in it. */
static int check_writable(const struct outdir *od)
{
	char *p = xstrdup(od->parent);
	struct stat st;
	int rc = 0;

	while (stat(p, &st) < 0 && strcmp(p, "/")) {
		char *up = join(p, "..");

		free(p);
		p = up;
	}
	if (access(p, W_OK | X_OK) < 0) {
		kd_err("%s: cannot create the output directory in %s: %s", od->path,
		       p, strerror(errno));
		rc = -1;
	}
	free(p);
	return rc;
}

int outdir_open(struct outdir *od, const char *path, const char *kdir,
		const char *const *names)
{
	return outdir_open_dirs(od, path, kdir, names, NULL);
}

int outdir_open_dirs(struct outdir *od, const char *path, const char *kdir,
		     const char *const *names, const char *const *subnames)
{
	/* The default tree is checked before it is unpacked. */
	char *tree = kdir ? realpath(kdir, NULL) : NULL;
	mode_t mask = umask(0);
	size_t n;

	umask(mask);
	if (kdir && !tree)
		tree = xstrdup(kdir);
	n = tree ? strlen(tree) : 0;
	memset(od, 0, sizeof(*od));
	od->pfd = od->tfd = -1;
	od->names = names;
	od->subnames = subnames;
	od->path = xstrdup(path);
	od->mode = 0777 & ~mask;
	if (!*path) {
		kd_err("the output directory name is empty");
		goto fail;
	}
	od->abs = resolve(path, &od->exists);
	if (!od->abs)
		goto fail;
	if (!strcmp(od->abs, "/")) {
		kd_err("%s: the output directory cannot be /", path);
		goto fail;
	}
	if (tree && !strncmp(od->abs, tree, n) && (!od->abs[n] || od->abs[n] == '/')) {
		kd_err("%s: the output directory is inside the audited tree %s (use -o)",
		       path, tree);
		goto fail;
	}
	od->base = xstrdup(strrchr(od->abs, '/') + 1);
	od->parent = join(od->abs, "..");
	if ((od->exists && check_contents(od) < 0) || check_writable(od) < 0)
		goto fail;
	free(tree);
	return 0;
fail:
	free(tree);
	return -1;
}

/* The missing directories up to parent, each recorded for outdir_close. */
static int make_parents(struct outdir *od)
{
	char *p = xstrdup(od->parent);
	int rc = 0;

	for (char *s = p + 1; !rc; s++) {
		bool last = !*s;

		if (*s && *s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) == 0) {
			strlist_add(&od->made, p);
		} else if (errno != EEXIST) {
			kd_err("%s: cannot create %s: %s", od->path, p, strerror(errno));
			rc = -1;
		}
		if (last)
			break;
		*s = '/';
	}
	free(p);
	return rc;
}

int outdir_begin(struct outdir *od)
{
	sigset_t stop;
	char *tmp;

	stop_set(&stop);
	od->blocked = pthread_sigmask(SIG_BLOCK, &stop, &od->oldmask) == 0;
	if (make_parents(od) < 0)
		return -1;
	od->pfd = open(od->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	tmp = xasprintf("%s/.%s.kdelta-XXXXXX", od->parent, od->base);
	if (od->pfd < 0 || !mkdtemp(tmp)) {
		kd_err("%s: cannot create a directory in %s: %s", od->path,
		       od->parent, strerror(errno));
		free(tmp);
		return -1;
	}
	od->tmp = xstrdup(strrchr(tmp, '/') + 1);
	free(tmp);
	od->tfd = openat(od->pfd, od->tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (od->tfd < 0 || fchmod(od->tfd, od->mode) < 0) {
		kd_err("%s: %s/%s: %s", od->path, od->parent, od->tmp, strerror(errno));
		return -1;
	}
	return 0;
}

int outdir_enter(struct outdir *od, const char *name)
{
	free(od->sub);
	od->sub = NULL;
	if (!name)
		return 0;
	if (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..") ||
	    mkdirat(od->tfd, name, 0777) < 0) {
		kd_err("%s: cannot create %s: %s", od->path, name,
		       strchr(name, '/') ? "not one name" : strerror(errno));
		return -1;
	}
	strlist_add(&od->dirs, name);
	od->sub = xstrdup(name);
	return 0;
}

FILE *outdir_file(struct outdir *od, const char *file)
{
	char *name = od->sub ? xasprintf("%s/%s", od->sub, file) : xstrdup(file);
	int fd = openat(od->tfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			O_CLOEXEC, 0666);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");

	if (!f) {
		kd_err("%s: cannot write %s: %s", od->path, name, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(name);
		return NULL;
	}
	strlist_add(&od->files, name);
	free(name);
	return f;
}

/* The directories of an earlier fleet, each with its reports. */
static void remove_subdirs(struct outdir *od, int fd)
{
	DIR *d = fdopendir(dup(fd));
	struct dirent *e;

	while (d && (e = readdir(d))) {
		int sfd;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		sfd = openat(fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		for (size_t i = 0; sfd >= 0 && od->subnames[i]; i++)
			unlinkat(sfd, od->subnames[i], 0);
		if (sfd >= 0)
			close(sfd);
		unlinkat(fd, e->d_name, AT_REMOVEDIR);
	}
	if (d)
		closedir(d);
}

/* The reports of the directory now at name (the one replaced), and it. */
static void remove_old(struct outdir *od, const char *name)
{
	int fd = openat(od->pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	for (size_t i = 0; fd >= 0 && od->names[i]; i++)
		unlinkat(fd, od->names[i], 0);
	if (fd >= 0 && od->subnames)
		remove_subdirs(od, fd);
	if (fd >= 0)
		close(fd);
	if (unlinkat(od->pfd, name, AT_REMOVEDIR) < 0)
		kd_err("%s: the previous directory is left at %s/%s: %s", od->path,
		       od->parent, name, strerror(errno));
}

/* Without RENAME_EXCHANGE (a file system lacking it): old aside first. */
static int swap_fallback(struct outdir *od)
{
	char *aside = xasprintf("%s.old", od->tmp);
	int rc = renameat(od->pfd, od->base, od->pfd, aside);

	if (!rc && renameat(od->pfd, od->tmp, od->pfd, od->base) < 0) {
		int err = errno;

		renameat(od->pfd, aside, od->pfd, od->base);
		errno = err;
		rc = -1;
	}
	if (!rc)
		remove_old(od, aside);
	free(aside);
	return rc;
}

/* tmp in place of base, whether base exists or not, or appears meanwhile. */
static int swap_in(struct outdir *od)
{
	for (int tries = 0; tries < 8; tries++) {
		if (!renameat2(od->pfd, od->tmp, od->pfd, od->base, RENAME_NOREPLACE))
			return 0;
		if (errno == EINVAL || errno == ENOSYS)
			return swap_fallback(od);
		if (errno != EEXIST)
			return -1;
		if (!renameat2(od->pfd, od->tmp, od->pfd, od->base, RENAME_EXCHANGE)) {
			remove_old(od, od->tmp);
			return 0;
		}
		if (errno != ENOENT)
			return -1;
	}
	return -1;
}

int outdir_commit(struct outdir *od)
{
	sigset_t pending;

	if (fsync(od->tfd) < 0) {
		kd_err("%s: %s", od->path, strerror(errno));
		return -1;
	}
	if (!sigpending(&pending)) {
		for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
			if (sigismember(&pending, stop_signals[i])) {
				kd_err("%s: interrupted, left as it was", od->path);
				return -1;
			}
	}
	if (swap_in(od) < 0) {
		kd_err("%s: cannot put the new reports in place: %s", od->path,
		       strerror(errno));
		return -1;
	}
	free(od->tmp);
	od->tmp = NULL;
	strlist_free(&od->made);
	for (size_t i = 0; i < od->files.n; i++)
		printf("%s%s%s\n", od->path,
		       od->path[strlen(od->path) - 1] == '/' ? "" : "/", od->files.v[i]);
	return 0;
}

void outdir_close(struct outdir *od)
{
	if (od->tmp) {
		for (size_t i = 0; od->tfd >= 0 && i < od->files.n; i++)
			unlinkat(od->tfd, od->files.v[i], 0);
		for (size_t i = 0; od->tfd >= 0 && i < od->dirs.n; i++)
			unlinkat(od->tfd, od->dirs.v[i], AT_REMOVEDIR);
		unlinkat(od->pfd, od->tmp, AT_REMOVEDIR);
	}
	while (od->made.n) {
		rmdir(od->made.v[od->made.n - 1]);
		free(od->made.v[--od->made.n]);
	}
	if (od->tfd >= 0)
		close(od->tfd);
	if (od->pfd >= 0)
		close(od->pfd);
	strlist_free(&od->made);
	strlist_free(&od->files);
	strlist_free(&od->dirs);
	free(od->sub);
	free(od->tmp);
	free(od->path);
	free(od->abs);
	free(od->parent);
	free(od->base);
	/* Last: a signal that came meanwhile now ends the process. */
	if (od->blocked)
		pthread_sigmask(SIG_SETMASK, &od->oldmask, NULL);
	memset(od, 0, sizeof(*od));
	od->pfd = od->tfd = -1;
}
