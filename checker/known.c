// SPDX-License-Identifier: GPL-2.0
/*
 * The known-instance table of `kdelta audit`: for each KD_KNOWN entry of
 * api.def, whether the tree carries the bug (present), a fix (fixed), or
 * neither the function nor its bug (not applicable), with the source
 * lines that show it.  Everything comes from the instance rule: its
 * finding is the evidence of the bug, its facts (cocci_channel.h) say
 * where the function, the subtraction, the sink and the upstream clamp
 * are; the file is read only to quote those lines.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "cocci.h"
#include "cocci_channel.h"
#include "known.h"
#include "srcfile.h"
#include "util.h"

/*
 * What the instance rule reported of the function (its facts); line
 * numbers, 0 when absent.  The operands are the facts' own strings.
 */
struct shape {
	unsigned int first, sub, sink, clamp_if, clamp_set;
	const char *later, *earlier;
};

static bool fact_of(const struct kd_fact *f, const struct kd_known *k,
		    const char *path)
{
	return !strcmp(f->rule, k->rule) && !strcmp(f->file, path) &&
	       !strcmp(f->function, k->function);
}

/* The first definition, its first source, the first sink after it, and
 * the first clamp of the same operands before it. */
static void find_shape(const char *path, const struct kd_known *k,
		       struct shape *sh)
{
	size_t n;
	const struct kd_fact *v = channel_facts(&n);

	memset(sh, 0, sizeof(*sh));
	for (size_t i = 0; i < n; i++) {
		const struct kd_fact *f = &v[i];

		if (!fact_of(f, k, path))
			continue;
		if (f->kind == KD_FACT_FUNCTION && (!sh->first || f->line < sh->first))
			sh->first = f->line;
		if (f->kind == KD_FACT_SOURCE && (!sh->sub || f->line < sh->sub)) {
			sh->sub = f->line;
			sh->later = f->later;
			sh->earlier = f->earlier;
		}
	}
	for (size_t i = 0; sh->sub && i < n; i++) {
		const struct kd_fact *f = &v[i];

		if (!fact_of(f, k, path))
			continue;
		if (f->kind == KD_FACT_SINK && f->line > sh->sub &&
		    (!sh->sink || f->line < sh->sink))
			sh->sink = f->line;
		if (f->kind == KD_FACT_CLAMP && f->end_line < sh->sub &&
		    !strcmp(f->later, sh->later) && !strcmp(f->earlier, sh->earlier) &&
		    (!sh->clamp_if || f->line < sh->clamp_if)) {
			sh->clamp_if = f->line;
			sh->clamp_set = f->end_line;
		}
	}
}

/* Lines first..last of s (1-based), joined, whitespace runs squeezed to
 * one space: the clamp as the reason quotes it. */
static char *quote_lines(const struct srcfile *s, unsigned int first,
			 unsigned int last)
{
	size_t len = 0;
	char *r;

	for (unsigned int j = first; j <= last && j <= s->n; j++)
		len += strlen(s->line[j - 1]) + 1;
	r = xmalloc(len + 1);
	len = 0;
	for (unsigned int j = first; j <= last && j <= s->n; j++) {
		for (const char *p = s->line[j - 1]; *p; p++) {
			bool sp = isspace((unsigned char)*p);

			if (!sp)
				r[len++] = *p;
			else if (len && r[len - 1] != ' ')
				r[len++] = ' ';
		}
		if (len && r[len - 1] != ' ')
			r[len++] = ' ';
	}
	while (len && r[len - 1] == ' ')
		len--;
	r[len] = '\0';
	return r;
}

static void add_evidence(json_t *e, const struct srcfile *s, unsigned int line,
			 unsigned int *last)
{
	if (!line || line > s->n || line == *last)
		return;
	*last = line;
	json_array_append_new(json_object_get(e, "evidence"),
			      json_pack("{s:I, s:s}", "line", (json_int_t)line,
					"text", s->line[line - 1]));
}

/* The instance rule's finding in the function. */
static const struct finding *rule_finding(const struct kd_known *k,
					  const struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->v[i].rule, k->rule) &&
		    !strcmp(fs->v[i].function, k->function))
			return &fs->v[i];
	return NULL;
}

static json_t *entry(const struct kd_known *k, const char *status, char *reason)
{
	json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:[]}",
			      "id", k->id, "file", k->file, "function", k->function,
			      "introduced", k->introduced, "fixed_by", k->fixed_by,
			      "status", status, "reason", reason, "evidence");

	free(reason);
	return e;
}

