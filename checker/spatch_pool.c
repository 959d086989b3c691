// SPDX-License-Identifier: GPL-2.0
/*
 * The spatch processes of a run: each over a batch of files one after the
 * other, at most `jobs` at a time, with a timeout a file; what spatch says
 * on stderr tells which file it is on and which failed, and a run that
 * dies goes again without the file it died on.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "spatch.h"
#include "spatch_pool.h"
#include "util.h"

/* --- the runs: one spatch process over the files of part of a batch --- */

struct buf {
	char *p;
	size_t n, cap;
};

struct run {
	const struct spatch_batch *b;
	size_t *idx;
	size_t n;
};

struct slot {
	bool busy, killed;
	struct proc p;
	struct run r;
	bool *failed;		/* of r.idx: given a reason in this run */
	struct buf out, err;
	long cur;		/* of r.idx: the file spatch is on, or -1 */
	bool here;		/* the parse error being read is cur's */
	size_t bad;		/* cur's unparsable lines */
	double since;		/* when spatch started on cur */
	char first[160];	/* spatch's first message, for errors */
	char fatal[160];	/* its last "Fatal error" */
	char *groups;		/* its --file-groups file */
	char *channel;		/* its channel file, or NULL */
	char *chandef;		/* "kdelta_channel=<channel>" */
};

