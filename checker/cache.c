// SPDX-License-Identifier: GPL-2.0
/*
 * The per-file result cache.  An entry is a small JSON file named by its
 * key; it is trusted no more than a tree (a damaged or foreign entry is a
 * miss, never a finding out of thin air: every field is checked).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "api.h"
#include "cache.h"
#include "jsonutil.h"
#include "rulesdir.h"
#include "sha256.h"
#include "srcfile.h"
#include "tree.h"
#include "util.h"

#define ENTRY_MAX	(64u << 20)

static unsigned long hits[2], misses[2];

unsigned long cache_hits(enum kd_engine e)
{
	return hits[e];
}

unsigned long cache_misses(enum kd_engine e)
{
	return misses[e];
}

void cache_count(enum kd_engine e, bool hit)
{
	if (hit)
		hits[e]++;
	else
		misses[e]++;
}

bool cache_enabled(void)
{
	const char *e = getenv("KDELTA_NO_CACHE");

	return !e || !*e || !strcmp(e, "0");
}

static char *results_dir(void)
{
	char *c = cache_dir(), *r = xasprintf("%s/results", c);

	free(c);
	return r;
}

/* The rule pack's files and the running kdelta (api.def is compiled in):
 * any change to either is another key. */
const char *cache_pack_hash(void)
{
	static char hex[65];
	struct strlist names = { 0 };
	const char *dir = rules_dir();
	char *exe;
	struct sha256 s;
	struct dirent *e;
	DIR *d;

	if (hex[0])
		return hex;
	sha256_init(&s);
	d = dir ? opendir(dir) : NULL;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			strlist_add(&names, e->d_name);
	if (d)
		closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(char *), strp_cmp);
	for (size_t i = 0; i < names.n; i++) {
		char *p = xasprintf("%s/%s", dir, names.v[i]);

		sha256_update(&s, names.v[i], strlen(names.v[i]) + 1);
		sha256_add_file(&s, p);
		free(p);
	}
	strlist_free(&names);
	sha256_update(&s, KDELTA_VERSION, sizeof(KDELTA_VERSION));
	/* The binary by its real path: /proc/self/exe is a link, which
	 * sha256_add_file() does not follow. */
	exe = realpath("/proc/self/exe", NULL);
	if (!exe || sha256_add_file(&s, exe) < 0)
		sha256_update(&s, "?", 1);
	free(exe);
	sha256_hex(&s, hex);
	return hex;
}

static bool known_file(const char *rel)
{
	for (const struct kd_known *k = kd_knowns; k->id; k++)
		if (!strcmp(k->file, rel))
			return true;
	return false;
}

/* The key of kdir/rel for engine and opts, or NULL when not cacheable. */
static char *file_key(const char *engine, const char *opts, const char *path)
{
	char fh[65], key[65];
	struct sha256 s;

	sha256_init(&s);
	if (sha256_add_file(&s, path) < 0)
		return NULL;
	sha256_hex(&s, fh);
	sha256_init(&s);
	sha256_update(&s, "kdelta-cache-1", 15);
	sha256_update(&s, engine, strlen(engine) + 1);
	sha256_update(&s, opts, strlen(opts) + 1);
	sha256_update(&s, cache_pack_hash(), 64);
	sha256_update(&s, fh, 64);
	sha256_hex(&s, key);
	return xstrdup(key);
}

static char *entry_path(const char *key)
{
	char *dir = results_dir(), *p = xasprintf("%s/%.2s/%s.json", dir, key, key + 2);

	free(dir);
	return p;
}

/* --- entries --- */

/* A record, or NULL when a string is not UTF-8 (its file is then not
 * stored).  named: with the record's file. */
json_t *cache_finding_json(const struct finding *f, bool named)
{
	json_t *e = json_pack("{s:s, s:s, s:I, s:I, s:s?, s:s, s:s?}", "rule", f->rule,
			      "engine", engine_name(f->engine), "line", (json_int_t)f->line,
			      "column", (json_int_t)f->column, "function", f->function,
			      "confidence", confidence_name(f->confidence), "message", f->message);

	if (e && named && json_object_set_new(e, "file", json_string(f->file)) < 0) {
		json_decref(e);
		return NULL;
	}
	return e;
}

json_t *cache_silence_json(const struct silence *s, bool named)
{
	json_t *e = json_pack("{s:s, s:I, s:s?, s:s?, s:s, s:s?}", "engine",
			      engine_name(s->engine), "line", (json_int_t)s->line,
			      "function", s->function, "source", s->source,
			      "kind", silence_kind_name(s->kind), "detail", s->detail);

	if (e && named && json_object_set_new(e, "file", json_string(s->file)) < 0) {
		json_decref(e);
		return NULL;
	}
	return e;
}

