// SPDX-License-Identifier: GPL-2.0
/*
 * A build directory of kdelta's own, and each file's compile arguments as
 * kbuild would give them.
 *
 * The directory is named by what configuring and preparing read
 * (kbuild_key.c), not by the tree's path, and kbuild always sees the tree
 * at one path of the directory's own, DIR.src (a read-only bind mount of
 * the tree in the contained namespace), so that what it records there
 * (source, Makefile, include/config/auto.conf.cmd's srctree) and the
 * template hold no copy's path: two copies of a tree in different places
 * share one directory.  The template's and kbuild's own commands name the
 * tree as DIR.src; each audit puts its tree's path there.  What an audit
 * writes of its own (its compile_commands.json, make -n's output) goes to
 * a private directory; make -n runs in DIR one at a time (DIR.lock).
 *
 * Preparing runs the tree's own kbuild (its Makefiles, Kconfig, scripts):
 * code from the audited tree.  It runs contained: in mount, network and
 * PID namespaces of its own (unshare -m -n -p; -r too when not root)
 * where the tree and the whole file system (/sys and /dev/shm too) are
 * read-only but for the build directory, with a clean environment and a
 * time limit for each make.  Without that containment the engine does
 * not run, and the report says so.
 *
 * The arguments: kbuild is asked once, with `make -n` of one object
 * (kernel/time/time.o), for the command it would compile it with; that
 * command less the file's own parts (-I of its directory in the tree and
 * in O=, KBUILD_MODFILE, KBUILD_BASENAME, KBUILD_MODNAME) is the template,
 * through ccargs.c's allow-list like any compile command.  Each file gets
 * the template and its own parts.  A file that does not parse with them
 * (a directory's own flags: ccflags-y, CFLAGS_foo.o) is given kbuild's
 * own command instead, from make -n of its object (audit_clang.c asks).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "ccargs.h"
#include "cleanup.h"
#include "jsonutil.h"
#include "kbuild.h"
#include "kbuild_key.h"
#include "kbuild_memo.h"
#include "srcfile.h"
#include "tree.h"

#define TEMPLATE_OBJ	"kernel/time/time"
#define CONFIG_MAX	(16u << 20)
#define EXACT_BATCH	256	/* targets of one make -n */
#define PREPARE_TIMEOUT	"1800"	/* seconds, for one make step */

/*
 * make ARGS... -C src O=dir, contained, with the tree kdir mounted
 * read-only at src (an empty directory), its output to log: the exit
 * status, or -1 when it could not be started.
 */
