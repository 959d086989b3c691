// SPDX-License-Identifier: GPL-2.0
/*
 * The findings of the negative-delta check, and messages that explain
 * themselves: the source as the code spells it and the local it
 * travelled in, the delta's unit, the destination's width and what -1
 * becomes there, what the callee does with the wrapped value (api.def's
 * KD_SINK effect), and a fix with the code's own operands that compiles
 * (a current-time read is read once into a local first).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "nd_report.h"
#include "util.h"

/* Text output (api.def's KD_TEXT): a sink in its arguments prints a
 * number, or is compiled out (GEM_TRACE without
 * CONFIG_DRM_I915_TRACE_GEM); such a finding is at most low.  Asked only
 * of a finding about to be reported, so the walk of the body is rare. */
static bool in_text_out(struct walk *w, CXCursor at)
{
	return cx_in_macro(walk_tu(w), at, kd_is_text_out) ||
	       cx_in_call(walk_fn(w), at, kd_is_text_out);
}

void nd_report_end(struct negdelta *nd)
{
	for (size_t i = 0; i < nd->nseen; i++)
		free(nd->seen[i]);
	free(nd->seen);
	nd->seen = NULL;
	nd->nseen = 0;
}

/* Whether a sink at line:col was reported already (a loop body is
 * walked twice); records it. */
static bool seen(struct negdelta *nd, unsigned line, unsigned col)
{
	char key[32];

	snprintf(key, sizeof(key), "%u:%u", line, col);
	for (size_t i = 0; i < nd->nseen; i++)
		if (!strcmp(nd->seen[i], key))
			return true;
	nd->seen = xrealloc(nd->seen, (nd->nseen + 1) * sizeof(char *));
	nd->seen[nd->nseen++] = xstrdup(key);
	return false;
}

static int bits_of(CXType t)
{
	long long size = clang_Type_getSizeOf(clang_getCanonicalType(t));

	return size > 0 ? (int)(8 * size) : 64;
}

/* A name for the local the fix reads the clock into, not one in use. */
static const char *fresh_now(struct walk *w)
{
	static const char *const names[] = { "now", "t_now", "now_read" };
	size_t i, v;

	for (i = 0; i < 2; i++) {
		for (v = 0; v < walk_nvars(w); v++)
			if (!strcmp(walk_var(w, (int)v)->name, names[i]))
				break;
		if (v == walk_nvars(w))
			break;
	}
	return names[i];
}

/* The clamp: of the later operand when it can be assigned, reading a
 * current time once first; always the delta's own clamp. */
static char *clamp_fix(struct walk *w, const struct src *s)
{
	const char *tail = "clamp the delta (if (d < 0) d = 0;) before the conversion";
	const char *now;

	if (s->swapped)
		return xasprintf("subtract only a smaller delta (if (%s < %s) ..., as a "
				 "guard on both values) or clamp the difference (if (d < 0) "
				 "d = 0;) before the conversion", s->db, s->da);
	if ((s->kind != SRC_DELTA && s->kind != SRC_INT_NS) || s->call_a ||
	    !s->lv_a)
		return xstrdup(tail);
	if (!s->call_b) {
		if (s->kind == SRC_INT_NS)
			return xasprintf("clamp the later operand (if (%s < %s) %s = %s;) "
					 "or the delta (if (d < 0) d = 0;) before the "
					 "conversion", s->da, s->db, s->da, s->db);
		return xasprintf("clamp the later operand (if (ktime_before(%s, %s)) "
				 "%s = %s;) or the delta (if (d < 0) d = 0;) before "
				 "the conversion", s->da, s->db, s->da, s->db);
	}
	now = fresh_now(w);
	if (s->kind == SRC_INT_NS)
		return xasprintf("read the clock once and clamp the later operand "
				 "(%s = %s; if (%s < %s) %s = %s; d = %s - %s;) or %s",
				 now, s->db, s->da, now, s->da, now, s->da, now, tail);
	return xasprintf("read the clock once and clamp the later operand "
			 "(%s = %s; if (ktime_before(%s, %s)) %s = %s; d = %s(%s, %s);) "
			 "or %s", now, s->db, s->da, now, s->da, now,
			 s->fn ? s->fn : "ktime_sub", s->da, now, tail);
}

