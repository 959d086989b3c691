// SPDX-License-Identifier: GPL-2.0
/*
 * One file's analysis in a child process: the child parses and walks,
 * then sends its findings back through a pipe; the parent waits
 * at most the time limit and kills it past that.  The child's address
 * space is limited (RLIMIT_AS), so that a parse that would exhaust the
 * machine's memory stops with an error instead.  A fork per file costs
 * about a millisecond; a kernel file's parse, a second.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bounded.h"
#include "util.h"

/* AddressSanitizer reserves terabytes of address space: no RLIMIT_AS. */
#if defined(__SANITIZE_ADDRESS__)
#define KD_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KD_ASAN 1
#endif
#endif
#ifndef KD_ASAN
#define KD_ASAN 0
#endif

/*
 * The child's report: records of length-prefixed fields, binary-safe
 * (a file name need not be UTF-8, which JSON would need).  'f' a finding:
 * rule, engine, file, line, column, function, confidence, message; 'i' an
 * incomplete file: file, reason; 's' a silence: engine, file, line,
 * function, source, kind, detail; 'h' a file the unit read: file, header;
 * 't' what it tells of a stamp field: file, usr, flags.
 */
struct buf {
	char *p;
	size_t len, cap;
};

static void put(struct buf *b, const void *v, size_t n)
{
	if (b->len + n > b->cap)
		b->p = xrealloc(b->p, b->cap = (b->len + n) * 2 + 256);
	memcpy(b->p + b->len, v, n);
	b->len += n;
}

static void put_u32(struct buf *b, uint32_t v)
{
	put(b, &v, sizeof(v));
}

static void put_str(struct buf *b, const char *s)
{
	size_t n = strlen(s ? s : "");

	put_u32(b, (uint32_t)n);
	put(b, s ? s : "", n);
}

static void encode(const struct findings *fs, struct buf *b)
{
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *x = &fs->v[i];

		put(b, "f", 1);
		put_str(b, x->rule);
		put_u32(b, x->engine);
		put_str(b, x->file);
		put_u32(b, x->line);
		put_u32(b, x->column);
		put_str(b, x->function);
		put_u32(b, x->confidence);
		put_str(b, x->message);
	}
	for (size_t i = 0; i < fs->ninc; i++) {
		put(b, "i", 1);
		put_str(b, fs->inc[i].file);
		put_str(b, fs->inc[i].reason);
	}
	for (size_t i = 0; i < fs->nsil; i++) {
		const struct silence *x = &fs->sil[i];

		put(b, "s", 1);
		put_u32(b, x->engine);
		put_str(b, x->file);
		put_u32(b, x->line);
		put_str(b, x->function);
		put_str(b, x->source);
		put_u32(b, x->kind);
		put_str(b, x->detail);
	}
	for (size_t i = 0; i < fs->ndep; i++) {
		put(b, "h", 1);
		put_str(b, fs->dep[i].file);
		put_str(b, fs->dep[i].header);
	}
	for (size_t i = 0; i < fs->nfact; i++) {
		put(b, "t", 1);
		put_str(b, fs->fact[i].file);
		put_str(b, fs->fact[i].usr);
		put_u32(b, fs->fact[i].flags);
	}
}

/* A cursor over the report; ok goes false past its end. */
struct rd {
	const char *p, *end;
	bool ok;
};

static uint32_t get_u32(struct rd *r)
{
	uint32_t v = 0;

	if ((size_t)(r->end - r->p) < sizeof(v))
		r->ok = false;
	else
		memcpy(&v, r->p, sizeof(v));
	r->p += r->ok ? sizeof(v) : 0;
	return v;
}

static char *get_str(struct rd *r)
{
	uint32_t n = get_u32(r);

	if (!r->ok || (size_t)(r->end - r->p) < n) {
		r->ok = false;
		return xstrdup("");
	}
	r->p += n;
	return xstrndup(r->p - n, n);
}

static void decode_finding(struct rd *r, struct findings *out)
{
	struct finding x;

	x.rule = get_str(r);
	x.engine = get_u32(r) ? KD_ENGINE_CLANG : KD_ENGINE_COCCI;
	x.file = get_str(r);
	x.line = get_u32(r);
	x.column = get_u32(r);
	x.function = get_str(r);
	x.confidence = (enum kd_confidence)(get_u32(r) % (KD_HIGH + 1));
	x.message = get_str(r);
	if (r->ok)
		findings_add(out, &x);
	free(x.rule);
	free(x.file);
	free(x.function);
	free(x.message);
}