struct pool {
	struct spatch_sandbox *sb;
	struct run *todo;
	size_t head, ntodo, captodo;
	struct slot *slots;
	size_t nslots;
	struct spatch_output *outs;
	size_t nouts, capouts;
	unsigned long seq;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = 2 * (b->n + n + 1);
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

/* spatch's messages can quote the analysed code: one printable line. */
static void printable(char *dst, size_t size, const char *src)
{
	size_t i = 0;

	for (; src[i] && i + 1 < size; i++)
		dst[i] = src[i] >= ' ' && src[i] < 127 ? src[i] : '?';
	dst[i] = '\0';
}

static void push_run(struct pool *pl, const struct run *r)
{
	if (pl->ntodo == pl->captodo) {
		pl->captodo = pl->captodo ? 2 * pl->captodo : 16;
		pl->todo = xrealloc(pl->todo, pl->captodo * sizeof(*pl->todo));
	}
	pl->todo[pl->ntodo++] = *r;
}

static struct spatch_file *file_at(struct pool *pl, struct slot *s, long pos)
{
	return &pl->sb->files[s->r.idx[pos]];
}

/* The position in the run of the file spatch names by its link. */
static long pos_of(struct pool *pl, struct slot *s, const char *link)
{
	for (size_t i = 0; i < s->r.n; i++)
		if (!strcmp(file_at(pl, s, (long)i)->link, link))
			return (long)i;
	return -1;
}

/* An exception spatch reports for a file, as a one-line reason. */
static void fail_with(struct pool *pl, struct slot *s, long pos,
		      const char *exn)
{
	const struct spatch_limits *lim = &pl->sb->lim;
	struct spatch_file *f = file_at(pl, s, pos);
	const char *msg;
	char text[160];

	s->failed[pos] = true;
	printable(text, sizeof(text), exn);
	if (strstr(text, "Timeout"))
		spatch_set_reason(f, "timed out after %ld s", lim->timeout);
	else if (strstr(text, "Stack overflow") || strstr(text, "Stack_overflow"))
		spatch_set_reason(f, "stack overflow in spatch (nesting too deep)");
	else if (strcasestr(text, "out of memory") || strstr(text, "Out_of_memory"))
		spatch_set_reason(f, "out of memory (limit %ld MB)", lim->max_memory);
	else if (strstr(text, "Sys_error") && (msg = strrchr(text, ':')))
		spatch_set_reason(f, "cannot read:%.*s", (int)strcspn(msg + 1, "\")"),
			   msg + 1);
	else
		spatch_set_reason(f, "spatch: %s", text);
}

/* spatch is done with the current file: was most of it unparsable? */
static void end_file(struct pool *pl, struct slot *s)
{
	struct spatch_file *f;

	if (s->cur < 0)
		return;
	f = file_at(pl, s, s->cur);
	if (s->bad && 2 * s->bad >= f->lines) {
		s->failed[s->cur] = true;
		spatch_set_reason(f, "spatch could not parse %zu of its %zu lines",
			   s->bad < f->lines ? s->bad : f->lines, f->lines);
	}
	s->cur = -1;
	s->bad = 0;
	s->here = false;
}

static void on_line(struct pool *pl, struct slot *s, char *line)
{
	char *p, *in = NULL;

	if (!strncmp(line, "HANDLING: ", 10)) {
		end_file(pl, s);
		line[10 + strcspn(line + 10, " ")] = '\0';
		s->cur = pos_of(pl, s, line + 10);
		s->since = now();
	} else if (!strncmp(line, "EXN: ", 5)) {
		for (p = line; (p = strstr(p, " in ")); p++)
			in = p;
		if (in && pos_of(pl, s, in + 4) >= 0) {
			long pos = pos_of(pl, s, in + 4);

			*in = '\0';
			fail_with(pl, s, pos, line + 5);
		}
	} else if (!strncmp(line, " = error in ", 12)) {
		/* Only cur's own parse errors: in context mode spatch also
		 * parses the files it generates. */
		p = strstr(line, "; set verbose_parsing");
		if (p)
			*p = '\0';
		s->here = p && s->cur >= 0 &&
			  !strcmp(line + 12, file_at(pl, s, s->cur)->link);
	} else if (!strncmp(line, "badcount: ", 10)) {
		if (s->here)
			s->bad += strtoul(line + 10, NULL, 10);
		s->here = false;
	} else if (!strncmp(line, "Fatal error", 11)) {
		printable(s->fatal, sizeof(s->fatal), line);
	} else if (!s->first[0] && *line && strncmp(line, "init_defs_builtins:", 19) &&
		   strncmp(line, "Skipping:", 9) && strncmp(line, "(ONCE)", 6)) {
		printable(s->first, sizeof(s->first), line);
	}
}

/* Handles the complete lines of stderr read so far (all of it at the
 * end) and keeps only the incomplete last one. */
static void scan_lines(struct pool *pl, struct slot *s, bool final)
{
	size_t off = 0;
	char *nl;

	if (!s->err.p)
		return;
	while ((nl = memchr(s->err.p + off, '\n', s->err.n - off))) {
		*nl = '\0';
		on_line(pl, s, s->err.p + off);
		off = (size_t)(nl - s->err.p) + 1;
	}
	if (final && off < s->err.n) {
		on_line(pl, s, s->err.p + off);
		off = s->err.n;
	}
	memmove(s->err.p, s->err.p + off, s->err.n - off);
	s->err.n -= off;
	s->err.p[s->err.n] = '\0';
}

static void drain(struct pool *pl, struct slot *s, int *fd, struct buf *b)
{
	char tmp[65536];

	for (int i = 0; i < 16; i++) {
		ssize_t r = read(*fd, tmp, sizeof(tmp));

		if (r > 0) {
			buf_add(b, tmp, (size_t)r);
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0 || errno != EAGAIN) {
			close(*fd);
			*fd = -1;
		}
		break;
	}
	if (b == &s->err)
		scan_lines(pl, s, false);
}

/* The run's links, one a group, in a file of the private directory. */
static char *write_groups(struct pool *pl, const struct run *r)
{
	char *path = xasprintf("%s/g%lu", pl->sb->dir, ++pl->seq);
	FILE *f = fopen(path, "wx");

	if (f) {
		for (size_t i = 0; i < r->n; i++)
			fprintf(f, "%s\n\n", pl->sb->files[r->idx[i]].link);
		if (!fclose(f))
			return path;
	}
	kd_err("%s: cannot write: %s", path, strerror(errno));
	free(path);
	return NULL;
}

/* spatch, the batch's options, and what the sandbox adds: the parse
 * errors (to find unparsable files), the timeout, the files. */
static char **run_argv(struct pool *pl, const struct run *r, char *timeout,
		       const struct slot *s)
{
	char *const add[] = { "--parse-error-msg", "--timeout", timeout,
			      "--file-groups", s->groups, "-D", s->chandef };
	size_t n = 0, w = 0, nadd = sizeof(add) / sizeof(*add);
	char **argv;

	while (r->b->argv[n])
		n++;
	if (!s->chandef)
		nadd -= 2;
	argv = xcalloc(n + nadd + 1, sizeof(*argv));
	argv[w++] = pl->sb->exe;
	for (size_t i = 1; i < n; i++)
		argv[w++] = r->b->argv[i];
	for (size_t i = 0; i < nadd; i++)
		argv[w++] = add[i];
	return argv;
}

/* A new empty file of the private directory for the run's records. */
static int make_channel(struct pool *pl, struct slot *s)
{
	int fd;

	s->channel = xasprintf("%s/c%lu", pl->sb->dir, ++pl->seq);
	fd = open(s->channel, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		  O_CLOEXEC, 0600);
	if (fd < 0) {
		kd_err("%s: cannot create: %s", s->channel, strerror(errno));
		free(s->channel);
		s->channel = NULL;
		return -1;
	}
	close(fd);
	s->chandef = xasprintf("kdelta_channel=%s", s->channel);
	return 0;
}

/* The run's files in the private directory (a dropped run's records go
 * with its channel). */
static void drop_files(struct slot *s)
{
	if (s->groups)
		unlink(s->groups);
	if (s->channel)
		unlink(s->channel);
	free(s->groups);
	free(s->channel);
	free(s->chandef);
	s->groups = s->channel = s->chandef = NULL;
}

static int start(struct pool *pl, struct slot *s, const struct run *r)
{
	struct proc_opts o = { pl->sb->dir, pl->sb->envp, pl->sb->lim.max_memory };
	char timeout[32], **argv;
	int rc;

	memset(s, 0, sizeof(*s));
	s->groups = write_groups(pl, r);
	if (!s->groups || (r->b->channel && make_channel(pl, s) < 0)) {
		drop_files(s);
		return -1;
	}
	snprintf(timeout, sizeof(timeout), "%ld", pl->sb->lim.timeout);
	argv = run_argv(pl, r, timeout, s);
	rc = proc_start(argv, &o, &s->p);
	free(argv);
	if (rc < 0) {
		kd_err("cannot run spatch: %s", strerror(errno));
		drop_files(s);
		return -1;
	}
	spatch_set_running(0, s->p.pid);
	s->busy = true;
	s->r = *r;
	s->failed = xcalloc(r->n, sizeof(*s->failed));
	s->cur = -1;
	s->since = now();
	return 0;
}

static void release(struct slot *s)
{
	drop_files(s);
	free(s->r.idx);
	free(s->failed);
	free(s->out.p);
	free(s->err.p);
	memset(s, 0, sizeof(*s));
}

/* spatch died on the file it was on: that file gets the reason, the
 * other files of the run (its output is dropped) run again. */
static void retry_without(struct pool *pl, struct slot *s, int st)
{
	struct spatch_file *f = file_at(pl, s, s->cur);
	struct run r = { s->r.b, xcalloc(s->r.n, sizeof(size_t)), 0 };

	if (s->killed)
		spatch_set_reason(f, "timed out after %ld s", pl->sb->lim.timeout);
	else if (s->fatal[0])
		fail_with(pl, s, s->cur, s->fatal);
	else if (WIFSIGNALED(st))
		spatch_set_reason(f, "spatch killed by signal %d", WTERMSIG(st));
	else
		spatch_set_reason(f, "spatch failed (exit status %d): %s",
			   WEXITSTATUS(st), s->first[0] ? s->first : "no message");
	s->failed[s->cur] = true;
	end_file(pl, s);
	for (size_t i = 0; i < s->r.n; i++)
		if (!s->failed[i])
			r.idx[r.n++] = s->r.idx[i];
	if (r.n)
		push_run(pl, &r);
	else
		free(r.idx);
}

static int finish(struct pool *pl, struct slot *s)
{
	int st = proc_wait(&s->p);
	struct spatch_output *o;

	spatch_set_running(s->p.pid, 0);
	if (!WIFEXITED(st))
		spatch_remove_temps(s->p.pid);

	scan_lines(pl, s, true);
	if (s->killed || !WIFEXITED(st) || WEXITSTATUS(st)) {
		if (s->cur < 0) {
			kd_err("spatch failed on rule %s: %s", s->r.b->what,
			       s->fatal[0] ? s->fatal : s->first[0] ? s->first :
			       s->killed ? "timed out before any file" :
			       "no message");
			release(s);
			return -1;
		}
		retry_without(pl, s, st);
		release(s);
		return 0;
	}
	end_file(pl, s);
	if (pl->nouts == pl->capouts) {
		pl->capouts = pl->capouts ? 2 * pl->capouts : 16;
		pl->outs = xrealloc(pl->outs, pl->capouts * sizeof(*pl->outs));
	}
	o = &pl->outs[pl->nouts++];
	o->rule = s->r.b->rule;
	o->first = s->r.idx[0];
	o->text = s->out.p ? s->out.p : xstrdup("");
	s->out.p = NULL;
	/* The channel goes to the caller, with the links it may name. */
	o->channel = s->channel;
	s->channel = NULL;
	memset(&o->given, 0, sizeof(o->given));
	for (size_t i = 0; i < s->r.n; i++)
		strlist_add(&o->given, pl->sb->files[s->r.idx[i]].link);
	release(s);
	return 0;
}

/* Our own kill comes a little after spatch's own --timeout, which
 * reports the file and goes on with the next one. */
static double deadline(struct pool *pl, const struct slot *s)
{
	return s->since + (double)pl->sb->lim.timeout + 5.0 +
	       (double)pl->sb->lim.timeout / 10.0;
}

static int fill(struct pool *pl)
{
	for (size_t i = 0; i < pl->nslots && pl->head < pl->ntodo; i++) {
		if (pl->slots[i].busy)
			continue;
		if (start(pl, &pl->slots[i], &pl->todo[pl->head]) < 0)
			return -1;
		pl->head++;
	}
	return 0;
}

/* Waits for output or the nearest deadline, at most a second. */
static void wait_io(struct pool *pl, struct pollfd *pf)
{
	double t = now(), next = t + 1.0;

	for (size_t i = 0; i < pl->nslots; i++) {
		struct slot *s = &pl->slots[i];

		pf[2 * i].fd = s->busy ? s->p.out : -1;
		pf[2 * i + 1].fd = s->busy ? s->p.err : -1;
		pf[2 * i].events = pf[2 * i + 1].events = POLLIN;
		if (s->busy && !s->killed && deadline(pl, s) < next)
			next = deadline(pl, s);
	}
	if (poll(pf, 2 * pl->nslots, next > t ? (int)((next - t) * 1000) + 1 : 0) < 0)
		return;
	for (size_t i = 0; i < pl->nslots; i++) {
		struct slot *s = &pl->slots[i];

		if (s->busy && pf[2 * i].fd >= 0 && pf[2 * i].revents)
			drain(pl, s, &s->p.out, &s->out);
		if (s->busy && pf[2 * i + 1].fd >= 0 && pf[2 * i + 1].revents)
			drain(pl, s, &s->p.err, &s->err);
	}
}

static int loop(struct pool *pl)
{
	struct pollfd *pf = xcalloc(2 * pl->nslots, sizeof(*pf));
	bool busy = true;
	int rc = 0;

	while (!rc) {
		rc = fill(pl);
		busy = false;
		for (size_t i = 0; i < pl->nslots; i++)
			busy |= pl->slots[i].busy;
		if (!busy)
			break;
		wait_io(pl, pf);
		for (size_t i = 0; i < pl->nslots; i++) {
			struct slot *s = &pl->slots[i];

			if (!s->busy)
				continue;
			if (s->p.out < 0 && s->p.err < 0) {
				if (finish(pl, s) < 0)
					rc = -1;
			} else if (!s->killed && now() > deadline(pl, s)) {
				proc_kill(&s->p);
				s->killed = true;
			}
		}
	}
	for (size_t i = 0; i < pl->nslots; i++) {
		if (!pl->slots[i].busy)
			continue;
		proc_kill(&pl->slots[i].p);
		proc_wait(&pl->slots[i].p);
		spatch_set_running(pl->slots[i].p.pid, 0);
		spatch_remove_temps(pl->slots[i].p.pid);
		release(&pl->slots[i]);
	}
	free(pf);
	return rc;
}

void spatch_outputs_free(struct spatch_output *outs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(outs[i].text);
		if (outs[i].channel)
			unlink(outs[i].channel);
		free(outs[i].channel);
		strlist_free(&outs[i].given);
	}
	free(outs);
}

