/* SPDX-License-Identifier: GPL-2.0 */
/* srcfile.c: a source file split into lines, for quoting code. */
#ifndef KDELTA_SRCFILE_H
#define KDELTA_SRCFILE_H

#include <stddef.h>

/* line[i] is line i + 1, without its newline. */
struct srcfile {
	char *text;
	char **line;
	size_t n;
};

int srcfile_read(const char *path, struct srcfile *s);
void srcfile_free(struct srcfile *s);

#endif
