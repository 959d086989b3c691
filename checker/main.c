// SPDX-License-Identifier: GPL-2.0
/* kdelta: find negative ktime deltas consumed as unsigned values. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "audit.h"
#include "fleet.h"
#include "check.h"
#include "cocci.h"
#include "lint.h"
#include "merge.h"
#include "util.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "cocci", cmd_cocci, "run the Coccinelle rule pack over files and directories" },
	{ "check", cmd_check, "run the libclang checker (files, -p compile_commands.json, or --kbuild)" },
	{ "lint", cmd_lint, "pre-merge check: the findings a git change brings (--base, --baseline)" },
	{ "audit", cmd_audit_sources, "audit a whole kernel tree: report.{json,md,html,sarif} (default: Debian's 6.1)" },
	{ "merge", cmd_merge, "combine the report.json of audit --shard runs into one report" },
	{ "api", cmd_api, "list the time API kdelta knows (sources, sinks, guards)" },
};

static void usage(FILE *o)
{
	fprintf(o, "usage: kdelta COMMAND [OPTIONS] ...\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(o, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(o, "\nexit status: 0 no findings, 1 findings, 2 error\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return KD_EXIT_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("kdelta %s\n", KDELTA_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	kd_err("unknown command '%s' (try kdelta --help)", argv[1]);
	return KD_EXIT_ERROR;
}
