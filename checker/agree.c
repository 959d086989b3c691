// SPDX-License-Identifier: GPL-2.0
/*
 * The audit runs both engines on a file.  They rate a source by the same
 * rules (api.def, "Confidence"), but each sees part of the code: the rule
 * pack no headers (a stamp set in dim.h), the libclang engine no callers'
 * arguments of some shapes (sch_cake's now).  Where one says "medium, the
 * order of the stamps is unknown" and the other proved the order ("low,
 * elapsed time on one clock"), the proof decides; the finding is kept in
 * the silent list with both engines' words, so that it can be checked.
 */
#include <stdlib.h>
#include <string.h>

#include "agree.h"
#include "util.h"

/* The line of a silence's source: the one its text names (the rule
 * pack's silences are at the sink, "... (line 4200) ..." in the text). */
static unsigned int source_line(const struct silence *s)
{
	unsigned int l = s->source ? report_source_of(s->source, NULL) : 0;

	return l ? l : s->line;
}

/* The other engine's low silence for row's source, or NULL. */
static const struct silence *proof_of(const struct report *r,
				      const struct rfinding *row)
{
	for (size_t i = 0; i < r->sil.nsil; i++) {
		const struct silence *s = &r->sil.sil[i];

		if (s->kind == KD_SILENT_LOW && s->engine != row->f.engine &&
		    source_line(s) == row->source_line &&
		    !strcmp(s->file, row->f.file))
			return s;
	}
	return NULL;
}

/* Whether one of the row's engines, itself or an "also", rated it high. */
static bool any_high(const struct rfinding *row)
{
	if (row->f.confidence == KD_HIGH)
		return true;
	for (size_t i = 0; i < row->nalso; i++)
		if (row->also[i].confidence == KD_HIGH)
			return true;
	return false;
}

static void to_silence(struct report *r, const struct rfinding *row,
		       const struct silence *proof)
{
	struct silence s = {
		.engine = row->f.engine, .file = row->f.file,
		.line = row->source_line, .function = row->f.function,
		.kind = KD_SILENT_LOW,
	};

	report_source_of(row->f.message, &s.source);
	s.detail = xasprintf("rated low by the %s engine, which proved the order "
			     "of the stamps (%s); this engine's medium: %s",
			     engine_name(proof->engine), proof->detail,
			     row->f.message);
	findings_silence(&r->sil, &s);
	free(s.source);
	free(s.detail);
}

size_t report_agree(struct report *r)
{
	bool *keep = xcalloc(r->n + 1, sizeof(*keep));
	size_t moved = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct rfinding *row = &r->v[i];
		const struct silence *proof = NULL;

		keep[i] = true;
		if (row->source_line && !any_high(row))
			proof = proof_of(r, row);
		if (!proof)
			continue;
		to_silence(r, row, proof);
		keep[i] = false;
		moved++;
	}
	report_keep(r, keep);
	free(keep);
	return moved;
}