/* The fix: the clamp, after reading the clock under the stamp's lock
 * when the read was made before it was taken (nd_lock.h). */
static char *fix_of(struct walk *w, const struct src *s)
{
	char *clamp = clamp_fix(w, s), *r;

	if (!s->lock)
		return clamp;
	r = xasprintf("read the clock after taking the lock (line %u), or %s",
		      s->lock, clamp);
	free(clamp);
	return r;
}

/* "; -1 ns truncates to 0 us" for a delta in a coarser unit. */
static const char *trunc_note(const struct src *s)
{
	if (s->whole)
		return "";
	if (!strcmp(s->unit, "us"))
		return " (a delta between -1 us and 0, such as -1 ns, truncates to 0 us)";
	if (!strcmp(s->unit, "ms"))
		return " (a delta between -1 ms and 0, such as -1 ns, truncates to 0 ms)";
	return "";
}

static char *message(struct walk *w, const struct src *s, struct kd_val v,
		     const char *sink, CXType to, const struct kd_sink *ks,
		     enum kd_confidence conf, const char *why)
{
	char *via, *fix, *effect, *cmp, *msg;
	int bits = bits_of(to);

	via = v.var >= 0 ? xasprintf(" (held in '%s')", walk_var(w, v.var)->name) :
			   xstrdup("");
	effect = ks ? xasprintf(", and %s() %s", ks->name, ks->effect) : xstrdup("");
	cmp = s->kind == SRC_DELTA || s->kind == SRC_INT_NS ?
	      xasprintf("with no sign check or comparison of %s and %s", s->da, s->db) :
	      xstrdup("with no sign check");
	fix = fix_of(w, s);
	msg = xasprintf("negative ktime delta: %s (line %u) can be negative%s "
		"and reaches %s %s on this path; a delta of -1 %s becomes %s "
		"in %d bits%s%s; confidence %s (%s); %s",
		s->text, s->line, via, sink, cmp, s->unit, kd_wrap_bits(bits),
		bits, trunc_note(s), effect, confidence_name(conf), why, fix);
	free(via);
	free(effect);
	free(cmp);
	free(fix);
	return msg;
}

/* sink: what the delta reaches ("parameter 'nsec' of nsec_to_cycles()
 * (u64)"); v.var: the local it travelled in, if any. */
static void report(struct walk *w, CXCursor at, struct kd_val v,
		   const char *sink, CXType to, const struct kd_sink *ks)
{
	struct negdelta *nd = walk_data(w);
	const struct src *s = &nd->srcs[v.src];
	enum kd_confidence conf = s->conf;
	const char *why = s->why;
	struct finding fd;
	char *file;
	unsigned line, col;

	if (conf > KD_LOW && in_text_out(w, at)) {
		conf = KD_LOW;
		why = "the sink is only in the arguments of text output (a log, "
		      "trace or print)";
	}
	if (!nd->run->out || conf < nd->run->min_conf)
		return;
	cx_location(at, &file, &line, &col);
	if (seen(nd, line, col)) {
		free(file);
		return;
	}
	fd.message = message(w, s, v, sink, to, ks, conf, why);
	fd.rule = (char *)nd->rule;
	fd.engine = KD_ENGINE_CLANG;
	fd.file = file;
	fd.line = line;
	fd.column = col;
	fd.function = nd->fname;
	fd.confidence = conf;
	findings_add(nd->run->out, &fd);
	free(file);
	free(fd.message);
}

void nd_sink(struct walk *w, CXCursor at, struct kd_val v, const char *what,
	     CXType to, const struct kd_sink *ks)
{
	char *tn, *desc;

	if (v.src < 0 || !cx_type_is_unsigned(to))
		return;
	tn = cx_type_name(to);
	desc = xasprintf("%s (%s)", what, tn);
	report(w, at, v, desc, to, ks);
	free(desc);
	free(tn);
}