static int cmp_output(const void *pa, const void *pb)
{
	const struct spatch_output *a = pa, *b = pb;

	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	return a->first < b->first ? -1 : a->first > b->first;
}

int spatch_run(struct spatch_sandbox *sb, const struct spatch_batch *b,
	       size_t nb, long jobs, struct spatch_output **outs, size_t *nouts)
{
	struct pool pl = { .sb = sb };
	int rc;

	for (size_t i = 0; i < nb; i++) {
		struct run r = { &b[i], xcalloc(b[i].n + 1, sizeof(size_t)), 0 };

		for (size_t j = 0; j < b[i].n; j++)
			if (sb->files[b[i].idx[j]].link)
				r.idx[r.n++] = b[i].idx[j];
		if (r.n)
			push_run(&pl, &r);
		else
			free(r.idx);
	}
	pl.nslots = (size_t)(jobs > 0 ? jobs : 1);
	pl.slots = xcalloc(pl.nslots, sizeof(*pl.slots));
	rc = loop(&pl);
	for (size_t i = pl.head; i < pl.ntodo; i++)
		free(pl.todo[i].idx);
	free(pl.todo);
	free(pl.slots);
	if (pl.nouts)
		qsort(pl.outs, pl.nouts, sizeof(*pl.outs), cmp_output);
	*outs = pl.outs;
	*nouts = pl.nouts;
	return rc;
}
