// SPDX-License-Identifier: GPL-2.0
/* The list of findings: collecting, ordering, removing duplicates. */
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "util.h"

static const char *const conf_names[] = {
	[KD_LOW] = "low", [KD_MEDIUM] = "medium", [KD_HIGH] = "high",
};

static const char *const engine_names[] = {
	[KD_ENGINE_COCCI] = "coccinelle", [KD_ENGINE_CLANG] = "clang",
};

static const char *const silence_names[] = {
	[KD_SILENT_GUARD] = "guard", [KD_SILENT_ELAPSED] = "elapsed",
	[KD_SILENT_NO_SINK] = "no-sink", [KD_SILENT_LOW] = "low-confidence",
	[KD_SILENT_OTHER] = "other",
};

const char *silence_kind_name(enum kd_silence_kind k)
{
	return silence_names[k];
}

int silence_kind_parse(const char *s, enum kd_silence_kind *k)
{
	for (int i = KD_SILENT_GUARD; i <= KD_SILENT_OTHER; i++)
		if (!strcmp(s, silence_names[i])) {
			*k = (enum kd_silence_kind)i;
			return 0;
		}
	return -1;
}

const char *confidence_name(enum kd_confidence c)
{
	return conf_names[c];
}

int confidence_parse(const char *s, enum kd_confidence *c)
{
	for (int i = KD_LOW; i <= KD_HIGH; i++)
		if (!strcmp(s, conf_names[i])) {
			*c = (enum kd_confidence)i;
			return 0;
		}
	return -1;
}

const char *engine_name(enum kd_engine e)
{
	return engine_names[e];
}

int engine_parse(const char *s, enum kd_engine *e)
{
	for (int i = KD_ENGINE_COCCI; i <= KD_ENGINE_CLANG; i++)
		if (!strcmp(s, engine_names[i])) {
			*e = (enum kd_engine)i;
			return 0;
		}
	return -1;
}

void findings_add(struct findings *fs, const struct finding *f)
{
	struct finding *d;

	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? 2 * fs->cap : 16;
		fs->v = xrealloc(fs->v, fs->cap * sizeof(*fs->v));
	}
	d = &fs->v[fs->n++];
	d->rule = xstrdup(f->rule);
	d->engine = f->engine;
	d->file = xstrdup(f->file);
	d->line = f->line;
	d->column = f->column;
	d->function = xstrdup(f->function);
	d->confidence = f->confidence;
	d->message = xstrdup(f->message);
}

void findings_incomplete(struct findings *fs, const char *file,
			 const char *reason)
{
	if (fs->ninc == fs->capinc) {
		fs->capinc = fs->capinc ? 2 * fs->capinc : 4;
		fs->inc = xrealloc(fs->inc, fs->capinc * sizeof(*fs->inc));
	}
	fs->inc[fs->ninc].file = xstrdup(file);
	fs->inc[fs->ninc].reason = xstrdup(reason);
	fs->ninc++;
}

void findings_silence(struct findings *fs, const struct silence *s)
{
	struct silence *d;

	if (fs->nsil == fs->capsil) {
		fs->capsil = fs->capsil ? 2 * fs->capsil : 16;
		fs->sil = xrealloc(fs->sil, fs->capsil * sizeof(*fs->sil));
	}
	d = &fs->sil[fs->nsil++];
	*d = *s;
	d->file = xstrdup(s->file ? s->file : "");
	d->function = xstrdup(s->function ? s->function : "");
	d->source = xstrdup(s->source ? s->source : "");
	d->detail = xstrdup(s->detail ? s->detail : "");
}

void findings_dep(struct findings *fs, const char *file, const char *header)
{
	if (fs->ndep == fs->capdep) {
		fs->capdep = fs->capdep ? 2 * fs->capdep : 64;
		fs->dep = xrealloc(fs->dep, fs->capdep * sizeof(*fs->dep));
	}
	fs->dep[fs->ndep].file = xstrdup(file);
	fs->dep[fs->ndep].header = xstrdup(header);
	fs->ndep++;
}

void findings_clear_deps(struct findings *fs)
{
	for (size_t i = 0; i < fs->ndep; i++) {
		free(fs->dep[i].file);
		free(fs->dep[i].header);
	}
	fs->ndep = 0;
}

