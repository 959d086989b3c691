// SPDX-License-Identifier: GPL-2.0
/* Locating the rule pack the binary was built with. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rulesdir.h"
#include "util.h"

#ifndef KDELTA_SHARE_RULES
#define KDELTA_SHARE_RULES "/usr/local/share/kdelta/rules"
#endif

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * $KDELTA_RULES, else relative to the binary: <bin>/../rules (a source
 * tree's build/kdelta), <bin>/../share/kdelta/rules (make install, for any
 * PREFIX or DESTDIR: the installed tree is relocatable), else the share
 * directory the binary was built for.
 */
const char *rules_dir(void)
{
	static const char *const rel[] = { "/../rules", "/../share/kdelta/rules" };
	static char buf[PATH_MAX];
	const char *env = getenv("KDELTA_RULES");
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 32);
	if (n <= 0)
		return KDELTA_SHARE_RULES;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return KDELTA_SHARE_RULES;
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		strcpy(slash, rel[i]);
		if (is_dir(buf))
			return buf;
	}
	return KDELTA_SHARE_RULES;
}