static int contained_make(const char *kdir, const char *dir, const char *src,
			  const char *log, bool trunc, const char *const *args)
{
	static const char script[] =
		"mount --bind \"$2\" \"$2\" && mount --bind \"$1\" \"$1\" && "
		"mount -o remount,ro,bind \"$1\" && mount --bind \"$1\" \"$3\" && "
		"mount -o remount,ro,bind \"$3\" && mount -o remount,ro,bind / && "
		"{ mount -o remount,ro,bind /sys; mount -o remount,ro,bind /dev/shm; "
		"true; } 2>/dev/null && shift 3 && exec timeout -k 10 " PREPARE_TIMEOUT " \"$@\"";
	const char *path = getenv("PATH");
	char *env[5], *o = xasprintf("O=%s", dir);
	struct strlist a = { 0 };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st = -1;

	env[0] = xasprintf("PATH=%s", path ? path : "/usr/bin:/bin");
	env[1] = xasprintf("TMPDIR=%s/.tmp", dir);
	env[2] = xstrdup("LC_ALL=C");
	env[3] = xasprintf("HOME=%s", dir);
	env[4] = NULL;
	strlist_add(&a, "unshare");
	if (geteuid() != 0)
		strlist_add(&a, "-r");
	for (const char *const *s = (const char *const[]){ "-m", "-n", "-p", "-f",
		"--mount-proc", "--propagation", "private", "--", "sh", "-c", script, "sh",
		kdir, dir, src, "make", "-s", "-C", src, o, NULL }; *s; s++)
		strlist_add(&a, *s);
	for (; *args; args++)
		strlist_add(&a, *args);
	a.v = xrealloc(a.v, (a.n + 1) * sizeof(char *));
	a.v[a.n] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT |
					 (trunc ? O_TRUNC : O_APPEND), 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	if (posix_spawnp(&pid, "unshare", &fa, NULL, a.v, env) == 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	posix_spawn_file_actions_destroy(&fa);
	strlist_free(&a);
	for (int i = 0; env[i]; i++)
		free(env[i]);
	free(o);
	return st < 0 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* The last line of a log, for a one-line reason. */
static char *last_line(const char *log)
{
	struct rfile f;
	char *r, *end, *start;

	if (read_regular(log, 1u << 24, &f) < 0 || !f.len) {
		free(f.text);
		return xstrdup("no output");
	}
	end = f.text + f.len;
	while (end > f.text && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	*end = '\0';
	start = strrchr(f.text, '\n');
	r = xstrndup(start ? start + 1 : f.text, 200);
	free(f.text);
	for (char *p = r; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	return r;
}

/* --- the template --- */

/* Shell words of s (as make -n prints them: '...', "...", \x). */
static void split_words(const char *s, struct strlist *out)
{
	char *w = xmalloc(strlen(s) + 1);

	while (*s) {
		size_t n = 0;
		bool any = false;

		while (*s == ' ' || *s == '\t')
			s++;
		for (; *s && *s != ' ' && *s != '\t'; s++, any = true) {
			char q = *s;

			if (q == '\'' || q == '"') {
				for (s++; *s && *s != q; s++)
					w[n++] = *s == '\\' && q == '"' && s[1] ? *++s : *s;
				if (!*s)
					break;
			} else {
				w[n++] = q == '\\' && s[1] ? *++s : q;
			}
		}
		w[n] = '\0';
		if (any)
			strlist_add(out, w);
	}
	free(w);
}

/* Whether a kept argument is the template file's own. */
static bool own_define(const char *a)
{
	static const char *const own[] = { "-DKBUILD_MODFILE=", "-DKBUILD_BASENAME=",
		"-DKBUILD_MODNAME=", "-D__KBUILD_MODNAME=", NULL };

	for (int i = 0; own[i]; i++)
		if (!strncmp(a, own[i], strlen(own[i])))
			return true;
	return false;
}

static bool own_dir(const char *src, const char *a)
{
	char *d = xasprintf("%s/%s", src, "kernel/time");
	bool r = !strcmp(a, d) || !strcmp(a, "./kernel/time");

	free(d);
	return r;
}

/* From `make -n TGT`'s output: the compile command's arguments that
 * pass ccargs.c's allow-list, into kept; -1 when there is none. */
static int command_of(const char *out, const char *tgt, struct strlist *kept)
{
	char *key = xasprintf(" -c -o %s ", tgt);
	const char *hit = strstr(out, key), *b = hit, *e;
	struct strlist w = { 0 };
	char *cmd;

	free(key);
	if (!hit)
		return -1;
	while (b > out && b[-1] != ';' && b[-1] != '\n')
		b--;
	e = hit + strcspn(hit, ";\n");
	cmd = xstrndup(b, (size_t)(e - b));
	split_words(cmd, &w);
	free(cmd);
	if (w.n > 1)
		ccargs_filter((int)w.n - 1, w.v + 1, kept, NULL);
	strlist_free(&w);
	return kept->n ? 0 : -1;
}

/* The template: kernel/time/time.o's arguments less its own (src: the
 * tree's path as kbuild saw it). */
static int template_from(const char *src, const char *out, struct strlist *tmpl)
{
	struct strlist kept = { 0 };

	if (command_of(out, TEMPLATE_OBJ ".o", &kept) < 0) {
		strlist_free(&kept);
		return -1;
	}
	for (size_t i = 0; i < kept.n; i++) {
		if (own_define(kept.v[i]))
			continue;
		if (!strcmp(kept.v[i], "-I") && i + 1 < kept.n && own_dir(src, kept.v[i + 1])) {
			i++;
			continue;
		}
		if (!strncmp(kept.v[i], "-I", 2) && own_dir(src, kept.v[i] + 2))
			continue;
		strlist_add(tmpl, kept.v[i]);
	}
	strlist_free(&kept);
	return tmpl->n ? 0 : -1;
}

/* dir/kdelta-template: one argument a line, written last (the mark of a
 * prepared directory). */
static int save_template(const char *dir, const struct strlist *tmpl)
{
	char *tmp = xasprintf("%s/kdelta-template.tmp", dir);
	char *path = xasprintf("%s/kdelta-template", dir);
	FILE *f = fopen(tmp, "w");
	int rc = -1;

	if (f) {
		for (size_t i = 0; i < tmpl->n; i++)
			fprintf(f, "%s\n", tmpl->v[i]);
		rc = fclose(f) == 0 && rename(tmp, path) == 0 ? 0 : -1;
	}
	free(tmp);
	free(path);
	return rc;
}

static int load_template(const char *dir, struct strlist *tmpl)
{
	char *path = xasprintf("%s/kdelta-template", dir);
	struct rfile f;
	int rc = read_regular(path, 1u << 20, &f);

	free(path);
	for (char *p = rc == 0 ? f.text : NULL, *nl; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		strlist_add(tmpl, p);
	}
	free(f.text);
	return rc == 0 && tmpl->n ? 0 : -1;
}

/* --- the build directory --- */

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

/* What an earlier, unfinished preparation left. */
static void remove_tree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Copies the given .config into dir; its text in *text. */
static int copy_config(const char *config, const char *dir, char **text, char **why)
{
	char *dst = xasprintf("%s/.config", dir);
	struct rfile f;
	FILE *o;
	int rc = -1;

	if (read_regular(config, CONFIG_MAX, &f) < 0 || f.truncated) {
		*why = xasprintf("--config %s: %s", config, f.truncated ? "larger than 16 MiB" : f.why);
	} else if (!(o = fopen(dst, "w")) ||
		   (fwrite(f.text, 1, f.len, o) != f.len) + fclose(o)) {
		*why = xasprintf("%s: cannot write", dst);
	} else {
		*text = f.text;
		f.text = NULL;
		rc = 0;
	}
	free(f.text);
	free(dst);
	return rc;
}

/* The default configuration's pinned values, for KCONFIG_ALLCONFIG. */
static char *write_pins(const char *dir, char **why)
{
	char *path = xasprintf("%s/kdelta-allconfig", dir);
	FILE *o = fopen(path, "w");
	bool bad = !o || fputs(kbuild_default_pins, o) < 0;

	if ((o && fclose(o)) || bad) {
		*why = xasprintf("%s: cannot write", path);
		free(path);
		return NULL;
	}
	return path;
}

/* allmodconfig (or olddefconfig), prepare, and the template: in kb->dir. */
static int prepare_in(const char *kdir, bool config, struct kbuild *kb, char **why)
{
	const char *dir = kb->dir;
	char *pins = config ? NULL : write_pins(dir, why);
	char *allconfig = pins ? xasprintf("KCONFIG_ALLCONFIG=%s", pins) : NULL;
	const char *cfg[] = { config ? "olddefconfig" : KBUILD_DEFAULT_CONFIG,
			      allconfig, NULL };
	const char *prep[] = { "-j2", "prepare", NULL };
	const char *tmpl[] = { "-n", TEMPLATE_OBJ ".o", NULL };
	const char *const *steps[] = { cfg, prep, tmpl };
	const char *names[] = { cfg[0], "prepare", "-n " TEMPLATE_OBJ ".o" };
	char *log = xasprintf("%s/kdelta-prepare.log", dir);
	char *nlog = xasprintf("%s/kdelta-template.cmd", dir), *tmp = xasprintf("%s/.tmp", dir);
	struct rfile f = { 0 };
	int rc = config || pins ? 0 : -1;

	mkdir(tmp, 0700);
	for (int i = 0; i < 3 && !rc; i++) {
		int st = contained_make(kdir, dir, kb->src, i == 2 ? nlog : log, i == 2,
					steps[i]);

		if (st != 0) {
			char *l = last_line(i == 2 ? nlog : log);

			*why = st < 0 ? xstrdup("cannot run unshare (util-linux) to contain kbuild") :
			       xasprintf("make %s failed in %s: %s", names[i], dir, l);
			free(l);
			rc = -1;
		}
	}
	if (!rc && (read_regular(nlog, 1u << 26, &f) < 0 ||
		    template_from(kb->src, f.text, &kb->tmpl) < 0 ||
		    save_template(dir, &kb->tmpl) < 0)) {
		*why = xasprintf("no compile command for %s.o in the output of make -n",
				 TEMPLATE_OBJ);
		rc = -1;
	}
	free(f.text);
	free(log);
	free(nlog);
	free(tmp);
	free(pins);
	free(allconfig);
	return rc;
}

/* A tree configured in place: kbuild refuses O= (make mrproper first). */
static char *configured_in_place(const char *kdir)
{
	static const char *const marks[] = { ".config", "include/config", NULL };
	struct stat st;

	for (int i = 0; marks[i]; i++) {
		char *p = xasprintf("%s/%s", kdir, marks[i]);
		int r = lstat(p, &st);

		free(p);
		if (r == 0)
			return xasprintf("the tree is configured in place (it has %s): kbuild "
					 "builds elsewhere (O=) only from a clean tree; run make "
					 "mrproper in a copy, or give it a compile_commands.json",
					 marks[i]);
	}
	return NULL;
}

/* An earlier preparation of this tree and configuration that failed:
 * its reason, not tried again until the file is removed. */
static int failed_before(const char *failed, char **why)
{
	struct rfile f;

	if (read_regular(failed, 4096, &f) < 0) {
		free(f.text);
		return 0;
	}
	*why = xasprintf("%s (an earlier audit's; remove %s to try again)", f.text, failed);
	free(f.text);
	return 1;
}

static void remember_failure(const char *failed, const char *why)
{
	FILE *f = fopen(failed, "w");

	if (f) {
		fputs(why, f);
		fclose(f);
	}
}

/* A new build directory: configured, prepared, its template saved. */
static int prepare_dir(const char *kdir, const char *config, struct kbuild *kb,
		       const char *failed, char **why)
{
	remove_tree(kb->dir);
	if (mkdir_p(kb->dir) < 0 || mkdir_p(kb->src) < 0) {
		*why = xasprintf("%s: cannot create: %s", kb->dir, strerror(errno));
		return -1;
	}
	if (config) {
		char *t = NULL;

		if (copy_config(config, kb->dir, &t, why) < 0)
			return -1;
		free(t);
	}
	if (prepare_in(kdir, config != NULL, kb, why) == 0)
		return 0;
	/* Nothing half-made stays in the cache, only the reason (with the
	 * log's last line): kbuild is not run again on this tree for it. */
	remove_tree(kb->dir);
	rmdir(kb->src);
	remember_failure(failed, *why);
	return -1;
}

static int locked_prepare(const char *kdir, const char *config, struct kbuild *kb,
			  char **why)
{
	char *failed = xasprintf("%s.failed", kb->dir);
	int rc = -1;

	if (load_template(kb->dir, &kb->tmpl) == 0) {
		kb->cached = true;
		rc = 0;
	} else if (!failed_before(failed, why)) {
		strlist_free(&kb->tmpl);
		rc = prepare_dir(kdir, config, kb, failed, why);
	}
	free(failed);
	return rc;
}

static bool at_path(const char *hit, size_t n)
{
	return hit[n] == '/' || hit[n] == '\0';
}

/* s with the tree's path as kbuild saw it (src) as kdir wherever it
 * begins a path: an argument of this copy of the tree. */
static char *retarget(const char *s, const char *src, const char *kdir)
{
	size_t n = strlen(src), k = strlen(kdir), hits = 0;
	const char *p, *h;
	char *r, *w;

	for (p = s; (h = strstr(p, src)); p = h + n)
		hits += at_path(h, n);
	r = w = xmalloc(strlen(s) + hits * k + 1);
	for (p = s; (h = strstr(p, src)); p = h + n) {
		memcpy(w, p, (size_t)(h - p));
		w += h - p;
		memcpy(w, at_path(h, n) ? kdir : src, at_path(h, n) ? k : n);
		w += at_path(h, n) ? k : n;
	}
	strcpy(w, p);
	return r;
}

static void retarget_all(struct strlist *l, const char *src, const char *kdir)
{
	for (size_t i = 0; i < l->n; i++) {
		char *t = retarget(l->v[i], src, kdir);

		free(l->v[i]);
		l->v[i] = t;
	}
}

static void rm_private(void *dir)
{
	rm_tree(dir);
}

/* This audit's own directory (its compile_commands.json, make -n's
 * output), under the cache's tmp/; removed by kbuild_free() or at a
 * signal. */
static int private_dir(const char *cache, struct kbuild *kb, char **why)
{
	char *tmp = xasprintf("%s/tmp", cache);
	int h;

	kb->db = xasprintf("%s/kbuild-XXXXXX", tmp);
	if (mkdir_p(tmp) < 0 || !mkdtemp(kb->db)) {
		*why = xasprintf("%s: cannot create a directory: %s", tmp, strerror(errno));
		free(kb->db);
		kb->db = NULL;
		free(tmp);
		return -1;
	}
	h = cleanup_push(rm_private, kb->db);
	kb->cleanup = h >= 0 ? h + 1 : 0;
	free(tmp);
	return 0;
}

int kbuild_prepare(const char *kdir, const char *config, struct kbuild *kb,
		   char **why)
{
	char *cache = cache_dir(), *id;
	struct rfile f = { 0 };
	int fd, rc = -1;

	memset(kb, 0, sizeof(*kb));
	*why = configured_in_place(kdir);
	if (!*why && config && (read_regular(config, CONFIG_MAX, &f) < 0 || f.truncated))
		*why = xasprintf("--config %s: %s", config,
				 f.truncated ? "larger than 16 MiB" : f.why);
	if (*why) {
		free(f.text);
		free(cache);
		return -1;
	}
	id = kbuild_key(kdir, config ? f.text : NULL, f.len);
	kb->dir = xasprintf("%s/build/%s", cache, id);
	kb->src = xasprintf("%s.src", kb->dir);
	kb->lock = xasprintf("%s.lock", kb->dir);
	if (!strncmp(kb->dir, kdir, strlen(kdir)) && kb->dir[strlen(kdir)] == '/')
		*why = xasprintf("the cache %s is inside the tree", cache);
	else if (mkdir_p(kb->dir) < 0 ||
		 (fd = open(kb->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
		*why = xasprintf("%s: cannot create: %s", kb->dir, strerror(errno));
	else {
		/* Two audits of one tree (or of two copies): the second
		 * waits and reuses. */
		flock(fd, LOCK_EX);
		rc = locked_prepare(kdir, config, kb, why);
		close(fd);
	}
	if (rc == 0) {
		retarget_all(&kb->tmpl, kb->src, kdir);
		rc = private_dir(cache, kb, why);
	}
	free(id);
	free(f.text);
	free(cache);
	return rc;
}

/* make -n in kb->dir, one audit at a time: a stale configuration is
 * synced even then (kbuild remakes its included makefiles). */
static int locked_make_n(const struct kbuild *kb, const char *kdir, const char *out,
			 const char *const *args)
{
	int fd = open(kb->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600), st;

	if (fd >= 0)
		flock(fd, LOCK_EX);
	st = contained_make(kdir, kb->dir, kb->src, out, true, args);
	if (fd >= 0)
		close(fd);
	return st;
}

/*
 * A file name make can only take for a target: not an option (-x.c) and
 * not an assignment, which would reach every makefile of the run (a
 * tree's "CC=sh.c" sets CC, and kbuild's probes run it); every .c file
 * of 6.1 passes.  Any other is given no command of kbuild's own.
 */
static bool make_target(const char *rel)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._,+-";

	return rel[0] != '-' && rel[strspn(rel, ok)] == '\0';
}

/* The object kbuild makes of rel: dir/file.o of dir/file.c. */
static char *target_of(const char *rel)
{
	return xasprintf("%.*s.o", (int)strlen(rel) - 2, rel);
}

/*
 * The arguments kbuild itself gives rel: `make -n rel.o` (its directory's
 * own flags included), contained; what it prints is read, never run;
 * remembered for the directory (kbuild_memo.c).  The compile command
 * through the allow-list into args, or -1.
 */
static int exact_args(const struct kbuild *kb, const char *kdir, const char *rel,
		      struct strlist *args)
{
	char *tgt = target_of(rel), *out = xasprintf("%s/exact.cmd", kb->db);
	const char *a[] = { "-n", tgt, NULL };
	struct rfile f = { 0 };
	int rc = make_target(rel) ? kbuild_memo_get(kb->dir, rel, args) : 0;

	if (rc < 0 && locked_make_n(kb, kdir, out, a) == 0 &&
	    read_regular(out, 1u << 26, &f) == 0) {
		rc = command_of(f.text, tgt, args) == 0;
		kbuild_memo_put(kb->dir, rel, rc ? args : NULL);
	}
	if (rc == 1)
		retarget_all(args, kb->src, kdir);
	rc = rc == 1 ? 0 : -1;
	free(f.text);
	unlink(out);
	free(out);
	free(tgt);
	return rc;
}

/*
 * kbuild's own commands for the files the memo does not have yet, from
 * one `make -n -k A.o B.o ...` for up to EXACT_BATCH of them: a make for
 * each file spent a second or two on kbuild reading its makefiles again
 * (100 files of 6.1: 200 s against 3 s).  No -j: parallel makes could
 * write parts of two long command lines into one another; no -O, which
 * GNU make 4.3 crashes on in the contained mount.  A command found is
 * remembered; no command only when make succeeded (a failure may be
 * another target's), so that exact_args() asks for such a file alone.
 */
static void exact_batch(const struct kbuild *kb, const char *kdir, char **rel, size_t n)
{
	char *out = xasprintf("%s/exact.cmd", kb->db);
	const char **argv = xcalloc(n + 3, sizeof(*argv));
	struct strlist tgt = { 0 }, args = { 0 };
	struct rfile f = { 0 };
	int st;

	argv[0] = "-n";
	argv[1] = "-k";
	for (size_t i = 0; i < n; i++) {
		char *t = target_of(rel[i]);

		strlist_add(&tgt, t);
		free(t);
		argv[2 + i] = tgt.v[i];
	}
	st = locked_make_n(kb, kdir, out, argv);
	if (st >= 0 && read_regular(out, 1u << 26, &f) == 0) {
		for (size_t i = 0; i < n; i++) {
			if (command_of(f.text, tgt.v[i], &args) == 0)
				kbuild_memo_put(kb->dir, rel[i], &args);
			else if (st == 0)
				kbuild_memo_put(kb->dir, rel[i], NULL);
			strlist_free(&args);
		}
	}
	free(f.text);
	unlink(out);
	free(argv);
	strlist_free(&tgt);
	free(out);
}

/* The files of files the memo does not have, EXACT_BATCH to a make. */
static void exact_batches(const struct kbuild *kb, const char *kdir,
			  const struct strlist *files)
{
	struct strlist todo = { 0 }, args = { 0 };

	for (size_t i = 0; i < files->n; i++) {
		if (make_target(files->v[i]) && kbuild_memo_get(kb->dir, files->v[i], &args) < 0)
			strlist_add(&todo, files->v[i]);
		strlist_free(&args);
	}
	/* one file alone is exact_args()'s */
	for (size_t k = 0; todo.n > 1 && k < todo.n; k += EXACT_BATCH)
		exact_batch(kb, kdir, todo.v + k,
			    todo.n - k < EXACT_BATCH ? todo.n - k : EXACT_BATCH);
	strlist_free(&todo);
}

/* One entry: the template and the file's own arguments. */
static json_t *entry(const struct kbuild *kb, const char *kdir, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	char *d = slash ? xstrndup(rel, (size_t)(slash - rel)) : xstrdup(".");
	char *base = xstrdup(slash ? slash + 1 : rel), *p;
	json_t *args = json_array(), *e;

	p = strrchr(base, '.');
	if (p)
		*p = '\0';
	json_array_append_new(args, json_string("cc"));
	for (size_t i = 0; i < kb->tmpl.n; i++)
		json_array_append_new(args, kd_json_text(kb->tmpl.v[i]));
	json_array_append_new(args, kd_json_text(p = xasprintf("-I%s/%s", kdir, d)));
	free(p);
	json_array_append_new(args, kd_json_text(p = xasprintf("-I%s/%s", kb->dir, d)));
	free(p);
	json_array_append_new(args, kd_json_text(p = xasprintf("-DKBUILD_MODFILE=\"%s/%s\"", d, base)));
	free(p);
	for (p = base; *p; p++)		/* kbuild's name-fix */
		if (*p == '-' || *p == ',')
			*p = '_';
	json_array_append_new(args, kd_json_text(p = xasprintf("-DKBUILD_BASENAME=\"%s\"", base)));
	free(p);
	json_array_append_new(args, kd_json_text(p = xasprintf("-DKBUILD_MODNAME=\"%s\"", base)));
	free(p);
	json_array_append_new(args, kd_json_text(p = xasprintf("-D__KBUILD_MODNAME=kmod_%s", base)));
	free(p);
	json_array_append_new(args, json_string("-c"));
	e = json_pack("{s:o, s:o, s:o}", "directory", kd_json_text(kb->dir),
		      "file", kd_json_text(p = xasprintf("%s/%s", kdir, rel)), "arguments", args);
	free(p);
	free(d);
	free(base);
	return e;
}

/* rel's entry with kbuild's own command for it, or NULL. */
static json_t *exact_entry(const struct kbuild *kb, const char *kdir, const char *rel)
{
	struct strlist args = { 0 };
	json_t *a, *e = NULL;
	char *file;

	if (exact_args(kb, kdir, rel, &args) == 0) {
		a = json_array();
		json_array_append_new(a, json_string("cc"));
		for (size_t i = 0; i < args.n; i++)
			json_array_append_new(a, kd_json_text(args.v[i]));
		json_array_append_new(a, json_string("-c"));
		e = json_pack("{s:o, s:o, s:o}", "directory", kd_json_text(kb->dir),
			      "file", kd_json_text(file = xasprintf("%s/%s", kdir, rel)),
			      "arguments", a);
		free(file);
	}
	strlist_free(&args);
	return e;
}

int kbuild_compdb(const struct kbuild *kb, const char *kdir,
		  const struct strlist *files, bool exact, struct strlist *got)
{
	char *path = xasprintf("%s/compile_commands.json", kb->db);
	json_t *db = json_array();
	int rc = 0;

	if (exact)
		exact_batches(kb, kdir, files);
	for (size_t i = 0; i < files->n; i++) {
		json_t *e = exact ? exact_entry(kb, kdir, files->v[i]) :
			    entry(kb, kdir, files->v[i]);

		if (!e)
			continue;
		if (got)
			strlist_add(got, files->v[i]);
		json_array_append(json_object_get(e, "arguments"),
				  json_object_get(e, "file"));
		json_array_append_new(db, e);
	}
	if (json_dump_file(db, path, JSON_COMPACT) < 0) {
		kd_err("%s: cannot write", path);
		rc = -1;
	}
	json_decref(db);
	free(path);
	return rc;
}

void kbuild_free(struct kbuild *kb)
{
	if (kb->db && kb->cleanup)
		cleanup_pop(kb->cleanup - 1, 1);
	else if (kb->db)
		rm_tree(kb->db);
	free(kb->db);
	free(kb->src);
	free(kb->lock);
	free(kb->dir);
	strlist_free(&kb->tmpl);
	memset(kb, 0, sizeof(*kb));
}
