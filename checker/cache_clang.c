// SPDX-License-Identifier: GPL-2.0
/*
 * The libclang engine's cache entries: keys from the compile command,
 * variants checked against the headers' bytes, paths written relative to
 * the tree and the build directory.  An entry:
 *
 *   {"variants": [{"headers": ["%T/include/linux/ktime.h", ...],
 *                  "headers_sha": HEX, "findings": [...], "silences": [...],
 *                  "incomplete": [{"file", "reason"}],
 *                  "absent": ["%T/include/asm/clock.h", ...]}, ...]}
 *
 * each record naming its file, every string with %T, %B and %%; "absent"
 * only for a unit that stopped at a missing header (header_absent.h).
 */
#include <stdlib.h>
#include <string.h>

#include <clang-c/Index.h>
#include <jansson.h>

#include "cache.h"
#include "cache_clang.h"
#include "check.h"
#include "compdb.h"
#include "header_absent.h"
#include "sha256.h"

#define VARIANTS	4

/* --- %T, %B, %% --- */

struct sb {
	char *p;
	size_t n, cap;
};

static void sb_add(struct sb *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap)
		b->p = xrealloc(b->p, b->cap = 2 * (b->n + n) + 64);
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

/* s with the tree's and the build directory's paths as %T and %B (the
 * longer first: one may hold the other), % as %%. */
static char *esc(const struct clang_cache *cc, const char *s)
{
	const char *dir[2] = { cc->kdir, cc->bdir }, *mark[2] = { "%T", "%B" };
	int first = cc->bdir && strlen(cc->bdir) > strlen(cc->kdir);
	struct sb b = { 0 };

	sb_add(&b, "", 0);
	while (*s) {
		int k;

		for (k = 0; k < 2; k++) {
			int d = k ^ first;

			if (dir[d] && !strncmp(s, dir[d], strlen(dir[d]))) {
				sb_add(&b, mark[d], 2);
				s += strlen(dir[d]);
				break;
			}
		}
		if (k < 2)
			continue;
		sb_add(&b, s, *s == '%' ? 1 : 0);
		sb_add(&b, s++, 1);
	}
	return b.p;
}

/* The inverse; NULL for an escape that is not one of these. */
static char *unesc(const struct clang_cache *cc, const char *s)
{
	struct sb b = { 0 };

	sb_add(&b, "", 0);
	for (; *s; s++) {
		if (*s != '%') {
			sb_add(&b, s, 1);
			continue;
		}
		s++;
		if (*s == '%')
			sb_add(&b, "%", 1);
		else if (*s == 'T')
			sb_add(&b, cc->kdir, strlen(cc->kdir));
		else if (*s == 'B' && cc->bdir)
			sb_add(&b, cc->bdir, strlen(cc->bdir));
		else {
			free(b.p);
			return NULL;
		}
	}
	return b.p;
}

typedef char *map_fn(const struct clang_cache *cc, const char *s);

/* Every string in v through fn, in place: -1 when one cannot be. */
static int map_strings(const struct clang_cache *cc, json_t *v, map_fn *fn)
{
	const char *k;
	json_t *e;
	size_t i;

	if (json_is_string(v)) {
		char *t = fn(cc, json_string_value(v));
		int rc = t ? json_string_set(v, t) : -1;

		free(t);
		return rc;
	}
	json_object_foreach(v, k, e)
		if (map_strings(cc, e, fn) < 0)
			return -1;
	json_array_foreach(v, i, e)
		if (map_strings(cc, e, fn) < 0)
			return -1;
	return 0;
}

/* --- keys --- */

static const char *clang_version(void)
{
	static char *v;

	if (!v) {
		CXString s = clang_getClangVersion();

		v = xstrdup(clang_getCString(s));
		clang_disposeString(s);
	}
	return v;
}

static void add_str(struct sha256 *s, const char *v)
{
	sha256_update(s, v, strlen(v) + 1);
}

