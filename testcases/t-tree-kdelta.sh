#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# needs: kernel-tree
# build/kdelta cocci over arch/x86/kvm of the real 6.1.192 tree (fixed) and
# of its copy with the fix of CVE-2025-71104 reverted; patch mode on the
# reverted lapic.c.  See testcases/trees/README.md.
. "$(dirname "$0")/tree-lib.sh"

trees_prepare kdelta:trees
scratch_init
SUM_SHIPPED=$(tree_sum "$SHIPPED")
SUM_REVERTED=$(tree_sum "$REVERTED")
NSEC=$(nsec_line "$REVERTED")
read -r S_START S_END < <(func_range "$SHIPPED/$LAPIC" "$FUNC")
if [ -z "$NSEC" ] || [ -z "$S_START" ]; then
	fail kdelta:lapic.c "$FUNC() or its nsec_to_cycles() line not found in $LAPIC"
	exit 0
fi

# Findings of the JSON document in file $1 as "file:line function rule".
listing() {
	jq -r '.findings[] | "\(.file):\(.line) \(.function) \(.rule)"' "$1" 2>/dev/null | paste -sd';'
}

# The shipped tree: exit 0, and in any case nothing in the function.
t0=$SECONDS
"$KDELTA" cocci --format json "$SHIPPED/arch/x86/kvm" > "$SCRATCH/shipped.json" 2> "$SCRATCH/err"
rc=$?
echo "# kdelta cocci over the shipped arch/x86/kvm took $((SECONDS - t0)) s"
if ! jq -e '.findings | type == "array"' "$SCRATCH/shipped.json" >/dev/null 2>&1; then
	fail kdelta:shipped "exit $rc, no JSON findings document: $(head -c 300 "$SCRATCH/err")"
else
	if [ $rc -eq 0 ]; then
		pass kdelta:shipped:exit-0
	else
		fail kdelta:shipped:exit-0 "exit $rc, findings [$(listing "$SCRATCH/shipped.json")]"
	fi
	n=$(jq --arg f "$FUNC" --argjson s "$S_START" --argjson e "$S_END" \
		'[.findings[] | select((.file | endswith("/arch/x86/kvm/lapic.c")) and
		  (.function == $f or (.line >= $s and .line <= $e)))] | length' "$SCRATCH/shipped.json")
	if [ "$n" = 0 ]; then
		pass "kdelta:shipped:no-finding-in-$FUNC"
	else
		fail "kdelta:shipped:no-finding-in-$FUNC" "$n finding(s): [$(listing "$SCRATCH/shipped.json")]"
	fi
fi

# The reverted tree: exit 1 and exactly one finding, at the nsec_to_cycles()
# line of the function.
t0=$SECONDS
"$KDELTA" cocci --format json "$REVERTED/arch/x86/kvm" > "$SCRATCH/reverted.json" 2> "$SCRATCH/err"
rc=$?
echo "# kdelta cocci over the reverted arch/x86/kvm took $((SECONDS - t0)) s"
if ! jq -e '.findings | type == "array"' "$SCRATCH/reverted.json" >/dev/null 2>&1; then
	fail kdelta:reverted "exit $rc, no JSON findings document: $(head -c 300 "$SCRATCH/err")"
else
	if [ $rc -eq 1 ]; then
		pass kdelta:reverted:exit-1
	else
		fail kdelta:reverted:exit-1 "exit $rc"
	fi
	if jq -e --arg f "$FUNC" --argjson l "$NSEC" \
		'(.findings | length) == 1 and
		 (.findings[0] | (.file | endswith("/arch/x86/kvm/lapic.c")) and .line == $l and .function == $f)' \
		"$SCRATCH/reverted.json" >/dev/null; then
		pass "kdelta:reverted:one-finding-at-$LAPIC:$NSEC"
	else
		fail "kdelta:reverted:one-finding-at-$LAPIC:$NSEC" "findings [$(listing "$SCRATCH/reverted.json")]"
	fi
	# Both rules report the line; the instance rule, the more confident,
	# is the one kept.
	if [ -f "$INSTANCE_RULE" ]; then
		rule=$(jq -r '.findings[0].rule // "none"' "$SCRATCH/reverted.json")
		if [ "$rule" = "$(basename "$INSTANCE_RULE" .cocci)" ]; then
			pass kdelta:reverted:instance-rule-kept
		else
			fail kdelta:reverted:instance-rule-kept "the finding kept is from rule '$rule'"
		fi
	fi
fi

# Patch mode, run in the tree so that the diff's paths are a/arch/...,
# b/arch/...: a patch on the reverted lapic.c that applies with -p1 to a
# copy of the reverted tree, after which kdelta finds nothing in it.
(cd "$REVERTED" && "$KDELTA" cocci --mode patch "$LAPIC") > "$SCRATCH/kdelta.patch" 2> "$SCRATCH/err"
rc=$?
copy_tree "$REVERTED" "$SCRATCH/patched"
touched=$(sed -n 's/^+++ //p' "$SCRATCH/kdelta.patch" | sort -u)
if [ $rc -ne 1 ] || [ ! -s "$SCRATCH/kdelta.patch" ]; then
	fail kdelta:patch "exit $rc (expected 1 and a patch): $(head -c 300 "$SCRATCH/err")"
elif [ "$touched" != "b/$LAPIC" ]; then
	fail kdelta:patch "the patch touches [$(echo $touched)], expected b/$LAPIC"
elif ! out=$(patch -d "$SCRATCH/patched" -p1 --dry-run < "$SCRATCH/kdelta.patch" 2>&1); then
	fail kdelta:patch:applies "patch -p1 --dry-run: $(echo $out)"
elif ! out=$(patch -d "$SCRATCH/patched" -p1 --no-backup-if-mismatch < "$SCRATCH/kdelta.patch" 2>&1); then
	fail kdelta:patch:applies "patch -p1: $(echo $out)"
else
	pass kdelta:patch:applies
	"$KDELTA" cocci --format json "$SCRATCH/patched/$LAPIC" > "$SCRATCH/patched.json" 2>/dev/null
	rc=$?
	if [ $rc -eq 0 ] && jq -e '.findings == []' "$SCRATCH/patched.json" >/dev/null 2>&1; then
		pass kdelta:patch:clean-after-patch
	else
		fail kdelta:patch:clean-after-patch "exit $rc, findings [$(listing "$SCRATCH/patched.json")]"
	fi
fi

# Patch mode on the fixed lapic.c proposes nothing.
out=$(cd "$SHIPPED" && "$KDELTA" cocci --mode patch "$LAPIC" 2>&1)
rc=$?
if [ $rc -eq 0 ] && [ -z "$out" ]; then
	pass kdelta:patch:nothing-on-shipped
else
	fail kdelta:patch:nothing-on-shipped "exit $rc: $(printf '%s' "$out" | head -c 300)"
fi

# kdelta never modifies the tree it analyses.
if [ "$(tree_sum "$SHIPPED")" = "$SUM_SHIPPED" ]; then
	pass kdelta:shipped-tree-unchanged
else
	fail kdelta:shipped-tree-unchanged "files under $SHIPPED changed"
fi
if [ "$(tree_sum "$REVERTED")" = "$SUM_REVERTED" ]; then
	pass kdelta:reverted-tree-unchanged
else
	fail kdelta:reverted-tree-unchanged "files under $REVERTED changed"
fi
