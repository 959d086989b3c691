/* SPDX-License-Identifier: GPL-2.0 */
/*
 * source.c: a SOURCE of `kdelta audit` in the form a vendor ships it: a
 * directory, a tarball (.tar, .tar.gz, .tar.xz, .tar.bz2), a Debian
 * linux-source .deb, an RPM source package (.src.rpm), or a git revision
 * GITDIR@REV read from the object store (source_git.c).  Everything but
 * a directory is unpacked into a private temporary directory under the
 * cache, never beside the source, and removed by source_close().
 * Archives are untrusted: absolute or ".." members, links leading out,
 * device files and oversized contents are refused before anything is
 * extracted.
 */
#ifndef KDELTA_SOURCE_H
#define KDELTA_SOURCE_H

#include "unpack.h"

const char *source_form_name(enum source_form f);

/* Whether spec is a source that only a fleet audit takes (not a plain
 * directory). */
int source_is_packed(const char *spec);

/*
 * Makes spec a tree to audit: 0, or -1 after one message naming spec
 * (s->why holds its text).  source_close() in either case.
 */
int source_open(const char *spec, struct source *s);
void source_close(struct source *s);

#endif