static bool line_ok(json_int_t v)
{
	return v >= 0 && v <= (json_int_t)0x7fffffff;
}

/* The record's own file when file is NULL. */
static const char *file_of(json_t *e, const char *file)
{
	return file ? file : json_string_value(json_object_get(e, "file"));
}

static int load_finding(json_t *e, const char *file, struct findings *out)
{
	const char *rule, *eng, *fn = NULL, *conf, *msg = NULL;
	json_int_t line, col;
	struct finding f = { 0 };

	/* Optional keys are "s?s" to json_unpack ("s:s?" is json_pack's). */
	if (json_unpack(e, "{s:s, s:s, s:I, s:I, s?s, s:s, s?s}", "rule", &rule,
			"engine", &eng, "line", &line, "column", &col, "function", &fn,
			"confidence", &conf, "message", &msg) < 0 ||
	    engine_parse(eng, &f.engine) < 0 || confidence_parse(conf, &f.confidence) < 0 ||
	    !line_ok(line) || !line_ok(col) || !file_of(e, file))
		return -1;
	f.rule = (char *)rule;
	f.file = (char *)file_of(e, file);
	f.line = (unsigned int)line;
	f.column = (unsigned int)col;
	f.function = (char *)fn;
	f.message = (char *)msg;
	findings_add(out, &f);
	return 0;
}

static int load_silence(json_t *e, const char *file, struct findings *out)
{
	const char *eng, *fn = NULL, *src = NULL, *kind, *detail = NULL;
	struct silence s = { 0 };
	json_int_t line;

	if (json_unpack(e, "{s:s, s:I, s?s, s?s, s:s, s?s}", "engine", &eng,
			"line", &line, "function", &fn, "source", &src, "kind", &kind,
			"detail", &detail) < 0 || engine_parse(eng, &s.engine) < 0 ||
	    silence_kind_parse(kind, &s.kind) < 0 || !line_ok(line) || !file_of(e, file))
		return -1;
	s.file = (char *)file_of(e, file);
	s.line = (unsigned int)line;
	s.function = (char *)fn;
	s.source = (char *)src;
	s.detail = (char *)detail;
	findings_silence(out, &s);
	return 0;
}

int cache_load_records(json_t *doc, const char *file, struct findings *out)
{
	struct findings got = { 0 };
	json_t *e;
	size_t i;
	int rc = -1;

	if (json_is_array(json_object_get(doc, "findings")) &&
	    json_is_array(json_object_get(doc, "silences"))) {
		rc = 0;
		json_array_foreach(json_object_get(doc, "findings"), i, e)
			rc |= load_finding(e, file, &got);
		json_array_foreach(json_object_get(doc, "silences"), i, e)
			rc |= load_silence(e, file, &got);
	}
	if (rc == 0)
		findings_move(out, &got);
	findings_free(&got);
	return rc;
}

json_t *cache_entry_read(const char *key)
{
	char *path = entry_path(key);
	json_t *doc = NULL;
	struct rfile f;

	if (read_regular(path, ENTRY_MAX, &f) == 0 && !f.truncated)
		doc = json_loadb(f.text, f.len, 0, NULL);
	free(f.text);
	free(path);
	return doc;
}

void cache_entry_touch(const char *key)
{
	char *path = entry_path(key);

	utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW);	/* LRU */
	free(path);
}

/* The entry of key into out (files named file): 0, or -1 for a miss
 * (absent, unreadable, damaged: nothing added then). */
static int lookup(const char *key, const char *file, struct findings *out)
{
	json_t *doc = cache_entry_read(key);
	int rc = doc ? cache_load_records(doc, file, out) : -1;

	if (rc == 0)
		cache_entry_touch(key);
	json_decref(doc);
	return rc;
}

void cache_split(struct cache_run *run, const char *engine, const char *opts,
		 const char *kdir, const struct strlist *rel, struct findings *out)
{
	memset(run, 0, sizeof(*run));
	run->engine = xstrdup(engine);
	run->kdir = xstrdup(kdir);
	for (size_t i = 0; i < rel->n; i++) {
		char *abs = xasprintf("%s/%s", kdir, rel->v[i]);
		char *key = cache_enabled() && !known_file(rel->v[i]) ?
			    file_key(engine, opts, abs) : NULL;

		if (key && lookup(key, abs, out) == 0) {
			cache_count(KD_ENGINE_COCCI, true);
		} else {
			cache_count(KD_ENGINE_COCCI, false);
			strlist_add(&run->todo, abs);
			strlist_add(&run->key, key ? key : "");
		}
		free(key);
		free(abs);
	}
}

/* --- storing --- */

