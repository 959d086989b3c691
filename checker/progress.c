// SPDX-License-Identifier: GPL-2.0
/*
 * A progress line on stderr, on a terminal only: what is being done and
 * the seconds since the start, redrawn every second by a thread of its own
 * (spatch works for long stretches without telling us anything).
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

double progress_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Called with p->mu held. */
static void show(struct progress *p)
{
	fprintf(stderr, "\r\033[Kkdelta: %s%s%s, %.0f s", p->label, p->label[0] ? ": " : "",
		p->what, progress_since(&p->t0));
	fflush(stderr);
}

static void *tick(void *arg)
{
	struct progress *p = arg;

	pthread_mutex_lock(&p->mu);
	while (p->ticking) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&p->cv, &p->mu, &ts);
		if (p->ticking)
			show(p);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

void progress_start(struct progress *p, const char *label)
{
	p->on = isatty(STDERR_FILENO);
	p->ticking = false;
	p->what[0] = '\0';
	snprintf(p->label, sizeof(p->label), "%s", label ? label : "");
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	if (p->on) {
		p->ticking = true;
		if (pthread_create(&p->thread, NULL, tick, p))
			p->ticking = false;
	}
}

void progress_set(struct progress *p, const char *fmt, ...)
{
	va_list ap;

	if (!p || !p->on)
		return;
	pthread_mutex_lock(&p->mu);
	va_start(ap, fmt);
	vsnprintf(p->what, sizeof(p->what), fmt, ap);
	va_end(ap);
	show(p);
	pthread_mutex_unlock(&p->mu);
}

void progress_end(struct progress *p)
{
	if (p->on) {
		pthread_mutex_lock(&p->mu);
		if (p->ticking) {
			p->ticking = false;
			pthread_cond_signal(&p->cv);
			pthread_mutex_unlock(&p->mu);
			pthread_join(p->thread, NULL);
			pthread_mutex_lock(&p->mu);
		}
		/* Clear the line: what follows starts at column 0. */
		fputs("\r\033[K", stderr);
		pthread_mutex_unlock(&p->mu);
		p->on = false;
	}
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
}
