/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bounded.c: one file's analysis in a child process, with a time and a
 * memory limit.  The parse reads what the analysed tree holds: a header
 * that is a FIFO blocks it for good, a macro bomb can take any time or
 * memory, and libclang can crash; none of these may hang or end the run.
 */
#ifndef KDELTA_BOUNDED_H
#define KDELTA_BOUNDED_H

#include "finding.h"

struct bounds {
	unsigned int timeout_s;		/* 0: none */
	unsigned long mem_mib;		/* address space; 0: none */
};

#define KD_DEFAULT_TIMEOUT_S	300
#define KD_DEFAULT_MEM_MIB	4096

typedef int bounded_fn(void *arg, struct findings *out);

/*
 * Runs fn(arg, out) in a child process within b, and adds the findings
 * and incomplete files it produced to out.  Returns fn's result (0, or
 * -1 after it reported an error); -1 when the child was stopped (time
 * out, a signal, memory exhausted), which is recorded as file incomplete.
 */
int bounded_run(const char *file, const struct bounds *b, bounded_fn *fn,
		void *arg, struct findings *out);

#endif
