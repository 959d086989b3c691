// SPDX-License-Identifier: GPL-2.0
/*
 * The compile arguments libclang is given, from a compile_commands.json or
 * kbuild's $(CHECK) command line: an allow-list of what the parse needs,
 * never a deny-list, since a compiler has many ways to write a file
 * (-MD, -MMD, -MF, -o, -save-temps, --serialize-diagnostics, -ftime-trace,
 * -fplugin=, -Xclang -dependency-file, -Wp,-MMD, ...) and gains more.
 *
 * What a parse needs is what changes the text it reads, the language or
 * the predefined macros and type sizes:
 *   - include paths and forced includes: -I -isystem -iquote -idirafter
 *     -include -imacros (joined or apart), -isysroot, --sysroot,
 *     -nostdinc, -nostdlibinc, -nobuiltininc;
 *   - macros: -D -U (but -D__CHECKER__, sparse's), -undef;
 *   - the language: -std=, -ansi, -trigraphs, -x c / -x c-header,
 *     -fms-extensions, -fgnu89-inline, -ffreestanding, -fno-builtin*,
 *     -fshort-wchar, -f[un]signed-char;
 *   - the target: --target= / -target, -m16/-m32/-m64/-mx32, -march=,
 *     -mcpu=, -mtune=, -mcmodel=, -mabi=, -mfloat-abi=, -mfpu=,
 *     -mregparm=, -mbranch-protection=, -mgeneral-regs-only, the float and
 *     endianness switches, the x86 ISA switches (-mno-sse...: __SSE__);
 *   - -O levels (__OPTIMIZE__), -fpic/-fPIE and their negations (__PIC__,
 *     __PIE__), -fsanitize= (__has_feature(address_sanitizer)), -pthread.
 * Everything else is dropped: warnings (a GCC -Werror would stop the
 * parse), debug and code generation options (-g, -fno-strict-aliasing,
 * -fomit-frame-pointer, ...: no effect on a parse), GCC-only options
 * clang rejects, and every option that writes.  None of the kept options
 * writes a file; -include and -imacros read one, as the compiler would.
 */
#include <string.h>

#include "ccargs.h"

/* Kept with their value, joined (-Idir) or as the next argument. */
static const char *const with_value[] = {
	"-I", "-isystem", "-iquote", "-idirafter", "-include", "-imacros",
	"-D", "-U", "-isysroot", "-target", "--sysroot", NULL
};

/* Kept as they are. */
static const char *const flags[] = {
	"-nostdinc", "-nostdlibinc", "-nobuiltininc", "-undef", "-ansi",
	"-trigraphs", "-pthread",
	"-O", "-O0", "-O1", "-O2", "-O3", "-O4", "-Os", "-Oz", "-Og", "-Ofast",
	"-m16", "-m32", "-m64", "-mx32", "-msoft-float", "-mhard-float",
	"-mgeneral-regs-only", "-mlittle-endian", "-mbig-endian", "-mthumb",
	"-marm", "-mno-red-zone", "-mred-zone",
	"-fshort-wchar", "-fno-short-wchar", "-funsigned-char",
	"-fno-unsigned-char", "-fsigned-char", "-fno-signed-char",
	"-ffreestanding", "-fno-builtin", "-fms-extensions",
	"-fno-ms-extensions", "-fgnu89-inline", "-fno-gnu89-inline",
	"-fpic", "-fPIC", "-fpie", "-fPIE", "-fno-pic", "-fno-PIC",
	"-fno-pie", "-fno-PIE", NULL
};

/* Kept with a joined value. */
static const char *const prefixes[] = {
	"-std=", "-march=", "-mcpu=", "-mtune=", "-mcmodel=", "-mabi=",
	"-mfloat-abi=", "-mfpu=", "-mregparm=", "-mbranch-protection=",
	"-fno-builtin-", "-fsanitize=", "-fno-sanitize=", "--target=",
	"--sysroot=", NULL
};

