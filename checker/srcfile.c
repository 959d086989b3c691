// SPDX-License-Identifier: GPL-2.0
/*
 * Reading untrusted files: a tree's Makefile may be a FIFO, a symlink to
 * /dev/zero or to a file outside the tree; a shard may be a directory.
 * Only regular files are read, up to a limit, and an open never waits.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "srcfile.h"
#include "util.h"

static int read_fd(int fd, size_t cap, struct rfile *f)
{
	struct stat st;
	size_t want;
	char extra;

	if (fstat(fd, &st) < 0) {
		f->err = errno, f->why = strerror(errno);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		f->why = S_ISDIR(st.st_mode) ? "a directory, not a file" :
						"not a regular file";
		return -1;
	}
	want = (size_t)st.st_size < cap ? (size_t)st.st_size : cap;
	f->text = xmalloc(want + 1);
	while (f->len < want) {
		ssize_t n = read(fd, f->text + f->len, want - f->len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			f->err = errno, f->why = strerror(errno);
			return -1;
		}
		if (n == 0)
			break;
		f->len += (size_t)n;
	}
	f->text[f->len] = '\0';
	f->truncated = f->len == cap && read(fd, &extra, 1) == 1;
	return 0;
}

int read_regular(const char *path, size_t cap, struct rfile *f)
{
	int fd, rc;

	memset(f, 0, sizeof(*f));
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		f->err = errno, f->why = strerror(errno);
		return -1;
	}
	rc = read_fd(fd, cap, f);
	close(fd);
	if (rc < 0) {
		free(f->text);
		f->text = NULL;
	}
	return rc;
}

static bool has_dotdot(const char *rel)
{
	for (const char *p = rel; (p = strstr(p, "..")); p += 2)
		if ((p == rel || p[-1] == '/') && (!p[2] || p[2] == '/'))
			return true;
	return false;
}

int read_in_tree(const char *root, const char *rel, size_t cap,
		 struct rfile *f)
{
	char *path, *real = NULL, *top = realpath(root, NULL);
	size_t n = top ? strlen(top) : 0;
	int rc = -1;

	memset(f, 0, sizeof(*f));
	if (rel[0] == '/' || has_dotdot(rel)) {
		f->why = "a path leading out of the tree";
		free(top);
		return -1;
	}
	path = xasprintf("%s/%s", root, rel);
	real = top ? realpath(path, NULL) : NULL;
	if (!real)
		f->err = errno, f->why = strerror(errno);
	else if (strncmp(real, top, n) || real[n] != '/')
		f->why = "a symlink leading out of the tree";
	else
		rc = 0;
	/* The path checked has no symlink left: none may appear now. */
	if (!rc) {
		int fd = open(real, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
				    O_NOCTTY | O_NOFOLLOW);

		f->err = fd < 0 ? errno : 0;
		f->why = fd < 0 ? strerror(errno) : NULL;
		rc = fd < 0 ? -1 : read_fd(fd, cap, f);
		if (fd >= 0)
			close(fd);
	}
	if (rc < 0) {
		free(f->text);
		f->text = NULL;
	}
	free(real);
	free(path);
	free(top);
	return rc;
}

static void split(struct srcfile *s)
{
	size_t n = 0;

	for (char *p = s->text; *p; p++)
		n += *p == '\n';
	s->line = xmalloc((n + 1) * sizeof(*s->line));
	for (char *p = s->text; *p;) {
		char *nl = strchr(p, '\n');

		s->line[s->n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		p = nl + 1;
	}
}

int srcfile_read(const char *path, struct srcfile *s)
{
	struct rfile f;

	memset(s, 0, sizeof(*s));
	if (read_regular(path, KD_SRC_MAX, &f) < 0)
		return -1;
	s->text = f.text;
	split(s);
	return 0;
}

int srcfile_read_in(const char *root, const char *rel, struct srcfile *s)
{
	struct rfile f;

	memset(s, 0, sizeof(*s));
	if (read_in_tree(root, rel, KD_SRC_MAX, &f) < 0)
		return -1;
	s->text = f.text;
	split(s);
	return 0;
}

void srcfile_free(struct srcfile *s)
{
	free(s->text);
	free(s->line);
	memset(s, 0, sizeof(*s));
}