static void add_esc(struct sha256 *s, const struct clang_cache *cc, const char *v)
{
	char *e = esc(cc, v);

	add_str(s, e);
	free(e);
}

/* The key of kdir/rel parsed with its database entry ce, or NULL when the
 * file cannot be read. */
static char *unit_key(struct clang_cache *cc, const char *rel, const struct compdb_entry *ce,
		      const char *salt)
{
	char *abs = xasprintf("%s/%s", cc->kdir, rel), key[65];
	const char *fh = filehash_get(&cc->hashes, abs);
	struct strlist args = { 0 };
	struct sha256 s;

	free(abs);
	if (!fh)
		return NULL;
	sha256_init(&s);
	add_str(&s, "kdelta-cache-clang-2");
	add_str(&s, salt ? salt : "");
	add_str(&s, cache_pack_hash());
	add_str(&s, clang_version());
	add_str(&s, rel);
	add_str(&s, fh);
	add_esc(&s, cc, ce->dir);
	add_esc(&s, cc, ce->file);
	check_entry_args(ce, &args);
	for (size_t i = 0; i < args.n; i++)
		add_esc(&s, cc, args.v[i]);
	strlist_free(&args);
	sha256_hex(&s, key);
	return xstrdup(key);
}

/*
 * The hash of the headers (escaped, as stored) and their bytes as they
 * are now, their real paths added to abs when not NULL: 0, or -1 when
 * one cannot be read.
 */
static int headers_sha(struct clang_cache *cc, json_t *headers, char hex[65],
		       struct strlist *abs)
{
	struct sha256 s;
	json_t *h;
	size_t i;
	int rc = json_is_array(headers) ? 0 : -1;

	sha256_init(&s);
	json_array_foreach(headers, i, h) {
		char *p = json_is_string(h) ? unesc(cc, json_string_value(h)) : NULL;
		const char *fh = p && p[0] == '/' ? filehash_get(&cc->hashes, p) : NULL;

		if (fh) {
			add_str(&s, json_string_value(h));
			add_str(&s, fh);
			if (abs)
				strlist_add(abs, p);
		}
		free(p);
		if (!fh) {
			rc = -1;
			break;
		}
	}
	sha256_hex(&s, hex);
	return rc;
}

/* --- lookup --- */

/* A reason that follows from the inputs keyed and hashed. */
static bool cacheable_reason(const char *why)
{
	if (!strncmp(why, "cannot parse:", 13))
		return !strstr(why, "file not found");
	return !strncmp(why, "function ", 9) && strstr(why, "could not be analysed fully");
}

/* A record's file: the unit's, or one of the headers it read (absolute,
 * or relative to the tree). */
static bool file_ok(const struct clang_cache *cc, const char *f, const char *rel,
		    const struct strlist *hdr)
{
	char *abs;
	bool ok;

	if (!strcmp(f, rel) || strlist_has(hdr, f))
		return true;
	abs = xasprintf("%s/%s", cc->kdir, f);
	ok = strlist_has(hdr, abs);
	free(abs);
	return ok;
}

static bool files_ok(const struct clang_cache *cc, const struct findings *got,
		     const char *rel, const struct strlist *hdr)
{
	for (size_t i = 0; i < got->n; i++)
		if (!file_ok(cc, got->v[i].file, rel, hdr))
			return false;
	for (size_t i = 0; i < got->nsil; i++)
		if (!file_ok(cc, got->sil[i].file, rel, hdr))
			return false;
	for (size_t i = 0; i < got->ninc; i++)
		if (strcmp(got->inc[i].file, rel))
			return false;
	return true;
}

/* Whether the variant's "absent" paths (unescaped) are all still absent:
 * a missing header's failure holds.  false when it has none. */
static bool still_absent(json_t *absent)
{
	json_t *p;
	size_t i;

	if (!json_is_array(absent) || !json_array_size(absent))
		return false;
	json_array_foreach(absent, i, p)
		if (!json_is_string(p) || !header_still_absent(json_string_value(p)))
			return false;
	return true;
}