/* x86 ISA extensions, as -mX and -mno-X: they define __SSE__ and such. */
static const char *const isa[] = {
	"mmx", "sse", "sse2", "sse3", "ssse3", "sse4", "sse4.1", "sse4.2",
	"avx", "avx2", "avx512f", "3dnow", "3dnowa", "80387", "x87", NULL
};

/*
 * Dropped together with the next argument, their value: were the value
 * left, it would pass for a source file (-MT foo.c), or, with -Xclang, a
 * second option.  Some would otherwise match a kept prefix (-include-pch).
 */
static const char *const drop_with_value[] = {
	"-o", "-MF", "-MT", "-MQ", "-MJ", "-Xclang", "-Xpreprocessor",
	"-Xassembler", "-Xlinker", "-Xanalyzer", "--param", "-aux-info",
	"-dependency-file", "-dependency-dot", "--serialize-diagnostics",
	"-arch", "-include-pch", "-isystem-after", "-ivfsoverlay", "-iprefix",
	"-iwithprefix", "-iwithprefixbefore", "-iwithsysroot", "-imultilib",
	"-main-file-name", "-L", "-T", "-z", "-u", NULL
};

static bool in(const char *const *list, const char *a)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], a))
			return true;
	return false;
}

static bool has_prefix_in(const char *const *list, const char *a)
{
	for (int i = 0; list[i]; i++)
		if (!strncmp(a, list[i], strlen(list[i])))
			return true;
	return false;
}

static bool isa_switch(const char *a)
{
	if (strncmp(a, "-m", 2))
		return false;
	a += 2;
	if (!strncmp(a, "no-", 3))
		a += 3;
	return in(isa, a);
}

/* The entry of with_value[] that a starts with, joined or alone. */
static const char *value_option(const char *a)
{
	for (int i = 0; with_value[i]; i++)
		if (!strncmp(a, with_value[i], strlen(with_value[i])))
			return with_value[i];
	return NULL;
}

/* -x: C is the only language kdelta analyses. */
static bool c_language(const char *lang)
{
	return !strcmp(lang, "c") || !strcmp(lang, "c-header");
}

/*
 * The option at argv[i] and how many arguments it spans (1 or 2, 0 at a
 * missing value); *kept whether they pass.
 */
static int one_option(int argc, char **argv, int i, bool *kept)
{
	const char *a = argv[i], *o;
	bool has_next = i + 1 < argc;

	*kept = false;
	if (in(drop_with_value, a))
		return has_next ? 2 : 1;
	if (!strcmp(a, "-x")) {
		*kept = has_next && c_language(argv[i + 1]);
		return has_next ? 2 : 1;
	}
	if (!strncmp(a, "-x", 2) && c_language(a + 2)) {
		*kept = true;
		return 1;
	}
	/* sparse's: selects annotations clang does not know. */
	if (!strcmp(a, "-D__CHECKER__"))
		return 1;
	o = value_option(a);
	if (o && !strcmp(a, o)) {
		*kept = has_next;
		return has_next ? 2 : 1;
	}
	*kept = (o && o[1] != '-' && strcmp(o, "-target")) || in(flags, a) ||
		has_prefix_in(prefixes, a) || isa_switch(a);
	return 1;
}

void ccargs_filter(int argc, char **argv, struct strlist *keep,
		   struct strlist *positional)
{
	bool rest_positional = false, kept;

	for (int i = 0; i < argc; ) {
		int n = 1;

		if (rest_positional || argv[i][0] != '-' || !argv[i][1]) {
			if (positional)
				strlist_add(positional, argv[i]);
		} else if (!strcmp(argv[i], "--")) {
			rest_positional = true;
		} else {
			n = one_option(argc, argv, i, &kept);
			for (int k = 0; kept && k < n; k++)
				strlist_add(keep, argv[i + k]);
		}
		i += n;
	}
}
