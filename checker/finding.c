// SPDX-License-Identifier: GPL-2.0
/* The list of findings: collecting, ordering, removing duplicates. */
#include <stdlib.h>
#include <string.h>

#include "kdelta.h"

/* Findings outlive the rules they come from: keep static strings. */
const char *confidence_literal(const char *c)
{
	if (!strcmp(c, "high"))
		return "high";
	if (!strcmp(c, "low"))
		return "low";
	return "medium";
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
	d->confidence = confidence_literal(f->confidence);
	d->message = xstrdup(f->message);
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
	fs->v = NULL;
	fs->n = fs->cap = 0;
}

static int rank(const char *confidence)
{
	if (!strcmp(confidence, "high"))
		return 0;
	if (!strcmp(confidence, "medium"))
		return 1;
	return 2;
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
	c = rank(a->confidence) - rank(b->confidence);
	if (c)
		return c;
	return strcmp(a->rule, b->rule);
}

/*
 * One line is one defect: when the lapic instance rule and the generic
 * rule (or several flows of one rule) report the same line of the same
 * engine, keep the first after sorting, the most specific one.
 */
void findings_sort_dedupe(struct findings *fs)
{
	size_t w = 0;

	if (!fs->n)
		return;
	qsort(fs->v, fs->n, sizeof(*fs->v), cmp_finding);
	for (size_t r = 0; r < fs->n; r++) {
		if (w && !strcmp(fs->v[w - 1].file, fs->v[r].file) &&
		    fs->v[w - 1].line == fs->v[r].line &&
		    !strcmp(fs->v[w - 1].engine, fs->v[r].engine)) {
			finding_free(&fs->v[r]);
			continue;
		}
		fs->v[w++] = fs->v[r];
	}
	fs->n = w;
}
