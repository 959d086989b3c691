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

/* $KDELTA_RULES, else <binary>/../rules (the source tree's build/kdelta),
 * else the installed copy. */
const char *rules_dir(void)
{
	static char buf[PATH_MAX];
	const char *env = getenv("KDELTA_RULES");
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 16);
	if (n > 0) {
		buf[n] = '\0';
		slash = strrchr(buf, '/');
		if (slash) {
			strcpy(slash, "/../rules");
			if (is_dir(buf))
				return buf;
		}
	}
	return KDELTA_SHARE_RULES;
}
