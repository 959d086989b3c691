#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every subcommand's --help: usage on stdout, nothing on stderr, exit 0;
# a bad option: usage on stderr, exit 2.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for c in cocci check lint audit merge api; do
	"$KDELTA" $c --help >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 0 ] && grep -q "usage: kdelta $c" "$tmp/out" && [ ! -s "$tmp/err" ]; then
		pass "$c --help: usage on stdout, exit 0"
	else
		fail "$c --help: usage on stdout, exit 0" "rc=$rc out=$(head -c 200 "$tmp/out") err=$(head -c 200 "$tmp/err")"
	fi
	"$KDELTA" $c --no-such-option >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && [ -s "$tmp/err" ] && [ ! -s "$tmp/out" ] &&
		pass "$c --no-such-option: exit 2, message on stderr" ||
		fail "$c --no-such-option: exit 2, message on stderr" "rc=$rc err=$(head -c 200 "$tmp/err")"
done
"$KDELTA" --help >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && grep -q "usage: kdelta COMMAND" "$tmp/out" && pass "kdelta --help" ||
	fail "kdelta --help" "$(cat "$tmp/err")"
