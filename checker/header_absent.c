// SPDX-License-Identifier: GPL-2.0
/*
 * A missing header's search, told from the compile command and clang's
 * diagnostic, so that a unit that fails on it is cached with the places
 * to check again (header_absent.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "header_absent.h"

/* Options naming a directory an #include searches, joined or apart. */
static const char *const dir_opts[] = {
	"-iquote", "-isystem", "-idirafter", "-I", NULL
};

static void add_dir(struct strlist *dirs, const char *cwd, const char *d)
{
	char *abs = d[0] == '/' ? xstrdup(d) : xasprintf("%s/%s", cwd, d);

	if (!strlist_has(dirs, abs))
		strlist_add(dirs, abs);
	free(abs);
}

/* The directory argument a names (value: the next one), or NULL. */
static const char *dir_value(const char *a, const char *value, int *span)
{
	for (int k = 0; dir_opts[k]; k++) {
		size_t n = strlen(dir_opts[k]);

		if (strncmp(a, dir_opts[k], n))
			continue;
		*span = a[n] ? 1 : 2;
		return a[n] ? a + n : value;
	}
	*span = 1;
	return NULL;
}

int header_search_dirs(const struct strlist *args, const char *cwd, struct strlist *dirs)
{
	if (!strlist_has(args, "-nostdinc") || cwd[0] != '/')
		return -1;
	add_dir(dirs, cwd, cwd);
	for (size_t i = 0; i < args->n;) {
		const char *next = i + 1 < args->n ? args->v[i + 1] : NULL;
		int span;
		const char *d = dir_value(args->v[i], next, &span);

		i += (size_t)span;
		if (!d && span == 2)
			return -1;	/* an option without its value */
		if (!d)
			continue;
		if (d[0] == '=' || d[0] == '\0')
			return -1;	/* under a sysroot, or the empty path */
		add_dir(dirs, cwd, d);
	}
	return 0;
}

/* In "FILE:L:C" the end of FILE, or NULL. */
static const char *loc_file_end(const char *s, const char *end)
{
	for (int k = 0; k < 2; k++) {
		const char *p = end;

		while (p > s && p[-1] >= '0' && p[-1] <= '9')
			p--;
		if (p == end || p == s || p[-1] != ':')
			return NULL;
		end = p - 1;
	}
	return end;
}

int header_absent_paths(const char *reason, const struct strlist *dirs, const char *cwd,
			struct strlist *paths)
{
	static const char pre[] = "cannot parse: ", mid[] = ": fatal error: '",
			  tail[] = "' file not found";
	const char *m, *f_end, *name;
	size_t n = strlen(reason), t = strlen(tail);
	char *file, *name_s, *slash;
	struct strlist where = { 0 };

	if (strncmp(reason, pre, strlen(pre)) || n < t || strcmp(reason + n - t, tail) ||
	    !(m = strstr(reason, mid)) ||
	    !(f_end = loc_file_end(reason + strlen(pre), m)))
		return -1;
	name = m + strlen(mid);
	name_s = xstrndup(name, (size_t)(reason + n - t - name));
	if (!*name_s || strchr(name_s, '\'')) {
		free(name_s);
		return -1;
	}
	file = xstrndup(reason + strlen(pre), (size_t)(f_end - reason - strlen(pre)));
	slash = strrchr(file, '/');
	if (slash)
		*slash = '\0';
	/* The includer's directory (for "NAME"), then every search directory. */
	if (slash)
		add_dir(&where, cwd, *file ? file : "/");
	for (size_t i = 0; i < dirs->n; i++)
		add_dir(&where, cwd, dirs->v[i]);
	for (size_t i = 0; i < where.n; i++) {
		char *p = name_s[0] == '/' ? xstrdup(name_s) :
			  xasprintf("%s/%s", where.v[i], name_s);

		if (!strlist_has(paths, p))
			strlist_add(paths, p);
		free(p);
	}
	strlist_free(&where);
	free(file);
	free(name_s);
	return 0;
}

bool header_still_absent(const char *path)
{
	struct stat st;

	return lstat(path, &st) < 0 && (errno == ENOENT || errno == ENOTDIR);
}