static void decode_silence(struct rd *r, struct findings *out)
{
	struct silence x;

	x.engine = get_u32(r) ? KD_ENGINE_CLANG : KD_ENGINE_COCCI;
	x.file = get_str(r);
	x.line = get_u32(r);
	x.function = get_str(r);
	x.source = get_str(r);
	x.kind = (enum kd_silence_kind)(get_u32(r) % (KD_SILENT_OTHER + 1));
	x.detail = get_str(r);
	if (r->ok)
		findings_silence(out, &x);
	free(x.file);
	free(x.function);
	free(x.source);
	free(x.detail);
}

/* The child's report into out; -1 if it is not one. */
static int decode(const char *p, size_t len, struct findings *out)
{
	struct rd r = { p, p ? p + len : p, true };

	while (r.ok && r.p < r.end) {
		char type = *r.p++;

		if (type == 'f') {
			decode_finding(&r, out);
		} else if (type == 's') {
			decode_silence(&r, out);
		} else if (type == 't') {
			char *file = get_str(&r), *usr = get_str(&r);
			uint32_t flags = get_u32(&r);

			if (r.ok)
				findings_fact(out, file, usr, flags);
			free(file);
			free(usr);
		} else if (type == 'i' || type == 'h') {
			char *file = get_str(&r), *s = get_str(&r);

			if (r.ok && type == 'i')
				findings_incomplete(out, file, s);
			else if (r.ok)
				findings_dep(out, file, s);
			free(file);
			free(s);
		} else {
			r.ok = false;
		}
	}
	return r.ok ? 0 : -1;
}

/*
 * The child: never returns.  _exit(), not exit(): the parent's stdio
 * buffers and atexit handlers are the parent's.  Status 0 or 1 (fn
 * failed) with a report on wfd; anything else is a failure.
 */
static void child(int wfd, const struct bounds *b, bounded_fn *fn, void *arg)
{
	struct findings fs = { 0 };
	struct buf rep = { 0 };
	size_t off = 0;
	int rc;

	if (b->mem_mib && !KD_ASAN) {
		struct rlimit rl;

		rl.rlim_cur = rl.rlim_max = (rlim_t)b->mem_mib << 20;
		setrlimit(RLIMIT_AS, &rl);
	}
	rc = fn(arg, &fs);
	encode(&fs, &rep);
	while (off < rep.len) {
		ssize_t w = write(wfd, rep.p + off, rep.len - off);

		if (w < 0 && errno != EINTR)
			_exit(3);
		off += w > 0 ? (size_t)w : 0;
	}
	_exit(rc < 0 ? 1 : 0);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Reads the child's report until EOF: 0, or 1 when the time ran out. */
static int collect(int rfd, unsigned int timeout_s, char **buf, size_t *len)
{
	struct timespec t0;
	size_t cap = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = rfd, .events = POLLIN };
		long left = timeout_s ? timeout_s * 1000L - ms_since(&t0) : -1;
		ssize_t n;

		if (timeout_s && left <= 0)
			return 1;
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
			return 1;	/* cannot wait: stop the child */
		if (!p.revents)
			continue;
		if (*len + 65536 > cap)
			*buf = xrealloc(*buf, cap = cap * 2 + 65536);
		n = read(rfd, *buf + *len, cap - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		*len += (size_t)n;
	}
}

/* Why the child gave no report, as the one line of an incomplete file. */
static char *failure(int st, const struct bounds *b)
{
	if (WIFSIGNALED(st))
		return xasprintf("the analysis stopped on signal %d (%s)%s",
				 WTERMSIG(st), strsignal(WTERMSIG(st)),
				 b->mem_mib && !KD_ASAN ?
				 "; the memory limit may have been reached" : "");
	return xasprintf("the analysis failed (exit status %d)", WEXITSTATUS(st));
}

int bounded_run(const char *file, const struct bounds *b, bounded_fn *fn,
		void *arg, struct findings *out)
{
	char *buf = NULL, *why = NULL;
	size_t len = 0;
	int fd[2], st = 0, timed_out;
	pid_t pid;

	fflush(NULL);
	if (pipe(fd) < 0 || (pid = fork()) < 0) {
		kd_err("%s: cannot start its analysis: %s", file, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		close(fd[0]);
		child(fd[1], b, fn, arg);
	}
	close(fd[1]);
	timed_out = collect(fd[0], b->timeout_s, &buf, &len);
	if (timed_out)
		kill(pid, SIGKILL);
	close(fd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (timed_out)
		why = xasprintf("timed out after %u s", b->timeout_s);
	else if (!WIFEXITED(st) || WEXITSTATUS(st) > 1 || decode(buf, len, out) < 0)
		why = failure(st, b);
	free(buf);
	if (why) {
		findings_incomplete(out, file, why);
		free(why);
		return -1;
	}
	return WEXITSTATUS(st) ? -1 : 0;
}
