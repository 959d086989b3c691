// SPDX-License-Identifier: GPL-2.0
/* Turning the command line's files and directories into C files. */
#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kdelta.h"

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