static void store_failed(const char *path)
{
	static bool said;

	if (!said)
		kd_err("%s: cannot store a result in the cache: %s (the audit goes on "
		       "without)", path, strerror(errno));
	said = true;
}

static int put(const char *tmp, const char *path, const char *text)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	size_t len = strlen(text);

	if (fd < 0)
		return -1;
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	if (close(fd) < 0)
		return -1;
	return rename(tmp, path);
}

/* The entry written whole under a private name, then renamed: a reader
 * never sees half of it, two writers of one key both succeed. */
void cache_entry_write(const char *key, json_t *entry)
{
	static unsigned long seq;
	char *path = entry_path(key), *dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
	char *tmp = xasprintf("%s/.tmp-%ld-%lu", dir, (long)getpid(), seq++);
	char *text = json_dumps(entry, JSON_COMPACT | JSON_SORT_KEYS);

	if (!text || mkdir_p(dir) < 0 || put(tmp, path, text) < 0) {
		store_failed(dir);
		unlink(tmp);
	}
	free(text);
	free(tmp);
	free(dir);
	free(path);
}

static json_t *entry_of(json_t *map, const char *file)
{
	json_t *e = json_object_get(map, file);

	if (!e) {
		e = json_pack("{s:[], s:[]}", "findings", "silences");
		json_object_set_new_nocheck(map, file, e);
	}
	return e;
}

/* A record added to its file's entry; a file with a record that cannot
 * be one (not UTF-8) is marked, and not stored. */
static void add_record(json_t *map, const char *file, const char *kind, json_t *rec)
{
	json_t *e = entry_of(map, file);

	if (!rec)
		json_object_set_new(e, "unstorable", json_true());
	else
		json_array_append_new(json_object_get(e, kind), rec);
}

void cache_store(struct cache_run *run, struct findings *fs, struct findings *out)
{
	json_t *map = json_object(), *inc = json_object();

	for (size_t i = 0; i < fs->n; i++)
		add_record(map, fs->v[i].file, "findings", cache_finding_json(&fs->v[i], false));
	for (size_t i = 0; i < fs->nsil; i++)
		add_record(map, fs->sil[i].file, "silences", cache_silence_json(&fs->sil[i], false));
	for (size_t i = 0; i < fs->ninc; i++)
		json_object_set_new_nocheck(inc, fs->inc[i].file, json_true());
	for (size_t i = 0; i < run->todo.n; i++) {
		const char *file = run->todo.v[i];

		if (*run->key.v[i] && !json_object_get(inc, file) &&
		    !json_object_get(entry_of(map, file), "unstorable"))
			cache_entry_write(run->key.v[i], entry_of(map, file));
	}
	json_decref(map);
	json_decref(inc);
	findings_move(out, fs);
	cache_trim();
}

void cache_run_free(struct cache_run *run)
{
	free(run->engine);
	free(run->kdir);
	strlist_free(&run->key);
	strlist_free(&run->todo);
	memset(run, 0, sizeof(*run));
}

/* --- the size limit --- */

struct entry_stat {
	char *path;
	time_t mtime;
	off_t size;
};

static struct {
	struct entry_stat *v;
	size_t n, cap;
	unsigned long long total;
} walk;

static int note(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)f;
	if (type != FTW_F || !S_ISREG(st->st_mode))
		return 0;
	if (walk.n == walk.cap) {
		walk.cap = walk.cap ? 2 * walk.cap : 1024;
		walk.v = xrealloc(walk.v, walk.cap * sizeof(*walk.v));
	}
	walk.v[walk.n++] = (struct entry_stat){ xstrdup(path), st->st_mtime, st->st_size };
	walk.total += (unsigned long long)st->st_size;
	return 0;
}

static int older(const void *a, const void *b)
{
	const struct entry_stat *x = a, *y = b;

	return (x->mtime > y->mtime) - (x->mtime < y->mtime);
}

void cache_trim(void)
{
	const char *m = getenv("KDELTA_CACHE_MAX_MB");
	unsigned long long max = (m && *m ? strtoull(m, NULL, 10) : 2048) << 20;
	char *dir = results_dir();

	if (cache_enabled() && nftw(dir, note, 32, FTW_PHYS | FTW_MOUNT) == 0 && walk.total > max) {
		qsort(walk.v, walk.n, sizeof(*walk.v), older);
		for (size_t i = 0; i < walk.n && walk.total > max - max / 10; i++)
			if (unlink(walk.v[i].path) == 0)
				walk.total -= (unsigned long long)walk.v[i].size;
	}
	for (size_t i = 0; i < walk.n; i++)
		free(walk.v[i].path);
	free(walk.v);
	memset(&walk, 0, sizeof(walk));
	free(dir);
}
