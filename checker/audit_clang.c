// SPDX-License-Identifier: GPL-2.0
/*
 * The libclang engine in `kdelta audit`.  With the tree's own
 * compile_commands.json, its files among those scanned; without one,
 * every scanned file, through a build directory kdelta prepared
 * (kbuild.c, shared by copies of a tree) and a compile_commands.json of
 * this audit's own.
 *
 * The files are split among jobs, each a child process running the
 * engine (check_findings_db(), one bounded child per file) and sending
 * back what it found as one JSON document through a pipe.  The engine
 * runs at confidence low: what falls below the audit's threshold
 * (medium) is kept as a silence, so that a reader sees it was analysed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "audit_clang.h"
#include "cache_clang.h"
#include "check.h"
#include "jsonutil.h"
#include "kbuild.h"
#include "nd_facts.h"
#include "output.h"
#include "progress.h"
#include "report.h"
#include "srcfile.h"

#define DB_MAX	(1u << 30)	/* a compile_commands.json */
#define THRESHOLD KD_MEDIUM	/* what the audit reports */

void audit_relative(const char *kdir, char **file)
{
	size_t n = strlen(kdir);
	char *f = *file, *real = NULL;
	const char *p = f;

	if (strncmp(p, kdir, n) || p[n] != '/')
		p = real = realpath(f, NULL);
	if (p && !strncmp(p, kdir, n) && p[n] == '/') {
		*file = xstrdup(p + n + 1);
		free(f);
	}
	free(real);
}

void audit_relativize(const char *kdir, struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		audit_relative(kdir, &fs->v[i].file);
	for (size_t i = 0; i < fs->ninc; i++)
		audit_relative(kdir, &fs->inc[i].file);
	for (size_t i = 0; i < fs->nsil; i++)
		audit_relative(kdir, &fs->sil[i].file);
	for (size_t i = 0; i < fs->nfact; i++)
		audit_relative(kdir, &fs->fact[i].file);
}

/* The file of one entry of compile_commands.json, absolute, or NULL. */
static char *db_entry(json_t *e)
{
	const char *f = json_string_value(json_object_get(e, "file"));
	const char *d = json_string_value(json_object_get(e, "directory"));

	if (!f || (f[0] != '/' && !d))
		return NULL;
	return f[0] == '/' ? xstrdup(f) : xasprintf("%s/%s", d, f);
}

/* The files of compile_commands.json among those scanned (relative). */
static int db_files(const char *kdir, const struct strlist *scanned, const char *db,
		    struct strlist *out)
{
	size_t n = strlen(kdir), i, bad = 0;
	struct rfile rf;
	json_error_t je;
	json_t *doc, *e;

	if (read_regular(db, DB_MAX, &rf) < 0 || rf.truncated) {
		kd_err("%s: %s", db, rf.truncated ? "larger than 1 GiB" : rf.why);
		free(rf.text);
		return -1;
	}
	doc = json_loadb(rf.text, rf.len, 0, &je);
	free(rf.text);
	if (!json_is_array(doc)) {
		kd_err("%s: not a compilation database: %s", db,
		       doc ? "not a JSON array" : je.text);
		json_decref(doc);
		return -1;
	}
	json_array_foreach(doc, i, e) {
		char *path = db_entry(e), *real = path ? realpath(path, NULL) : NULL;
		const char *rel = real && !strncmp(real, kdir, n) && real[n] == '/' ?
				  real + n + 1 : NULL;

		bad += !path;
		if (rel && bsearch(&rel, scanned->v, scanned->n, sizeof(char *), strp_cmp) &&
		    !(out->n && !strcmp(out->v[out->n - 1], rel)))
			strlist_add(out, rel);
		free(real);
		free(path);
	}
	json_decref(doc);
	if (out->n)
		qsort(out->v, out->n, sizeof(char *), strp_cmp);
	if (bad)
		kd_err("%s: %zu entries without a \"file\" string (or a \"directory\" "
		       "for a relative one), not analysed", db, bad);
	return bad ? -1 : 0;
}

