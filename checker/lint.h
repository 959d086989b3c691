/* SPDX-License-Identifier: GPL-2.0 */
/* lint.c: `kdelta lint`, the pre-merge check of a git change. */
#ifndef KDELTA_LINT_H
#define KDELTA_LINT_H

int cmd_lint(int argc, char **argv);

#endif
