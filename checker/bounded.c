// SPDX-License-Identifier: GPL-2.0
/*
 * One file's analysis in a child process: the child parses and walks,
 * then sends its findings back through a pipe as JSON; the parent waits
 * at most the time limit and kills it past that.  The child's address
 * space is limited (RLIMIT_AS), so that a parse that would exhaust the
 * machine's memory stops with an error instead.  A fork per file costs
 * about a millisecond; a kernel file's parse, a second.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "bounded.h"
#include "jsonutil.h"
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

static json_t *encode(const struct findings *fs)
{
	json_t *f = json_array(), *inc = json_array();

	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *x = &fs->v[i];

		json_array_append_new(f, json_pack("{s:s, s:i, s:s, s:i, s:i, s:s, s:i, s:s}",
			"rule", x->rule, "engine", (json_int_t)x->engine,
			"file", x->file, "line", (json_int_t)x->line,
			"column", (json_int_t)x->column, "function", x->function,
			"confidence", (json_int_t)x->confidence,
			"message", x->message));
	}
	for (size_t i = 0; i < fs->ninc; i++)
		json_array_append_new(inc, json_pack("{s:s, s:s}",
			"file", fs->inc[i].file, "reason", fs->inc[i].reason));
	return json_pack("{s:o, s:o}", "findings", f, "incomplete", inc);
}

/* The child's report into out; -1 if it is not one. */
static int decode(const char *buf, size_t len, struct findings *out)
{
	json_t *doc = json_loadb(buf, len, 0, NULL), *e;
	json_t *f = json_object_get(doc, "findings");
	json_t *inc = json_object_get(doc, "incomplete");
	size_t i;

	if (!json_is_array(f) || !json_is_array(inc)) {
		json_decref(doc);
		return -1;
	}
	json_array_foreach(f, i, e) {
		struct finding x = {
			.rule = (char *)kd_json_str(e, "rule"),
			.engine = (enum kd_engine)kd_json_int(e, "engine"),
			.file = (char *)kd_json_str(e, "file"),
			.line = (unsigned int)kd_json_int(e, "line"),
			.column = (unsigned int)kd_json_int(e, "column"),
			.function = (char *)kd_json_str(e, "function"),
			.confidence = (enum kd_confidence)kd_json_int(e, "confidence"),
			.message = (char *)kd_json_str(e, "message"),
		};

		findings_add(out, &x);
	}
	json_array_foreach(inc, i, e)
		findings_incomplete(out, kd_json_str(e, "file"),
				    kd_json_str(e, "reason"));
	json_decref(doc);
	return 0;
}

/*
 * The child: never returns.  _exit(), not exit(): the parent's stdio
 * buffers and atexit handlers are the parent's.  Status 0 or 1 (fn
 * failed) with a report on wfd; anything else is a failure.
 */
static void child(int wfd, const struct bounds *b, bounded_fn *fn, void *arg)
{
	struct findings fs = { 0 };
	char *s;
	size_t len, off = 0;
	int rc;

	if (b->mem_mib && !KD_ASAN) {
		struct rlimit rl;

		rl.rlim_cur = rl.rlim_max = (rlim_t)b->mem_mib << 20;
		setrlimit(RLIMIT_AS, &rl);
	}
	rc = fn(arg, &fs);
	s = json_dumps(encode(&fs), JSON_COMPACT);
	if (!s)
		_exit(3);
	len = strlen(s);
	while (off < len) {
		ssize_t w = write(wfd, s + off, len - off);

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