/* The incomplete records of an entry's variant into got (a missing
 * header's only when absent): 0, or -1. */
static int load_incomplete(json_t *inc, bool absent, struct findings *got)
{
	json_t *e;
	size_t i;

	if (!json_is_array(inc))
		return -1;
	json_array_foreach(inc, i, e) {
		const char *f = json_string_value(json_object_get(e, "file"));
		const char *why = json_string_value(json_object_get(e, "reason"));

		if (!f || !why ||
		    !(cacheable_reason(why) || (absent && strstr(why, "file not found"))))
			return -1;
		findings_incomplete(got, f, why);
	}
	return 0;
}

/* The stamp facts of an entry's variant (nd_facts.c) into got: 0, or -1. */
static int load_facts(json_t *facts, const char *rel, struct findings *got)
{
	json_t *e;
	size_t i;

	if (!json_is_array(facts))
		return -1;
	json_array_foreach(facts, i, e) {
		if (!json_is_string(json_array_get(e, 0)) ||
		    !json_is_integer(json_array_get(e, 1)))
			return -1;
		findings_fact(got, rel, json_string_value(json_array_get(e, 0)),
			      (unsigned int)json_integer_value(json_array_get(e, 1)));
	}
	return 0;
}

/* One variant of the entry of rel into out when its headers are as they
 * were: 0, or -1 (out unchanged). */
static int load_variant(struct clang_cache *cc, json_t *var, const char *rel,
			struct findings *out)
{
	json_t *copy = NULL, *sha = json_object_get(var, "headers_sha");
	struct findings got = { 0 };
	struct strlist hdr = { 0 };
	char hex[65];
	int rc = -1;

	if (!json_is_string(sha) ||
	    headers_sha(cc, json_object_get(var, "headers"), hex, &hdr) < 0 ||
	    strcmp(hex, json_string_value(sha)))
		goto out;
	copy = json_deep_copy(var);
	if (map_strings(cc, copy, unesc) == 0 && cache_load_records(copy, NULL, &got) == 0 &&
	    load_facts(json_object_get(copy, "facts"), rel, &got) == 0 &&
	    load_incomplete(json_object_get(copy, "incomplete"),
			    still_absent(json_object_get(copy, "absent")), &got) == 0 &&
	    files_ok(cc, &got, rel, &hdr)) {
		findings_move(out, &got);
		rc = 0;
	}
out:
	json_decref(copy);
	findings_free(&got);
	strlist_free(&hdr);
	return rc;
}

static int lookup(struct clang_cache *cc, const char *key, const char *rel,
		  struct findings *out)
{
	json_t *doc = cache_entry_read(key), *v;
	size_t i;
	int rc = -1;

	json_array_foreach(json_object_get(doc, "variants"), i, v)
		if (rc < 0 && i < VARIANTS)
			rc = load_variant(cc, v, rel, out);
	if (rc == 0)
		cache_entry_touch(key);
	json_decref(doc);
	return rc;
}

/* A file to analyse, with its key and the directories its includes are
 * searched in (none when they cannot be told). */
static void add_todo(struct clang_cache *cc, const char *rel, const char *key,
		     const struct compdb_entry *ce)
{
	struct strlist args = { 0 }, *dirs;

	strlist_add(&cc->todo, rel);
	strlist_add(&cc->key, key ? key : "");
	cc->dirs = xrealloc(cc->dirs, cc->todo.n * sizeof(*cc->dirs));
	dirs = &cc->dirs[cc->todo.n - 1];
	memset(dirs, 0, sizeof(*dirs));
	if (!ce)
		return;
	check_entry_args(ce, &args);
	if (header_search_dirs(&args, ce->dir, dirs) < 0)
		strlist_free(dirs);
	strlist_free(&args);
}

