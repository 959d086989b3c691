// SPDX-License-Identifier: GPL-2.0
/*
 * Turning the command line's files and directories into C files, and
 * reading them.  Nothing here opens what is not a regular file: a FIFO
 * would block the reader forever, a device could be endless.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "escape.h"
#include "paths.h"
#include "srcfile.h"
#include "util.h"

static int has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);

	return n > m && strcmp(path + n - m, suffix) == 0;
}

static int is_c_file(const char *path)
{
	return has_suffix(path, ".c");
}

/* Length of the valid UTF-8 sequence at s, or 0. */
/* One line naming path, escaped, and what is wrong with it. */
static void path_err(const char *path, const char *why)
{
	char *p = esc_name(path);

	kd_err("%s: %s", p, why);
	free(p);
}

/*
 * What a walk meets below a directory: regular files only, symbolic links
 * not followed (they point elsewhere in the tree or out of it, as with
 * git and find -type f).  A *.c entry that is not a regular file or
 * cannot be read is reported, like a named one, and fails the walk once
 * it is over: every such entry gets its line.
 */
static int walk_entry(const FTSENT *e, bool (*want)(const char *base))
{
	switch (e->fts_info) {
	case FTS_F:
		if (!want(e->fts_name))
			return 0;
		if (access(e->fts_accpath, R_OK) < 0) {
			path_err(e->fts_path, strerror(errno));
			return -1;
		}
		return 1;
	case FTS_DEFAULT:
		if (!want(e->fts_name))
			return 0;
		path_err(e->fts_path, "not a regular file");
		return -1;
	case FTS_DNR:
	case FTS_ERR:
	case FTS_NS:
		path_err(e->fts_path, strerror(e->fts_errno));
		return -1;
	default:
		return 0;
	}
}

static bool any_c_file(const char *base)
{
	return is_c_file(base);
}

/* Source files only: no *.mod.c, which kbuild generates for a module. */
static bool tree_c_file(const char *base)
{
	return is_c_file(base) && !has_suffix(base, ".mod.c");
}

/*
 * The walk of one directory; skip_hidden leaves out hidden files and
 * directories below it (.git, .tmp_versions), unread.  Adds the path
 * after skip bytes of it.
 */
static int walk(const char *dir, bool skip_hidden, size_t skip,
		bool (*want)(const char *base), struct strlist *out)
{
	char *argv[] = { (char *)dir, NULL };
	FTS *fts = fts_open(argv, FTS_PHYSICAL | FTS_COMFOLLOW | FTS_NOCHDIR, NULL);
	FTSENT *e;
	int rc = 0, r;

	if (!fts) {
		path_err(dir, strerror(errno));
		return -1;
	}
	while ((e = fts_read(fts))) {
		if (e->fts_level > 0 && skip_hidden && e->fts_name[0] == '.') {
			if (e->fts_info == FTS_D)
				fts_set(fts, e, FTS_SKIP);
			continue;
		}
		r = walk_entry(e, want);
		if (r > 0)
			strlist_add(out, e->fts_path + skip);
		else if (r < 0)
			rc = -1;
	}
	if (errno) {
		path_err(dir, strerror(errno));
		rc = -1;
	}
	fts_close(fts);
	return rc;
}

/* A named path: followed if a link, and a regular C file or a directory. */
static int named_path(const char *path, struct strlist *out)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		path_err(path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return walk(path, false, 0, any_c_file, out);
	if (!S_ISREG(st.st_mode)) {
		path_err(path, "not a file or directory");
		return -1;
	}
	if (!is_c_file(path) && !has_suffix(path, ".h")) {
		path_err(path, "not a C source file (.c or .h)");
		return -1;
	}
	if (access(path, R_OK) < 0) {
		path_err(path, strerror(errno));
		return -1;
	}
	strlist_add(out, path);
	return 0;
}

/*
 * A named file must be C source or a header (spatch would silently skip
 * anything else); directories contribute their *.c files.
 */
int collect_c_files(char **paths, int npaths, struct strlist *out)
{
	int rc = 0;

	for (int i = 0; i < npaths && !rc; i++)
		rc = named_path(paths[i], out);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), strp_cmp);
	return rc;
}

/* Whether name occurs in text as a whole identifier. */
static bool names_word(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; (p = strstr(p, name)); p += n) {
		bool before = p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool after = isalnum((unsigned char)p[n]) || p[n] == '_';

		if (!before && !after)
			return true;
	}
	return false;
}

static bool names_one(const char *text, const char *name, bool words)
{
	return words ? names_word(text, name) : strstr(text, name) != NULL;
}

/*
 * Most names of the time API contain "ktime": a text without it, most of
 * a kernel tree, needs only the others looked for.
 */
static bool may_name_time_api(const char *text)
{
	if (strstr(text, "ktime"))
		return true;
	for (int i = 0; kd_sources[i]; i++)
		if (!strstr(kd_sources[i], "ktime") && strstr(text, kd_sources[i]))
			return true;
	for (int i = 0; kd_nows[i]; i++)
		if (!strstr(kd_nows[i], "ktime") && strstr(text, kd_nows[i]))
			return true;
	return false;
}

/*
 * Whether the text names ktime_t, a delta source or a current-time read
 * (api.def); with words, as whole identifiers (ktime_get_ns() then names
 * none: it returns a u64).
 */
bool text_names_time_api(const char *text, bool words)
{
	bool found;

	if (!may_name_time_api(text))
		return false;
	found = names_one(text, "ktime_t", words);
	for (int i = 0; !found && kd_sources[i]; i++)
		found = names_one(text, kd_sources[i], words);
	for (int i = 0; !found && kd_nows[i]; i++)
		found = names_one(text, kd_nows[i], words);
	return found;
}

/*
 * Like spatch's file selection: a file whose text names no source of a
 * delta and no ktime_t cannot compute one in its own functions (short of
 * subtracting ktime_t fields it never names the type of), so it is not
 * analysed.  A file that cannot be read as a regular file of at most
 * KD_MAX_SOURCE bytes counts as naming it: the engine that opens it then
 * reports the error (it must not open what is not a regular file).
 */
bool names_time_api(const char *file)
{
	struct rfile f;
	bool found;

	if (read_regular(file, KD_MAX_SOURCE, &f) < 0 || f.truncated) {
		free(f.text);
		return true;
	}
	found = text_names_time_api(f.text, false);
	free(f.text);
	return found;
}

/* The C source files below root (a path without a trailing '/'),
 * relative to it, sorted. */
int tree_c_files(const char *root, struct strlist *out)
{
	int rc = walk(root, true, strlen(root) + 1, tree_c_file, out);

	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), strp_cmp);
	return rc;
}