/* The status once the function is known to compute the source. */
static json_t *judge(const struct kd_known *k, const struct shape *sh,
		     const struct srcfile *s, const struct finding *f)
{
	char *clamp;
	json_t *e;

	if (f)
		return entry(k, "present", xasprintf(
			"%s() passes %s(%s, %s) to %s() with no comparison of the "
			"operands before it (rule %s, line %u): it carries %s and "
			"lacks %s.", k->function, k->source, sh->later, sh->earlier,
			k->sink, k->rule, f->line, k->introduced, k->fixed_by));
	if (sh->clamp_if) {
		clamp = quote_lines(s, sh->clamp_if, sh->clamp_set);
		e = entry(k, "fixed", xasprintf(
			"%s() clamps %s to %s before %s(), as the fix %s does: %s",
			k->function, sh->later, sh->earlier, k->source,
			k->fixed_by, clamp));
		free(clamp);
		return e;
	}
	if (!sh->sink)
		return entry(k, "not applicable", xasprintf(
			"%s() computes %s(%s, %s) but does not pass it to %s().",
			k->function, k->source, sh->later, sh->earlier, k->sink));
	return entry(k, "fixed", xasprintf(
		"%s() has no clamp of %s before %s(), but rule %s finds the delta "
		"guarded on every path to %s(): fixed otherwise than by %s; "
		"review the guard.", k->function, sh->later, k->source, k->rule,
		k->sink, k->fixed_by));
}

/*
 * Runs the rules on path unless the audit did (another shard scanned
 * it): their facts are then in channel_facts().  The instance rule's
 * findings in the file go to out.
 */
static int file_findings(const char *path, const struct kd_known *k,
			 const struct findings *cocci,
			 const struct strlist *scanned, long jobs,
			 struct findings *out)
{
	const char *key = k->file;
	struct strlist one = { 0 }, none = { 0 };
	int rc = 0;

	if (scanned->n && bsearch(&key, scanned->v, scanned->n, sizeof(char *), strp_cmp)) {
		for (size_t i = 0; i < cocci->n; i++)
			if (!strcmp(cocci->v[i].file, k->file))
				findings_add(out, &cocci->v[i]);
		return 0;
	}
	strlist_add(&one, path);
	if (cocci_findings(&one, &none, jobs, true, out) < 0) {
		kd_err("%s: the rule pack failed; %s cannot be judged", path, k->id);
		rc = -1;
	}
	strlist_free(&one);
	return rc;
}

static json_t *judge_file(const char *path, const struct kd_known *k,
			  const struct srcfile *s, const struct findings *fs)
{
	unsigned int last = 0;
	struct shape sh;
	json_t *e;

	find_shape(path, k, &sh);
	if (!sh.first)
		return entry(k, "not applicable",
			     xasprintf("%s defines no %s().", k->file, k->function));
	if (!sh.sub) {
		e = entry(k, "not applicable", xasprintf(
			"%s() has no %s(): the code before %s, which cannot compute "
			"a negative delta there.", k->function, k->source, k->introduced));
		add_evidence(e, s, sh.first, &last);
		return e;
	}
	e = judge(k, &sh, s, rule_finding(k, fs));
	add_evidence(e, s, sh.clamp_if, &last);
	add_evidence(e, s, sh.clamp_set, &last);
	add_evidence(e, s, sh.sub, &last);
	add_evidence(e, s, sh.sink, &last);
	return e;
}

static json_t *evaluate(const char *kdir, const struct kd_known *k,
			const struct findings *cocci,
			const struct strlist *scanned, long jobs)
{
	struct findings fs = { 0 };
	char *path = xasprintf("%s/%s", kdir, k->file);
	struct srcfile s;
	json_t *e;

	if (srcfile_read(path, &s) < 0) {
		free(path);
		return entry(k, "not applicable", xasprintf("%s is not in the tree.", k->file));
	}
	if (file_findings(path, k, cocci, scanned, jobs, &fs) < 0)
		e = entry(k, "not applicable", xasprintf(
			"kdelta could not analyse %s: the rule pack failed on it.", k->file));
	else
		e = judge_file(path, k, &s, &fs);
	findings_free(&fs);
	srcfile_free(&s);
	free(path);
	return e;
}

json_t *known_instances(const char *kdir, const struct findings *cocci,
			const struct strlist *scanned, long jobs)
{
	json_t *table = json_array();

	for (const struct kd_known *k = kd_knowns; k->id; k++)
		json_array_append_new(table, evaluate(kdir, k, cocci, scanned, jobs));
	return table;
}