void cache_clang_split(struct clang_cache *cc, const char *kdir, const char *dbdir,
		       const char *bdir, const struct strlist *rel,
		       const struct strlist *salts, struct findings *out)
{
	struct compdb db;
	bool have;

	memset(cc, 0, sizeof(*cc));
	cc->kdir = xstrdup(kdir);
	cc->bdir = bdir ? realpath(bdir, NULL) : NULL;
	have = cache_enabled() && (cc->bdir || !bdir) && compdb_load(dbdir, &db, NULL) == 0;
	for (size_t i = 0; i < rel->n; i++) {
		char *abs = xasprintf("%s/%s", kdir, rel->v[i]);
		const struct compdb_entry *ce = have ? compdb_find(&db, abs) : NULL;
		char *key = ce ? unit_key(cc, rel->v[i], ce, salts ? salts->v[i] : NULL) : NULL;
		bool hit = key && lookup(cc, key, rel->v[i], out) == 0;

		cache_count(KD_ENGINE_CLANG, hit);
		if (!hit)
			add_todo(cc, rel->v[i], key, ce);
		free(key);
		free(abs);
	}
	if (have)
		compdb_free(&db);
}

/* --- storing --- */

static void mark(json_t *unit, const char *flag)
{
	json_object_set_new(unit, flag, json_true());
}

/* The variant being built of each file analysed, by its relative path;
 * one that has no key is not to be stored. */
static json_t *new_units(const struct clang_cache *cc)
{
	json_t *units = json_object();

	for (size_t i = 0; i < cc->todo.n; i++) {
		json_t *u = json_pack("{s:[], s:[], s:[], s:[], s:[], s:[]}", "headers",
				      "findings", "silences", "incomplete", "absent",
				      "facts");

		if (!*cc->key.v[i])
			mark(u, "unstorable");
		json_object_set_new_nocheck(units, cc->todo.v[i], u);
	}
	return units;
}

/* The files each unit read (real paths); its own marks it parsed. */
static void add_deps(const struct clang_cache *cc, const struct findings *fs, json_t *units)
{
	size_t n = strlen(cc->kdir);

	for (size_t i = 0; i < fs->ndep; i++) {
		const struct dep *d = &fs->dep[i];
		json_t *u = !strncmp(d->file, cc->kdir, n) && d->file[n] == '/' ?
			    json_object_get(units, d->file + n + 1) : NULL;
		json_t *h = *d->header ? json_string(d->header) : NULL;

		if (u && !strcmp(d->header, d->file))
			mark(u, "parsed");
		else if (u && !h)
			mark(u, "unstorable");	/* a header not to be read again */
		else if (u)
			json_array_append(json_object_get(u, "headers"), h);
		json_decref(h);
	}
}

/* A record into its unit's variant: 0, or -1 when it names a file that is
 * none of the units (whose it is cannot be told: nothing is stored). */
static int add_record(json_t *units, const char *file, const char *kind, json_t *rec)
{
	json_t *u = json_object_get(units, file);

	if (!u) {
		json_decref(rec);
		return -1;
	}
	if (!rec)
		mark(u, "unstorable");	/* a string that is not UTF-8 */
	else
		json_array_append_new(json_object_get(u, kind), rec);
	return 0;
}

/* [usr, flags], or NULL for a name that is not UTF-8. */
static json_t *fact_json(const struct stampfact *f)
{
	json_t *u = json_string(f->usr);

	return u ? json_pack("[o, i]", u, (int)f->flags) : NULL;
}

/* A unit's failure on a missing header: the places it was looked for
 * into the unit's "absent", or the unit marked not to be stored. */
static void add_absent(const struct clang_cache *cc, json_t *u, const struct incomplete *inc)
{
	struct strlist paths = { 0 };
	const struct strlist *dirs = NULL;
	bool ok;

	for (size_t i = 0; i < cc->todo.n && !dirs; i++)
		if (!strcmp(cc->todo.v[i], inc->file))
			dirs = &cc->dirs[i];
	/* A relative includer is the build directory's or the tree's: both. */
	ok = dirs && dirs->n &&
	     header_absent_paths(inc->reason, dirs, dirs->v[0], &paths) == 0 &&
	     header_absent_paths(inc->reason, dirs, cc->kdir, &paths) == 0;
	for (size_t i = 0; ok && i < paths.n; i++) {
		ok = header_still_absent(paths.v[i]);
		if (ok)
			json_array_append_new(json_object_get(u, "absent"),
					      json_string(paths.v[i]));
	}
	if (!ok)
		mark(u, "unstorable");
	strlist_free(&paths);
}

