#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# needs: kernel-tree
# The audit's HTML report as a browser shows it: report.html opened in
# headless Chromium (Debian's package), its rendered DOM holds the
# known-instance table with the right status and one section a finding
# of report.json, and the page loads nothing from the network.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! command -v chromium >/dev/null; then
	fail "html: chromium" "not installed (scripts/setup-deps.sh installs it)"
	exit 0
fi
shipped=$("$TOP/scripts/kernel-tree.sh" 2>/dev/null) || { fail "html: tree" "kernel-tree.sh failed"; exit 0; }
reverted=$("$TOP/scripts/kernel-tree.sh" --reverted 2>/dev/null) || { fail "html: tree" "kernel-tree.sh --reverted failed"; exit 0; }

dom() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$tmp/profile-$2" --dump-dom "file://$1" 2>/dev/null
}

for t in shipped:fixed reverted:present; do
	name=${t%%:*} want=${t#*:}
	tree=$shipped
	[ "$name" = reverted ] && tree=$reverted
	"$KDELTA" audit "$tree" -o "$tmp/$name" >/dev/null 2>"$tmp/$name.err"
	rc=$?
	if [ $rc -gt 1 ] || [ ! -s "$tmp/$name/report.html" ]; then
		fail "html $name: audit" "rc=$rc $(head -c 300 "$tmp/$name.err")"
		continue
	fi
	dom "$tmp/$name/report.html" "$name" >"$tmp/$name.dom"
	if grep -q '<table id="known-instances"' "$tmp/$name.dom" &&
	   grep -Eq "<tr class=\"instance\"[^>]*data-id=\"CVE-2025-71104\"[^>]*data-status=\"$want\"" "$tmp/$name.dom"; then
		pass "html $name: known-instance table says $want"
	else
		fail "html $name: known-instance table says $want" "$(grep -o '<tr class="instance"[^>]*>' "$tmp/$name.dom" | head -3)"
	fi
	# One rendered section a finding of report.json, by file and line.
	missing=0
	n=0
	while IFS=$'\t' read -r file line; do
		n=$((n + 1))
		grep -Eq "<section class=\"finding\"[^>]*data-file=\"$file\"[^>]*data-line=\"$line\"" "$tmp/$name.dom" ||
			missing=$((missing + 1))
	done < <(jq -r '.findings[] | [.file, .line] | @tsv' "$tmp/$name/report.json")
	sections=$(grep -o '<section class="finding"' "$tmp/$name.dom" | wc -l)
	[ $missing -eq 0 ] && [ "$sections" -eq "$n" ] && pass "html $name: $n findings rendered" ||
		fail "html $name: findings rendered" "report.json $n, sections $sections, missing $missing"
	# Self-contained: no external resource.
	if grep -Eq '(src|href)="(https?:)?//' "$tmp/$name/report.html"; then
		fail "html $name: self-contained" "$(grep -Eo '(src|href)="(https?:)?//[^"]*' "$tmp/$name/report.html" | head -2)"
	else
		pass "html $name: self-contained"
	fi
done
[ -n "$(jq -r '.findings[] | select(.rule == "lapic_periodic_tscdeadline") | .file' "$tmp/reverted/report.json" 2>/dev/null)" ] &&
	pass "html reverted: the lapic finding is in the report" ||
	fail "html reverted: the lapic finding is in the report" "not in report.json"
exit 0
