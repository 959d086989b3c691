// SPDX-License-Identifier: GPL-2.0
/*
 * The key of a prepared build directory: a hash over what kbuild's
 * `make allmodconfig prepare` reads (kbuild_key.h lists it), not the tree's
 * path.  The tree is walked without following links (a link is hashed as
 * its target's text), each directory's entries in byte order, at most
 * DEPTH deep, .git left out; each file hashed is framed by its path and
 * size, so that no two sets of files hash alike by concatenation.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kbuild_key.h"
#include "sha256.h"
#include "util.h"

const char kbuild_default_pins[] =
	"CONFIG_WERROR=n\n"
	"CONFIG_GCC_PLUGINS=n\n"
	"CONFIG_RUST=n\n"
	"CONFIG_DEBUG_INFO_BTF=n\n";

#define LAYOUT	"kdelta kbuild build directory 2"
#define DEPTH	64

struct key_walk {
	struct sha256 sha;
	const char *kdir;
	char *arch;		/* "arch/x86": hashed whole */
	char *tools_arch;	/* "tools/arch/x86": hashed whole */
};

/* kbuild's SUBARCH (uname -m through its sed), as SRCARCH. */
static char *src_arch(void)
{
	static const char *const map[][2] = {
		{ "x86_64", "x86" }, { "aarch64", "arm64" }, { "arm", "arm" },
		{ "sa110", "arm" }, { "sun4u", "sparc" }, { "sparc", "sparc" },
		{ "s390", "s390" }, { "ppc", "powerpc" }, { "mips", "mips" },
		{ "sh2", "sh" }, { "sh3", "sh" }, { "sh4", "sh" }, { "riscv", "riscv" },
		{ "loongarch", "loongarch" }, { "parisc", "parisc" },
	};
	struct utsname u;
	const char *m = uname(&u) == 0 ? u.machine : "unknown";

	if (m[0] == 'i' && m[1] && !strcmp(m + 2, "86"))
		return xstrdup("arch/x86");
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strncmp(m, map[i][0], strlen(map[i][0])))
			return xasprintf("arch/%s", map[i][1]);
	return xasprintf("arch/%s", m);
}

/* A file kbuild reads for configuring and preparing, wherever it is. */
static bool named(const char *name)
{
	static const char *const pre[] = { "Kconfig", "Makefile", "Kbuild", NULL };
	static const char *const suf[] = { ".mk", ".bc", ".tbl", NULL };
	size_t n = strlen(name);

	for (int i = 0; pre[i]; i++)
		if (!strncmp(name, pre[i], strlen(pre[i])))
			return true;
	for (int i = 0; suf[i]; i++)
		if (n > strlen(suf[i]) && !strcmp(name + n - strlen(suf[i]), suf[i]))
			return true;
	return !strcmp(name, "bounds.c") ||
	       (strstr(name, "offsets") && n > 2 && !strcmp(name + n - 2, ".c"));
}

/* A directory whose every file configuring or preparing may read, or
 * build and run (tools/: fixdep, objtool, resolve_btfids and what they
 * are built from). */
static bool whole(const struct key_walk *w, const char *rel)
{
	static const char *const dirs[] = { "include", "scripts", "tools/build",
		"tools/objtool", "tools/lib", "tools/include", "tools/scripts",
		"tools/bpf/resolve_btfids", NULL };

	for (int i = 0; dirs[i]; i++)
		if (!strcmp(rel, dirs[i]))
			return true;
	return !strcmp(rel, w->arch) || !strcmp(rel, w->tools_arch);
}

/* rel's path, then "l" and a link's target, or its size and bytes. */
static void add_entry(struct key_walk *w, int dfd, const char *name, const char *rel,
		      const struct stat *st)
{
	char head[32], target[4096], *path;

	sha256_update(&w->sha, rel, strlen(rel) + 1);
	if (S_ISLNK(st->st_mode)) {
		ssize_t n = readlinkat(dfd, name, target, sizeof(target));

		snprintf(head, sizeof(head), "l %zd", n);
		sha256_update(&w->sha, head, strlen(head) + 1);
		if (n > 0)
			sha256_update(&w->sha, target, (size_t)n);
		return;
	}
	snprintf(head, sizeof(head), "f %lld", (long long)st->st_size);
	sha256_update(&w->sha, head, strlen(head) + 1);
	path = xasprintf("%s/%s", w->kdir, rel);
	if (sha256_add_file(&w->sha, path) < 0)
		sha256_update(&w->sha, "unreadable", 11);
	free(path);
}

static void walk_dir(struct key_walk *w, int dfd, const char *rel, bool all, int depth);

static void visit(struct key_walk *w, int dfd, const char *rel, const char *name,
		  bool all, int depth)
{
	char *sub = *rel ? xasprintf("%s/%s", rel, name) : xstrdup(name);
	struct stat st;
	int fd;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		free(sub);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (depth < DEPTH && strcmp(name, ".git") &&
		    (fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) >= 0)
			walk_dir(w, fd, sub, all || whole(w, sub), depth + 1);
	} else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) &&
		   (all || depth == 0 || named(name))) {
		add_entry(w, dfd, name, sub, &st);
	}
	free(sub);
}

/* The directory open at dfd (closed here), rel in the tree. */
static void walk_dir(struct key_walk *w, int dfd, const char *rel, bool all, int depth)
{
	DIR *d = fdopendir(dfd);
	struct strlist names = { 0 };
	struct dirent *e;

	if (!d) {
		close(dfd);
		return;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			strlist_add(&names, e->d_name);
	if (names.n)
		qsort(names.v, names.n, sizeof(char *), strp_cmp);
	for (size_t i = 0; i < names.n; i++)
		visit(w, dirfd(d), rel, names.v[i], all, depth);
	strlist_free(&names);
	closedir(d);
}

char *kbuild_key(const char *kdir, const char *config_text, size_t config_len)
{
	struct key_walk w = { .kdir = kdir, .arch = src_arch() };
	char hex[65], head[32];
	int fd;

	w.tools_arch = xasprintf("tools/%s", w.arch);
	sha256_init(&w.sha);
	sha256_update(&w.sha, LAYOUT, sizeof(LAYOUT));
	sha256_update(&w.sha, w.arch, strlen(w.arch) + 1);
	if (config_text) {
		snprintf(head, sizeof(head), "config %zu", config_len);
		sha256_update(&w.sha, head, strlen(head) + 1);
		sha256_update(&w.sha, config_text, config_len);
	} else {
		sha256_update(&w.sha, KBUILD_DEFAULT_CONFIG,
			      sizeof(KBUILD_DEFAULT_CONFIG));
		sha256_update(&w.sha, kbuild_default_pins,
			      strlen(kbuild_default_pins));
	}
	fd = open(kdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
		walk_dir(&w, fd, "", false, 0);
	sha256_hex(&w.sha, hex);
	free(w.arch);
	free(w.tools_arch);
	return xstrndup(hex, 32);
}
