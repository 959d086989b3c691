/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbuild_key.c: the name of a prepared build directory (kbuild.c), from
 * what `make allmodconfig prepare` reads rather than from where the tree
 * is, so that copies of one tree in different places (two unpacked
 * tarballs of a fleet) share one directory.
 *
 * It is a SHA-256 over a layout string, the architecture kbuild derives
 * from the machine (uname -m, as kbuild's SUBARCH), the configuration
 * (the given .config's text, or the default recipe below) and, in path
 * order, the
 * name and bytes (a link: its target) of each of these files of the
 * tree: every file at its top (Makefile, Kbuild, Kconfig, localversion*,
 * ...); everything under include/, scripts/ and arch/ARCH/ (the headers
 * asm-offsets and bounds are computed from, the generators, the syscall
 * tables, the defconfigs) and under the parts of tools/ that preparing
 * builds and runs (build/: fixdep, objtool/, lib/, include/, scripts/,
 * bpf/resolve_btfids/, arch/ARCH/); and anywhere else, every Kconfig*,
 * Makefile*, Kbuild*, *.mk, *.bc, *.tbl, bounds.c and *offsets*.c.
 *
 * Trees with one key share what one of them prepared, so the key is
 * meant to cover whatever preparing runs as well as reads.  Not covered:
 * a header outside those directories that an *offsets*.c includes, the
 * compiler (kbuild's probes of it), and a git work tree's describe
 * (CONFIG_LOCALVERSION_AUTO's suffix of the release).
 */
#ifndef KDELTA_KBUILD_KEY_H
#define KDELTA_KBUILD_KEY_H

#include <stddef.h>

/* The default configuration: `make allmodconfig` with these values
 * pinned (KCONFIG_ALLCONFIG).  allmodconfig, not defconfig, so that the
 * code a defconfig leaves out (KVM, Type-C, CEC, most drivers) sees the
 * full declarations of its headers and parses; the pinned options only
 * add build steps that preparing would need more tools for (gcc
 * plugins, rustc, pahole) or fail on a newer compiler's warnings. */
#define KBUILD_DEFAULT_CONFIG "allmodconfig"
extern const char kbuild_default_pins[];

/* The key of the tree at kdir with the .config text config_text of
 * config_len bytes (or NULL: the default configuration): 32 hex digits,
 * allocated. */
char *kbuild_key(const char *kdir, const char *config_text, size_t config_len);

#endif
