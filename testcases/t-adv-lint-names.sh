#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kdelta lint's gate on changed files named with a newline, a tab or an
# invalid UTF-8 byte: each is selected (lint reads git's lists with -z and
# keeps names as bytes) and its finding reported, exit 1.  The findings
# themselves need spatch to be given such names (cocci.c) and the outputs
# to escape them (output.c).
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Odd file names: every one is selected and its finding reported.  The
# findings themselves need spatch to take such names and the outputs to
# escape them (kdelta cocci and output.c).
odd=$tmp/odd
git init -q -b main "$odd" && git -C "$odd" config user.name t && git -C "$odd" config user.email t@invalid && cp "$INC/kdelta-fixture.h" "$odd/" && git -C "$odd" add -A && git -C "$odd" commit -q -m base || { fail "adv-lint: odd repository" "cannot make $odd"; exit 0; }
names=($'new\nline.c' $'tab\there.c' $'bad\xff.c' 'plain.c')
for n in "${names[@]}"; do
	{ printf '#include "kdelta-fixture.h"\n'; sed -n '16,24p' "$TOP/testcases/generic/sinks.c"; } >"$odd/$n"
done
git -C "$odd" add -A && git -C "$odd" commit -q -m "odd names"
(cd "$odd" && timeout 120 "$KDELTA" lint -I "$INC" --format json --base HEAD~1) >"$tmp/out" 2>"$tmp/err"
RC=$?
got=$(jq -r '.findings | length' "$tmp/out" 2>/dev/null)
[ $RC -eq 1 ] && [ "$got" = "${#names[@]}" ] &&
	pass "adv-lint: odd names: a finding in each of ${#names[@]} files (exit 1)" ||
	fail "adv-lint: odd names" "exit $RC, $got findings (want ${#names[@]}): $(head -c 300 "$tmp/err")"
for n in "${names[@]}"; do
	# An invalid byte may come out as U+FFFD or as an escape: bad*.c.
	printf '%s' "$n" | jq -Rse --slurpfile o "$tmp/out" \
		'. as $n | any($o[0].findings[]; .file == $n or
			($n | startswith("bad")) and (.file | test("^bad.+[.]c$")))' \
		>/dev/null 2>&1 && pass "adv-lint: odd names: $(printf '%q' "$n") reported" ||
		fail "adv-lint: odd names: $(printf '%q' "$n")" "not in $(jq -c '[.findings[].file]' "$tmp/out" 2>/dev/null)"
done

exit 0
