// SPDX-License-Identifier: GPL-2.0
/* Turning the command line's files and directories into C files. */
#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api.h"
#include "paths.h"
#include "util.h"

static struct strlist *walk_out;

static int has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);

	return n > m && strcmp(path + n - m, suffix) == 0;
}

static int is_c_file(const char *path)
{
	return has_suffix(path, ".c");
}

static int walk_one(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_F && is_c_file(path))
		strlist_add(walk_out, path);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A named file must be C source or a header (spatch would silently skip
 * anything else); directories contribute their *.c files.
 */
int collect_c_files(char **paths, int npaths, struct strlist *out)
{
	struct stat st;

	for (int i = 0; i < npaths; i++) {
		if (stat(paths[i], &st) < 0) {
			kd_err("%s: %s", paths[i], strerror(errno));
			return -1;
		}
		if (S_ISREG(st.st_mode)) {
			if (!is_c_file(paths[i]) && !has_suffix(paths[i], ".h")) {
				kd_err("%s: not a C source file (.c or .h)",
				       paths[i]);
				return -1;
			}
			strlist_add(out, paths[i]);
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			kd_err("%s: not a file or directory", paths[i]);
			return -1;
		}
		walk_out = out;
		if (nftw(paths[i], walk_one, 32, FTW_PHYS) < 0) {
			kd_err("%s: %s", paths[i], strerror(errno));
			return -1;
		}
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
	return 0;
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
 * analysed.  An unreadable file counts as naming it: the engine that
 * opens it then reports the error.
 */
bool names_time_api(const char *file)
{
	FILE *fp = fopen(file, "r");
	char *text = NULL;
	size_t cap = 0;
	ssize_t n;
	bool found;

	if (!fp)
		return true;
	n = getdelim(&text, &cap, '\0', fp);
	fclose(fp);
	found = n > 0 && text_names_time_api(text, false);
	free(text);
	return found;
}

/* The walk of tree_c_files(): where relative paths start. */
static size_t tree_root_len;

/*
 * Source files only: hidden directories (.git, .tmp_versions) and files
 * are skipped, and so is the *.mod.c kbuild generates for each module.
 */
static int tree_one(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	const char *base = path + ftw->base;

	(void)st;
	if (ftw->level > 0 && base[0] == '.')
		return type == FTW_D ? FTW_SKIP_SUBTREE : FTW_CONTINUE;
	if (type == FTW_F && is_c_file(base) && !has_suffix(base, ".mod.c"))
		strlist_add(walk_out, path + tree_root_len);
	return FTW_CONTINUE;
}

/* The C source files below root (a path without a trailing '/'),
 * relative to it, sorted. */
int tree_c_files(const char *root, struct strlist *out)
{
	tree_root_len = strlen(root) + 1;
	walk_out = out;
	if (nftw(root, tree_one, 32, FTW_PHYS | FTW_ACTIONRETVAL) < 0) {
		kd_err("%s: %s", root, strerror(errno));
		return -1;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
	return 0;
}
