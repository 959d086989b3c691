/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ccargs.c: which compiler arguments of a compile command libclang is
 * given.  The arguments come from the analysed tree (its
 * compile_commands.json, its Makefile through kbuild's $(CHECK)): only the
 * options a parse needs pass, by an allow-list, so that nothing in them
 * can make libclang write a file (-MD, -MF, -o, -save-temps,
 * --serialize-diagnostics, -ftime-trace, -Xclang, plugins, ...).
 */
#ifndef KDELTA_CCARGS_H
#define KDELTA_CCARGS_H

#include "util.h"

/*
 * Appends to keep the options of argv[0..argc) that the parse needs,
 * each with its value; the positional arguments (source files, and the
 * values of dropped options that take one apart) go to positional when
 * it is not NULL, and are dropped otherwise.
 */
void ccargs_filter(int argc, char **argv, struct strlist *keep,
		   struct strlist *positional);

#endif
