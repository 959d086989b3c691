/* SPDX-License-Identifier: GPL-2.0 */
/* rulesdir.c: where the rule pack lives. */
#ifndef KDELTA_RULESDIR_H
#define KDELTA_RULESDIR_H

/* $KDELTA_RULES, next to the binary (a source tree's build/kdelta), or
 * the share directory the binary was installed with. */
const char *rules_dir(void);

#endif
