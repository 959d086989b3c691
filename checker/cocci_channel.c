// SPDX-License-Identifier: GPL-2.0
/*
 * The channel from the rules to kdelta.  Findings used to come back as
 * tab-separated lines on spatch's stdout, where code text quoted in a
 * message (a string literal continued over lines, with tabs in it) could
 * print a line of its own and forge a finding naming any file.  Now
 * stdout is not read: each record is one line of JSON in a per-run file
 * whose path only kdelta's command line names, json.dumps escapes every
 * control character of the code, and every field is checked here: the
 * kind, the file (one spatch was given), integer lines and columns,
 * strings, and no other key.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cocci_channel.h"

static struct {
	pthread_mutex_t lock;
	struct kd_fact *v;
	size_t n, cap;
} facts = { .lock = PTHREAD_MUTEX_INITIALIZER };

static const char *const fact_names[] = {
	[KD_FACT_FUNCTION] = "function", [KD_FACT_SOURCE] = "source",
	[KD_FACT_SINK] = "sink", [KD_FACT_CLAMP] = "clamp",
};

/* In /tmp, like spatch's file groups: a path with no '=' or space, which
 * spatch's -D kdelta_channel=PATH passes through as it is. */
char *channel_create(void)
{
	char *path = xstrdup("/tmp/kdelta-channel-XXXXXX");
	int fd = mkstemp(path);

	if (fd < 0) {
		kd_err("cannot create the rules' channel file in /tmp");
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

/* A record shows no control character: a message is one line of text. */
static char *one_line(const char *s)
{
	char *r = xstrdup(s);

	for (char *p = r; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return r;
}

static bool given_file(const struct strlist *given, const char *file)
{
	for (size_t i = 0; i < given->n; i++)
		if (!strcmp(given->v[i], file))
			return true;
	return false;
}

/* A positive int that fits a line or column number, or 0. */
static unsigned int position(json_int_t v)
{
	return v > 0 && v <= (json_int_t)0x7fffffff ? (unsigned int)v : 0;
}

static int add_finding(json_t *rec, const char *rule,
		       enum kd_confidence confidence, struct findings *fs,
		       const char **why)
{
	const char *kind, *file, *function, *message, *conf = NULL;
	json_int_t line, column;
	json_error_t e;
	struct finding f = { 0 };

	if (json_unpack_ex(rec, &e, JSON_STRICT, "{s:s, s:s, s:I, s:I, s:s, s:s, s?s}",
			   "kind", &kind, "file", &file, "line", &line,
			   "column", &column, "function", &function,
			   "message", &message, "confidence", &conf) < 0) {
		*why = "not {kind, file, line, column, function, message[, confidence]}";
		return -1;
	}
	f.line = position(line);
	f.column = position(column);
	if (!f.line || !f.column) {
		*why = "line or column out of range";
		return -1;
	}
	/* The rule rates each finding; its header's confidence is the
	 * default for a rule that does not. */
	if (conf && confidence_parse(conf, &confidence) < 0) {
		*why = "an unknown confidence";
		return -1;
	}
	f.rule = (char *)rule;
	f.engine = KD_ENGINE_COCCI;
	f.file = (char *)file;
	f.function = one_line(function);
	f.confidence = confidence;
	f.message = one_line(message);
	findings_add(fs, &f);
	free(f.function);
	free(f.message);
	return 0;
}

/* The silence kind a rule's free-text reason starts with (finding.h). */
static enum kd_silence_kind silence_kind_of(const char *reason)
{
	static const struct {
		const char *prefix;
		enum kd_silence_kind kind;
	} kinds[] = {
		{ "guard", KD_SILENT_GUARD }, { "elapsed", KD_SILENT_ELAPSED },
		{ "no unsigned consumer", KD_SILENT_NO_SINK },
		{ "below the confidence threshold", KD_SILENT_LOW },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strncmp(reason, kinds[i].prefix, strlen(kinds[i].prefix)))
			return kinds[i].kind;
	return KD_SILENT_OTHER;
}

/*
 * A delta source the rule analysed and did not report, in one of two
 * forms: {"kind": "silent", file, line, function, source, reason,
 * detail} with reason one of guard, elapsed, no-sink, other
 * (low-confidence is the audit's own) and detail one line for a reader;
 * or without detail, reason then a sentence whose start gives the kind
 * ("guard at line 40: ...", as the pack's rules write it).
 */
static int unpack_silence(json_t *rec, struct silence *s, const char **detail,
			  const char **why)
{
	const char *kind, *reason;
	json_int_t line;
	json_error_t e;

	*detail = NULL;
	if (json_unpack_ex(rec, &e, JSON_STRICT, "{s:s, s:s, s:I, s:s, s:s, s:s, s?s}",
			   "kind", &kind, "file", &s->file, "line", &line,
			   "function", &s->function, "source", &s->source,
			   "reason", &reason, "detail", detail) < 0) {
		*why = "not {kind, file, line, function, source, reason[, detail]}";
		return -1;
	}
	s->line = position(line);
	if (!*detail)
		s->kind = silence_kind_of(reason), *detail = reason;
	else if (silence_kind_parse(reason, &s->kind) < 0 || s->kind == KD_SILENT_LOW)
		s->line = 0;
	if (!s->line) {
		*why = "line out of range, or an unknown reason";
		return -1;
	}
	return 0;
}

static int add_silence(json_t *rec, struct findings *fs, const char **why)
{
	struct silence s = { .engine = KD_ENGINE_COCCI };
	const char *detail;

	if (unpack_silence(rec, &s, &detail, why) < 0)
		return -1;
	s.function = one_line(s.function);
	s.source = one_line(s.source);
	s.detail = one_line(detail);
	findings_silence(fs, &s);
	free(s.function);
	free(s.source);
	free(s.detail);
	return 0;
}

static void facts_add(const struct kd_fact *f)
{
	pthread_mutex_lock(&facts.lock);
	if (facts.n == facts.cap) {
		facts.cap = facts.cap ? 2 * facts.cap : 16;
		facts.v = xrealloc(facts.v, facts.cap * sizeof(*facts.v));
	}
	facts.v[facts.n++] = *f;
	pthread_mutex_unlock(&facts.lock);
}

/* The keys of each fact kind, as json_unpack formats. */
static int unpack_fact(json_t *rec, struct kd_fact *f, const char **file,
		       const char **fn, const char **later, const char **earlier)
{
	json_int_t line, end = 0;
	const char *kind;
	json_error_t e;
	int rc;

	*later = *earlier = NULL;
	if (f->kind == KD_FACT_SOURCE)
		rc = json_unpack_ex(rec, &e, JSON_STRICT, "{s:s, s:s, s:I, s:s, s:s, s:s}",
				    "kind", &kind, "file", file,
				    "line", &line, "function", fn,
				    "later", later, "earlier", earlier);
	else if (f->kind == KD_FACT_CLAMP)
		rc = json_unpack_ex(rec, &e, JSON_STRICT, "{s:s, s:s, s:I, s:I, s:s, s:s, s:s}",
				    "kind", &kind, "file", file,
				    "line", &line, "end_line", &end, "function", fn,
				    "later", later, "earlier", earlier);
	else
		rc = json_unpack_ex(rec, &e, JSON_STRICT, "{s:s, s:s, s:I, s:s}",
				    "kind", &kind, "file", file,
				    "line", &line, "function", fn);
	f->line = position(line);
	f->end_line = f->kind == KD_FACT_CLAMP ? position(end) : f->line;
	return rc < 0 || !f->line || !f->end_line ? -1 : 0;
}

static int add_fact(json_t *rec, enum kd_fact_kind kind, const char *rule,
		    const char **why)
{
	const char *file, *fn, *later, *earlier;
	struct kd_fact f = { .kind = kind };

	if (unpack_fact(rec, &f, &file, &fn, &later, &earlier) < 0) {
		*why = "a fact with missing, extra or out-of-range fields";
		return -1;
	}
	f.rule = xstrdup(rule);
	f.file = xstrdup(file);
	f.function = one_line(fn);
	f.later = later ? one_line(later) : NULL;
	f.earlier = earlier ? one_line(earlier) : NULL;
	facts_add(&f);
	return 0;
}

/*
 * One line of the channel.  When it returns -1, *why says what is wrong
 * and *file (to be freed) is the given file the record names, or NULL.
 */
static int take_record(const char *line, const char *rule,
		       enum kd_confidence confidence,
		       const struct strlist *given, struct findings *fs,
		       char **file, const char **why)
{
	json_t *rec = json_loads(line, JSON_REJECT_DUPLICATES, NULL);
	const char *kind, *named;
	int rc = -1;

	*file = NULL;
	if (!json_is_object(rec)) {
		*why = "not a JSON object";
		goto out;
	}
	kind = json_string_value(json_object_get(rec, "kind"));
	named = json_string_value(json_object_get(rec, "file"));
	if (!kind || !named || !given_file(given, named)) {
		*why = "no kind, or not a file spatch was given";
		goto out;
	}
	*file = xstrdup(named);
	*why = "an unknown kind";
	if (!strcmp(kind, "finding"))
		rc = add_finding(rec, rule, confidence, fs, why);
	else if (!strcmp(kind, "silent"))
		rc = add_silence(rec, fs, why);
	for (int k = KD_FACT_FUNCTION; k <= KD_FACT_CLAMP; k++)
		if (!strcmp(kind, fact_names[k]))
			rc = add_fact(rec, (enum kd_fact_kind)k, rule, why);
out:
	json_decref(rec);
	if (rc == 0) {
		free(*file);
		*file = NULL;
	}
	return rc;
}

int channel_collect(const char *path, const char *rule,
		    enum kd_confidence confidence, const struct strlist *given,
		    struct findings *fs)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, bad = 0, lineno = 0;
	const char *why = NULL, *first_why = NULL;
	int rc = 0;

	if (!f) {
		kd_err("%s: cannot read the rules' channel file", path);
		unlink(path);
		return -1;
	}
	while (getline(&line, &cap, f) > 0) {
		char *file, *reason;

		lineno++;
		if (take_record(line, rule, confidence, given, fs, &file, &why) == 0)
			continue;
		if (!file) {
			if (!bad++)
				first_why = why;
			continue;
		}
		reason = xasprintf("rule %s sent kdelta a malformed record: %s",
				   rule, why);
		findings_incomplete(fs, file, reason);
		free(reason);
		free(file);
	}
	if (bad) {
		kd_err("rule %s: dropped %zu malformed record%s of %zu (%s)", rule,
		       bad, bad > 1 ? "s" : "", lineno, first_why);
		rc = -1;
	}
	free(line);
	fclose(f);
	unlink(path);
	return rc;
}

void channel_rename_files(const char *(*map)(const char *file, void *arg),
			  void *arg)
{
	pthread_mutex_lock(&facts.lock);
	for (size_t i = 0; i < facts.n; i++) {
		const char *name = map(facts.v[i].file, arg);

		if (name) {
			free(facts.v[i].file);
			facts.v[i].file = xstrdup(name);
		}
	}
	pthread_mutex_unlock(&facts.lock);
}

const struct kd_fact *channel_facts(size_t *n)
{
	const struct kd_fact *v;

	pthread_mutex_lock(&facts.lock);
	v = facts.v;
	*n = facts.n;
	pthread_mutex_unlock(&facts.lock);
	return v;
}