/* --- jobs --- */

static json_t *job_json(const struct findings *fs, int rc)
{
	json_t *f = json_array(), *i = json_array(), *s = json_array(), *d = json_array();
	json_t *t = json_array();

	for (size_t k = 0; k < fs->n; k++)
		json_array_append_new(f, finding_json(&fs->v[k]));
	for (size_t k = 0; k < fs->ninc; k++)
		json_array_append_new(i, json_pack("{s:o, s:o}",
				      "file", kd_json_text(fs->inc[k].file),
				      "reason", kd_json_text(fs->inc[k].reason)));
	for (size_t k = 0; k < fs->nsil; k++)
		json_array_append_new(s, report_silence_json(&fs->sil[k]));
	/* A name that is not UTF-8 arrives escaped: it will not be read again,
	 * and the unit is not cached. */
	for (size_t k = 0; k < fs->ndep; k++)
		json_array_append_new(d, json_pack("[o, o]", kd_json_text(fs->dep[k].file),
						   kd_json_text(fs->dep[k].header)));
	for (size_t k = 0; k < fs->nfact; k++)
		json_array_append_new(t, json_pack("[o, o, i]", kd_json_text(fs->fact[k].file),
						   kd_json_text(fs->fact[k].usr),
						   (int)fs->fact[k].flags));
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:b}", "f", f, "i", i, "s", s, "d", d,
			 "t", t, "failed", rc < 0);
}

static void job_finding(json_t *o, struct findings *out)
{
	struct finding f = { 0 };
	json_int_t line = 0, col = 0;
	const char *conf = "", *eng = "";

	if (json_unpack(o, "{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s}", "rule", &f.rule,
			"engine", &eng, "file", &f.file, "line", &line, "column", &col,
			"function", &f.function, "confidence", &conf, "message", &f.message) < 0 ||
	    engine_parse(eng, &f.engine) < 0 || confidence_parse(conf, &f.confidence) < 0)
		return;
	f.line = (unsigned int)line;
	f.column = (unsigned int)col;
	findings_add(out, &f);
}

/* A job's document into out: 0; 1 when a file could not be analysed
 * (listed), -1 when the job sent none. */
static int job_take(const char *text, size_t len, struct findings *out)
{
	json_t *doc = json_loadb(text, len, 0, NULL), *o;
	struct silence s;
	size_t i;
	int rc;

	if (!json_is_object(doc))
		return -1;
	json_array_foreach(json_object_get(doc, "f"), i, o)
		job_finding(o, out);
	json_array_foreach(json_object_get(doc, "i"), i, o)
		findings_incomplete(out, kd_json_str(o, "file"), kd_json_str(o, "reason"));
	json_array_foreach(json_object_get(doc, "s"), i, o)
		if (report_silence_from_json(o, &s) == 0)
			findings_silence(out, &s);
	json_array_foreach(json_object_get(doc, "d"), i, o)
		if (json_is_string(json_array_get(o, 0)) && json_is_string(json_array_get(o, 1)))
			findings_dep(out, json_string_value(json_array_get(o, 0)),
				     json_string_value(json_array_get(o, 1)));
	json_array_foreach(json_object_get(doc, "t"), i, o)
		if (json_is_string(json_array_get(o, 0)) && json_is_string(json_array_get(o, 1)) &&
		    json_is_integer(json_array_get(o, 2)))
			findings_fact(out, json_string_value(json_array_get(o, 0)),
				      json_string_value(json_array_get(o, 1)),
				      (unsigned int)json_integer_value(json_array_get(o, 2)));
	rc = json_is_true(json_object_get(doc, "failed")) ? 1 : 0;
	json_decref(doc);
	return rc;
}