void findings_fact(struct findings *fs, const char *file, const char *usr,
		   unsigned int flags)
{
	if (fs->nfact == fs->capfact) {
		fs->capfact = fs->capfact ? 2 * fs->capfact : 64;
		fs->fact = xrealloc(fs->fact, fs->capfact * sizeof(*fs->fact));
	}
	fs->fact[fs->nfact].file = xstrdup(file);
	fs->fact[fs->nfact].usr = xstrdup(usr);
	fs->fact[fs->nfact].flags = flags;
	fs->nfact++;
}

void findings_clear_facts(struct findings *fs)
{
	for (size_t i = 0; i < fs->nfact; i++) {
		free(fs->fact[i].file);
		free(fs->fact[i].usr);
	}
	fs->nfact = 0;
}

static void silence_free(struct silence *s)
{
	free(s->file);
	free(s->function);
	free(s->source);
	free(s->detail);
}

void findings_move(struct findings *dst, struct findings *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (dst->n == dst->cap) {
			dst->cap = dst->cap ? 2 * dst->cap : 16;
			dst->v = xrealloc(dst->v, dst->cap * sizeof(*dst->v));
		}
		dst->v[dst->n++] = src->v[i];
	}
	for (size_t i = 0; i < src->ninc; i++) {
		findings_incomplete(dst, src->inc[i].file, src->inc[i].reason);
		free(src->inc[i].file);
		free(src->inc[i].reason);
	}
	for (size_t i = 0; i < src->nsil; i++) {
		findings_silence(dst, &src->sil[i]);
		silence_free(&src->sil[i]);
	}
	for (size_t i = 0; i < src->ndep; i++) {
		findings_dep(dst, src->dep[i].file, src->dep[i].header);
		free(src->dep[i].file);
		free(src->dep[i].header);
	}
	for (size_t i = 0; i < src->nfact; i++)
		findings_fact(dst, src->fact[i].file, src->fact[i].usr,
			      src->fact[i].flags);
	findings_clear_facts(src);
	free(src->fact);
	free(src->v);
	free(src->inc);
	free(src->sil);
	free(src->dep);
	memset(src, 0, sizeof(*src));
}

static void finding_free(struct finding *f)
{
	free(f->rule);
	free(f->file);
	free(f->function);
	free(f->message);
}

void findings_free(struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		finding_free(&fs->v[i]);
	free(fs->v);
	for (size_t i = 0; i < fs->ninc; i++) {
		free(fs->inc[i].file);
		free(fs->inc[i].reason);
	}
	free(fs->inc);
	for (size_t i = 0; i < fs->nsil; i++)
		silence_free(&fs->sil[i]);
	free(fs->sil);
	findings_clear_deps(fs);
	free(fs->dep);
	findings_clear_facts(fs);
	free(fs->fact);
	memset(fs, 0, sizeof(*fs));
}

/* File, line, then the most confident (most specific) rule first. */
static int cmp_finding(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	c = (int)b->confidence - (int)a->confidence;
	if (c)
		return c;
	c = strcmp(a->rule, b->rule);
	if (c)
		return c;
	/* A total order: the one kept does not depend on the input order
	 * (cached results come first). */
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	c = strcmp(a->function, b->function);
	return c ? c : strcmp(a->message, b->message);
}

/*
 * One line is one defect: when the lapic instance rule and the generic
 * rule (or several flows of one rule) report the same line of the same
 * engine, keep the first after sorting, the most specific one.
 */
static int cmp_silence(const void *pa, const void *pb)
{
	const struct silence *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->engine != b->engine)
		return (int)a->engine - (int)b->engine;
	c = strcmp(a->function, b->function);
	if (c)
		return c;
	c = strcmp(a->detail, b->detail);
	if (c)
		return c;
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	return strcmp(a->source, b->source);
}

void findings_sort_dedupe(struct findings *fs)
{
	size_t w = 0;

	if (fs->nsil)
		qsort(fs->sil, fs->nsil, sizeof(*fs->sil), cmp_silence);
	if (!fs->n)
		return;
	qsort(fs->v, fs->n, sizeof(*fs->v), cmp_finding);
	for (size_t r = 0; r < fs->n; r++) {
		if (w && !strcmp(fs->v[w - 1].file, fs->v[r].file) &&
		    fs->v[w - 1].line == fs->v[r].line &&
		    fs->v[w - 1].engine == fs->v[r].engine) {
			finding_free(&fs->v[r]);
			continue;
		}
		fs->v[w++] = fs->v[r];
	}
	fs->n = w;
}
