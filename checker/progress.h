/* SPDX-License-Identifier: GPL-2.0 */
/* progress.c: a progress line on stderr when it is a terminal. */
#ifndef KDELTA_PROGRESS_H
#define KDELTA_PROGRESS_H

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

struct progress {
	bool on, ticking;
	char label[64];		/* "tree 2/5", or "" */
	char what[200];
	struct timespec t0;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* Starts the clock (and, on a terminal, the line, each state after label
 * when not NULL); progress_end() ends both and clears the line. */
void progress_start(struct progress *p, const char *label);
void progress_set(struct progress *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void progress_end(struct progress *p);
/* Seconds since t0 (CLOCK_MONOTONIC). */
double progress_since(const struct timespec *t0);

#endif
