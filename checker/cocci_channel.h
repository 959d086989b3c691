/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cocci_channel.c: how the rules hand kdelta what they found.  A rule's
 * Python appends one JSON object a line to a file kdelta made for the run
 * (spatch -D kdelta -D kdelta_channel=PATH); kdelta validates each record
 * and keeps findings, silences (kind "silent": a source analysed and not
 * reported, and why) and, for `kdelta audit`, facts about the known
 * instances.  Nothing the rules print on stdout is read.
 */
#ifndef KDELTA_COCCI_CHANNEL_H
#define KDELTA_COCCI_CHANNEL_H

#include <stddef.h>

#include "finding.h"
#include "util.h"

/* What an instance rule reports about its function (api.def KD_KNOWN). */
enum kd_fact_kind {
	KD_FACT_FUNCTION,	/* the function's definition (its name's line) */
	KD_FACT_SOURCE,		/* a source(later, earlier) call in it */
	KD_FACT_SINK,		/* a sink() call in it */
	KD_FACT_CLAMP,		/* if (guard(later, earlier)) later = earlier; */
};

struct kd_fact {
	enum kd_fact_kind kind;
	char *rule;		/* the rule that reported it */
	char *file;		/* as spatch was given it */
	char *function;
	unsigned int line;
	unsigned int end_line;	/* clamp: the line of the assignment */
	char *later, *earlier;	/* source and clamp: the operands, or NULL */
};

/* A new empty channel file, private to this user; its path (to be freed),
 * or NULL after reporting why. */
char *channel_create(void);

/*
 * Reads the channel of one spatch run of rule over the files given, then
 * removes it.  Findings go to fs (with confidence), facts to the list
 * channel_facts() returns.  A malformed record is dropped: when it names
 * a given file, that file is recorded as not fully analysed; otherwise it
 * is reported and the run fails (-1).
 */
int channel_collect(const char *path, const char *rule,
		    enum kd_confidence confidence, const struct strlist *given,
		    struct findings *fs);

/* Renames the files of the facts (spatch saw links): map(file, arg)
 * returns the new name, or NULL to keep it. */
void channel_rename_files(const char *(*map)(const char *file, void *arg),
			  void *arg);

/* Every fact the rules reported since the program started. */
const struct kd_fact *channel_facts(size_t *n);

#endif