/* Job k of n in a child: the engine over files k, k + n, ... */
static void job_child(int wfd, const char *dir, char **files, size_t nfiles,
		      size_t k, size_t n)
{
	struct findings fs = { 0 };
	char **mine = xcalloc(nfiles / n + 1, sizeof(char *));
	size_t m = 0;
	char *text;
	int rc = 0;

	for (size_t i = k; i < nfiles; i += n)
		mine[m++] = files[i];
	if (m)
		rc = check_findings_db(dir, mine, (int)m, KD_LOW, NULL, NULL, &fs);
	text = json_dumps(job_json(&fs, rc), JSON_COMPACT);
	for (size_t off = 0, len = strlen(text); off < len; ) {
		ssize_t w = write(wfd, text + off, len - off);

		if (w < 0 && errno != EINTR)
			_exit(3);
		off += w > 0 ? (size_t)w : 0;
	}
	_exit(0);
}

static char *read_all(int fd, size_t *len)
{
	size_t cap = 65536;
	char *b = xmalloc(cap);
	ssize_t n;

	*len = 0;
	while ((n = read(fd, b + *len, cap - *len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		*len += (size_t)n;
		if (*len == cap)
			b = xrealloc(b, cap *= 2);
	}
	return b;
}

/* A job that sent nothing: none of its files was analysed for sure. */
static void lost_job(char **files, size_t nfiles, size_t k, size_t n, int st,
		     struct findings *out)
{
	char *why = WIFSIGNALED(st) ?
		    xasprintf("the libclang engine's job stopped on signal %d", WTERMSIG(st)) :
		    xasprintf("the libclang engine's job failed (exit status %d)",
			      WIFEXITED(st) ? WEXITSTATUS(st) : -1);

	for (size_t i = k; i < nfiles; i += n)
		findings_incomplete(out, files[i], why);
	free(why);
}

/* The engine over the absolute files, in jobs; -1 when a job failed. */
static int run_jobs(const char *dir, char **files, size_t nfiles, long jobs,
		    struct findings *out)
{
	size_t n = (size_t)jobs < nfiles ? (size_t)jobs : nfiles;
	pid_t *pid = xcalloc(n + 1, sizeof(pid_t));
	int *fd = xcalloc(n + 1, sizeof(int)), rc = 0;

	fflush(NULL);
	for (size_t k = 0; k < n; k++) {
		int p[2];

		if (pipe(p) < 0 || (pid[k] = fork()) < 0) {
			kd_err("cannot start the libclang engine's job: %s", strerror(errno));
			n = k;
			rc = -1;
			break;
		}
		if (pid[k] == 0) {
			close(p[0]);
			job_child(p[1], dir, files, nfiles, k, n);
		}
		close(p[1]);
		fd[k] = p[0];
	}
	for (size_t k = 0; k < n; k++) {
		size_t len;
		char *text = read_all(fd[k], &len);
		int st = 0, took;

		close(fd[k]);
		while (waitpid(pid[k], &st, 0) < 0 && errno == EINTR)
			;
		took = WIFEXITED(st) && !WEXITSTATUS(st) ? job_take(text, len, out) : -1;
		if (took)
			rc = -1;
		if (took < 0)
			lost_job(files, nfiles, k, n, st, out);
		free(text);
	}
	free(pid);
	free(fd);
	return rc;
}

/* --- below the threshold: silences --- */

static void lows_to_silences(struct findings *fs)
{
	size_t w = 0;

	for (size_t i = 0; i < fs->n; i++) {
		struct finding *f = &fs->v[i];
		struct silence s = { f->engine, f->file, f->line, f->function, NULL,
				     KD_SILENT_LOW, NULL };
		unsigned int src;

		if (f->confidence >= THRESHOLD) {
			fs->v[w++] = *f;
			continue;
		}
		/* The source's line and text when the message names them. */
		src = report_source_of(f->message, &s.source);
		s.line = src ? src : f->line;
		s.detail = xasprintf("below the confidence threshold (%s: %s) [%s]",
				     confidence_name(f->confidence), f->message, f->rule);
		findings_silence(fs, &s);
		free(s.source);
		free(s.detail);
		free(f->rule);
		free(f->file);
		free(f->function);
		free(f->message);
	}
	fs->n = w;
}

/* A file not fully analysed, from the cache: said as the engine says it,
 * and the run fails as it would have. */
static int cached_incomplete(const char *kdir, const struct findings *fs, size_t from)
{
	for (size_t i = from; i < fs->ninc; i++)
		kd_err("%s/%s: not fully analysed: %s", kdir, fs->inc[i].file,
		       fs->inc[i].reason);
	return fs->ninc > from ? -1 : 0;
}

/* The engine over files (relative) with dbdir's compile_commands.json
 * (the build directory bdir, or NULL: the tree's own database); the files
 * whose results are cached (cache_clang.c) are not analysed again. */
static int run_engine(const char *kdir, const char *dbdir, const char *bdir, long jobs,
		      struct progress *prog, const struct strlist *files,
		      const struct strlist *salts, struct findings *out)
{
	struct findings fresh = { 0 };
	struct clang_cache cc;
	size_t ninc = out->ninc;
	char **abs;
	int rc;

	cache_clang_split(&cc, kdir, dbdir, bdir, files, salts, out);
	rc = cached_incomplete(kdir, out, ninc);
	progress_set(prog, "clang: the libclang engine over %zu files (%zu from the cache, -j %ld)",
		     cc.todo.n, files->n - cc.todo.n, jobs);
	abs = xcalloc(cc.todo.n + 1, sizeof(char *));
	for (size_t i = 0; i < cc.todo.n; i++)
		abs[i] = xasprintf("%s/%s", kdir, cc.todo.v[i]);
	if (cc.todo.n && run_jobs(dbdir, abs, cc.todo.n, jobs, &fresh) < 0)
		rc = -1;
	for (size_t i = 0; i < cc.todo.n; i++)
		free(abs[i]);
	free(abs);
	audit_relativize(kdir, &fresh);
	cache_clang_store(&cc, &fresh, out);
	cache_clang_free(&cc);
	lows_to_silences(out);
	findings_sort_dedupe(out);
	return rc;
}

/* --- stamps another file sets: a second look --- */

static int cmp_fact(const void *pa, const void *pb)
{
	const struct stampfact *a = pa, *b = pb;
	int c = strcmp(a->usr, b->usr);

	return c ? c : strcmp(a->file, b->file);
}

/* The joined stores of the fields of fs->fact[i, j) (one field). */
static unsigned joined(const struct findings *fs, size_t i, size_t j)
{
	unsigned flags = 0;

	for (; i < j; i++)
		if (!(fs->fact[i].flags & ND_FACT_ASKED))
			flags |= fs->fact[i].flags;
	return flags;
}

/* Whether a file other than file stores into the field of [i, j). */
static bool stored_elsewhere(const struct findings *fs, size_t i, size_t j,
			     const char *file)
{
	for (; i < j; i++)
		if (!(fs->fact[i].flags & ND_FACT_ASKED) && strcmp(fs->fact[i].file, file))
			return true;
	return false;
}

/*
 * The files that asked about a field another file stores (what they
 * concluded from their own stores alone may change), in out, each with
 * what it will be told of every field it asked about, in salts: what its
 * second results depend on, for the cache.
 */
static void askers(struct findings *fs, struct strlist *out, struct strlist *salts)
{
	struct strlist all = { 0 };
	char **told;
	bool *needs;

	if (fs->nfact)
		qsort(fs->fact, fs->nfact, sizeof(*fs->fact), cmp_fact);
	for (size_t i = 0; i < fs->nfact; i++)
		if ((fs->fact[i].flags & ND_FACT_ASKED) && !strlist_has(&all, fs->fact[i].file))
			strlist_add(&all, fs->fact[i].file);
	told = xcalloc(all.n + 1, sizeof(char *));
	needs = xcalloc(all.n + 1, sizeof(bool));
	for (size_t i = 0, j; i < fs->nfact; i = j) {
		unsigned flags;

		for (j = i; j < fs->nfact && !strcmp(fs->fact[j].usr, fs->fact[i].usr); j++)
			;
		flags = joined(fs, i, j);
		for (size_t a = i; a < j; a++) {
			size_t k;
			char *t;

			if (!(fs->fact[a].flags & ND_FACT_ASKED))
				continue;
			for (k = 0; strcmp(all.v[k], fs->fact[a].file); k++)
				;
			needs[k] |= stored_elsewhere(fs, i, j, fs->fact[a].file);
			t = xasprintf("%s%s %u\n", told[k] ? told[k] : "", fs->fact[a].usr, flags);
			free(told[k]);
			told[k] = t;
		}
	}
	for (size_t k = 0; k < all.n; k++) {
		if (needs[k]) {
			strlist_add(out, all.v[k]);
			strlist_add(salts, told[k]);
		}
		free(told[k]);
	}
	free(told);
	free(needs);
	strlist_free(&all);
}

/* Every record of the files of names out of fs. */
static void drop_files(struct findings *fs, const struct strlist *names)
{
	struct findings keep = { 0 };

	for (size_t i = 0; i < fs->n; i++)
		if (!strlist_has(names, fs->v[i].file))
			findings_add(&keep, &fs->v[i]);
	for (size_t i = 0; i < fs->ninc; i++)
		if (!strlist_has(names, fs->inc[i].file))
			findings_incomplete(&keep, fs->inc[i].file, fs->inc[i].reason);
	for (size_t i = 0; i < fs->nsil; i++)
		if (!strlist_has(names, fs->sil[i].file))
			findings_silence(&keep, &fs->sil[i]);
	findings_free(fs);
	*fs = keep;
}

/*
 * A field one file stamps and another reads (nd_facts.c): the files that
 * asked about a field another file stores are analysed again with every
 * file's stores known, and their first results replaced.  Their entries
 * in the cache are keyed by what they were told too.
 */
static int join_facts(const char *kdir, const char *dbdir, const char *bdir, long jobs,
		      struct progress *prog, struct clang_run *cr)
{
	struct findings *fs = &cr->fs;
	struct strlist again = { 0 }, salts = { 0 };
	struct findings second = { 0 };
	int rc = 0;

	askers(fs, &again, &salts);
	cr->again = again.n;
	if (again.n) {
		progress_set(prog, "clang: %zu files again, knowing the stamps other files set",
			     again.n);
		nd_facts_join(fs->fact, fs->nfact);
		nd_facts_recording(false);
		rc = run_engine(kdir, dbdir, bdir, jobs, prog, &again, &salts, &second);
		nd_facts_recording(true);
		nd_facts_join(NULL, 0);
		drop_files(fs, &again);
		findings_move(fs, &second);
		findings_sort_dedupe(fs);
	}
	findings_clear_facts(fs);
	strlist_free(&again);
	strlist_free(&salts);
	return rc;
}

/* Userspace programs and host tools: no kbuild object, no kernel flags. */
static bool kernel_object(const char *rel)
{
	return strncmp(rel, "tools/", 6) && strncmp(rel, "scripts/", 8);
}

/* The files that did not parse with the template's arguments: their
 * entries move from fs to failed. */
static void take_parse_failures(struct findings *fs, struct findings *failed)
{
	size_t w = 0;

	for (size_t i = 0; i < fs->ninc; i++) {
		if (strncmp(fs->inc[i].reason, "cannot parse:", 13)) {
			fs->inc[w++] = fs->inc[i];
			continue;
		}
		findings_incomplete(failed, fs->inc[i].file, fs->inc[i].reason);
		free(fs->inc[i].file);
		free(fs->inc[i].reason);
	}
	fs->ninc = w;
}

/*
 * The second pass: a file that did not parse with the template is given
 * the arguments kbuild gives it itself (its directory's -I and such); one
 * kbuild has no command for keeps its first reason, and says so.
 */
static int retry_exact(const struct kbuild *kb, const char *kdir, long jobs,
		       struct progress *prog, struct clang_run *cr)
{
	struct findings failed = { 0 }, again = { 0 };
	struct strlist names = { 0 }, got = { 0 };
	int rc = 0;

	take_parse_failures(&cr->fs, &failed);
	for (size_t i = 0; i < failed.ninc; i++)
		strlist_add(&names, failed.inc[i].file);
	if (names.n && kbuild_compdb(kb, kdir, &names, true, &got) < 0)
		rc = -1;
	else if (got.n)
		rc = run_engine(kdir, kb->db, kb->dir, jobs, prog, &got, NULL, &again);
	cr->exact = got.n;
	for (size_t i = 0; i < failed.ninc; i++) {
		char *why;

		if (strlist_has(&got, failed.inc[i].file))
			continue;
		why = xasprintf("%s (and kbuild gives no command of its own for it)",
				failed.inc[i].reason);
		findings_incomplete(&cr->fs, failed.inc[i].file, why);
		free(why);
	}
	for (size_t i = 0; i < again.ninc; i++) {
		char *why = xasprintf("with kbuild's own arguments for it: %s", again.inc[i].reason);

		free(again.inc[i].reason);
		again.inc[i].reason = why;
	}
	findings_move(&cr->fs, &again);
	findings_sort_dedupe(&cr->fs);
	findings_free(&failed);
	strlist_free(&names);
	strlist_free(&got);
	return rc;
}

static int prepared(const char *kdir, const struct strlist *scanned, const char *config,
		    long jobs, struct progress *prog, struct clang_run *cr)
{
	struct kbuild kb;
	int rc = 0;

	progress_set(prog, "clang: preparing a build directory (kbuild)");
	if (kbuild_prepare(kdir, config, &kb, &cr->skipped) < 0) {
		kbuild_free(&kb);
		return 0;
	}
	cr->how = "prepared build";
	cr->build_dir = xstrdup(kb.dir);
	cr->cached = kb.cached;
	for (size_t i = 0; i < scanned->n; i++) {
		if (kernel_object(scanned->v[i]))
			strlist_add(&cr->files, scanned->v[i]);
		else
			cr->outside++;
	}
	if (kbuild_compdb(&kb, kdir, &cr->files, false, NULL) < 0)
		rc = -1;
	else
		rc = run_engine(kdir, kb.db, kb.dir, jobs, prog, &cr->files, NULL, &cr->fs);
	/* also after a file that did not parse: the others' stores stand */
	if (join_facts(kdir, kb.db, kb.dir, jobs, prog, cr) < 0)
		rc = -1;
	if (retry_exact(&kb, kdir, jobs, prog, cr) < 0)
		rc = -1;
	kbuild_free(&kb);
	return rc;
}

int audit_clang(const char *kdir, const struct strlist *scanned, bool no_clang,
		const char *config, long jobs, struct progress *prog, struct clang_run *cr)
{
	char *db = xasprintf("%s/compile_commands.json", kdir);
	struct stat st;
	int rc = 0;

	memset(cr, 0, sizeof(*cr));
	nd_facts_recording(true);
	if (no_clang) {
		cr->skipped = xstrdup("not run (--no-clang)");
	} else if (lstat(db, &st) == 0) {
		cr->how = "compile_commands.json";
		if (db_files(kdir, scanned, db, &cr->files) < 0)
			rc = -1;
		if (run_engine(kdir, kdir, NULL, jobs, prog, &cr->files, NULL, &cr->fs) < 0)
			rc = -1;
		if (join_facts(kdir, kdir, NULL, jobs, prog, cr) < 0)
			rc = -1;
	} else {
		rc = prepared(kdir, scanned, config, jobs, prog, cr);
	}
	free(db);
	cr->failed = rc < 0;
	return rc;
}

void clang_run_free(struct clang_run *cr)
{
	findings_free(&cr->fs);
	strlist_free(&cr->files);
	free(cr->build_dir);
	free(cr->skipped);
	memset(cr, 0, sizeof(*cr));
}