static int add_incomplete(const struct clang_cache *cc, json_t *units,
			  const struct incomplete *inc)
{
	json_t *u = json_object_get(units, inc->file);

	if (u && strstr(inc->reason, "file not found"))
		add_absent(cc, u, inc);
	else if (u && !cacheable_reason(inc->reason))
		mark(u, "unstorable");
	return add_record(units, inc->file, "incomplete",
			  json_pack("{s:s, s:s}", "file", inc->file, "reason", inc->reason));
}

/* A unit's variant made ready: its strings escaped, its headers hashed;
 * -1 when it is not to be stored. */
static int finish(struct clang_cache *cc, json_t *u)
{
	char hex[65];

	if (!json_object_get(u, "parsed") || json_object_get(u, "unstorable"))
		return -1;
	json_object_del(u, "parsed");
	if (map_strings(cc, u, esc) < 0 ||
	    headers_sha(cc, json_object_get(u, "headers"), hex, NULL) < 0)
		return -1;
	json_object_set_new(u, "headers_sha", json_string(hex));
	return 0;
}

/* The variant first, then up to VARIANTS - 1 of those the entry had. */
static void write_variant(const char *key, json_t *var)
{
	json_t *old = cache_entry_read(key), *vars = json_array(), *v, *entry;
	size_t i;

	json_array_append(vars, var);
	json_array_foreach(json_object_get(old, "variants"), i, v)
		if (json_array_size(vars) < VARIANTS && json_is_object(v) &&
		    !json_equal(json_object_get(v, "headers_sha"),
				json_object_get(var, "headers_sha")))
			json_array_append(vars, v);
	entry = json_pack("{s:o}", "variants", vars);
	cache_entry_write(key, entry);
	json_decref(entry);
	json_decref(old);
}

void cache_clang_store(struct clang_cache *cc, struct findings *fresh,
		       struct findings *out)
{
	json_t *units = new_units(cc);
	int rc = 0;

	add_deps(cc, fresh, units);
	for (size_t i = 0; i < fresh->n; i++)
		rc |= add_record(units, fresh->v[i].file, "findings",
				 cache_finding_json(&fresh->v[i], true));
	for (size_t i = 0; i < fresh->nsil; i++)
		rc |= add_record(units, fresh->sil[i].file, "silences",
				 cache_silence_json(&fresh->sil[i], true));
	for (size_t i = 0; i < fresh->ninc; i++)
		rc |= add_incomplete(cc, units, &fresh->inc[i]);
	for (size_t i = 0; i < fresh->nfact; i++)
		rc |= add_record(units, fresh->fact[i].file, "facts",
				 fact_json(&fresh->fact[i]));
	for (size_t i = 0; rc == 0 && cache_enabled() && i < cc->todo.n; i++) {
		json_t *u = json_object_get(units, cc->todo.v[i]);

		if (finish(cc, u) == 0)
			write_variant(cc->key.v[i], u);
	}
	json_decref(units);
	findings_clear_deps(fresh);
	findings_move(out, fresh);
	cache_trim();
}

void cache_clang_free(struct clang_cache *cc)
{
	free(cc->kdir);
	free(cc->bdir);
	strlist_free(&cc->key);
	for (size_t i = 0; i < cc->todo.n; i++)
		strlist_free(&cc->dirs[i]);
	free(cc->dirs);
	strlist_free(&cc->todo);
	filehash_free(&cc->hashes);
	memset(cc, 0, sizeof(*cc));
}
