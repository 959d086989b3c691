#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# needs: kernel-tree
# The rule pack in a real kernel tree, through the kernel's own
# `make coccicheck`: Debian's linux-source-6.1 (6.1.192), which carries the
# fix of CVE-2025-71104, and a copy with the two fix lines reverted
# (testcases/trees/revert-cve-2025-71104.patch).  Every make coccicheck is
# scoped with M= to arch/x86/kvm or virt/kvm.  See testcases/trees/README.md.
. "$(dirname "$0")/tree-lib.sh"

README=$TOP/testcases/trees/README.md

trees_prepare coccicheck:trees
scratch_init
mapfile -t RULES < <(pack_rules)
if [ ${#RULES[@]} -eq 0 ]; then
	fail coccicheck:rules "no rules/*.cocci (make rules)"
	exit 0
fi
SUM_BEFORE=$(tree_sum "$SHIPPED")

read -r S_START S_END < <(func_range "$SHIPPED/$LAPIC" "$FUNC")
read -r R_START R_END < <(func_range "$REVERTED/$LAPIC" "$FUNC")
NSEC=$(nsec_line "$REVERTED")
if [ -z "$S_START" ] || [ -z "$R_START" ] || [ -z "$NSEC" ]; then
	fail coccicheck:lapic.c "$FUNC() or its nsec_to_cycles() line not found in $LAPIC"
	exit 0
fi

rule_id() { basename "$1" .cocci; }

# "rule file:line function" for every finding of CC_OUT, for (d).
normalize() {
	local rule=$1 tree=$2 f l
	cc_findings | sort -u | while IFS=: read -r f l; do
		echo "$rule $f:$l $(enclosing_function "$tree/$f" "$l")"
	done
}

# (a) The shipped tree: nothing in advance_periodic_target_expiration().
# The same runs, and M=virt/kvm, give the shipped findings of (d).
: > "$SCRATCH/shipped.findings"
for r in "${RULES[@]}"; do
	id=$(rule_id "$r")
	for m in arch/x86/kvm virt/kvm; do
		coccicheck "$SHIPPED" report "$r" "$m"
		if [ $CC_RC -ne 0 ]; then
			fail "coccicheck:shipped:$id:M=$m" "make coccicheck exited $CC_RC: $(printf '%s\n' "$CC_OUT" | tail -3 | tr '\n' ' ')"
			continue
		fi
		normalize "$id" "$SHIPPED" >> "$SCRATCH/shipped.findings"
		[ "$m" = arch/x86/kvm ] || continue
		got=$(cc_lines_in "$LAPIC" "$S_START" "$S_END")
		if [ -z "$got" ]; then
			pass "coccicheck:shipped:$id:no-finding-in-$FUNC"
		else
			fail "coccicheck:shipped:$id:no-finding-in-$FUNC" "reports $LAPIC lines $(echo $got) (function is lines $S_START-$S_END)"
		fi
	done
done

# (b) The reverted tree: the nsec_to_cycles() line, and nothing else in the
# function, from each rule that reports it; the instance rule must be one.
reporters=()
for r in "${RULES[@]}"; do
	id=$(rule_id "$r")
	name="coccicheck:reverted:$id"
	coccicheck "$REVERTED" report "$r" arch/x86/kvm
	if [ $CC_RC -ne 0 ]; then
		fail "$name" "make coccicheck exited $CC_RC: $(printf '%s\n' "$CC_OUT" | tail -3 | tr '\n' ' ')"
		continue
	fi
	cc_findings | sort -u > "$SCRATCH/reverted.$id.report"
	got=$(cc_lines_in "$LAPIC" "$R_START" "$R_END")
	if [ -z "$got" ]; then
		# Not every rule has to see it; the aggregate check below does.
		pass "$name:silent-in-$FUNC"
	elif [ "$got" = "$NSEC" ]; then
		reporters+=("$id")
		pass "$name:reports-$LAPIC:$NSEC-only"
	else
		fail "$name" "reports $LAPIC lines [$(echo $got)] in $FUNC(), expected [$NSEC] only"
	fi
done
if [ ${#reporters[@]} -gt 0 ]; then
	pass "coccicheck:reverted:reported-by:${reporters[*]}"
else
	fail "coccicheck:reverted:reported" "no rule reports $LAPIC:$NSEC on the reverted tree"
fi
if [ -f "$INSTANCE_RULE" ]; then
	case " ${reporters[*]} " in
	*" $(rule_id "$INSTANCE_RULE") "*) pass "coccicheck:reverted:instance-rule-reports" ;;
	*) fail "coccicheck:reverted:instance-rule-reports" "$(rule_id "$INSTANCE_RULE") does not report $LAPIC:$NSEC" ;;
	esac
fi

# The "-" runs of a context diff in CC_OUT: "file first last", one a run.
context_runs() {
	printf '%s\n' "$CC_OUT" | awk '
		/^--- / { f = $2; sub(/^(\.\/|a\/)/, "", f); next }
		/^\+\+\+ / { next }
		/^@@ / { split($2, h, ","); ln = substr(h[1], 2) + 0; run = 0; next }
		/^-/ { if (!run) first = ln; run = 1; last = ln; ln++; next }
		{ if (run) print f, first, last; run = 0 }
		/^ / { ln++ }
		END { if (run) print f, first, last }'
}

# MODE=context and MODE=org on the reverted tree: each rule runs without
# error; each rule that reports the finding shows it (context: the
# nsec_to_cycles() line starred in a diff of lapic.c; org: a TODO link to
# lapic.c at that line).  Context mode stars nothing that report mode does
# not report: each run of "-" lines holds a reported line.
for r in "${RULES[@]}"; do
	id=$(rule_id "$r")
	reports=no
	case " ${reporters[*]} " in *" $id "*) reports=yes ;; esac
	coccicheck "$REVERTED" context "$r" arch/x86/kvm
	if [ $CC_RC -ne 0 ] || printf '%s\n' "$CC_OUT" | grep -q 'coccicheck failed'; then
		fail "coccicheck:context:$id" "exited $CC_RC: $(printf '%s\n' "$CC_OUT" | tail -3 | tr '\n' ' ')"
	elif [ $reports = no ]; then
		pass "coccicheck:context:$id:runs"
	elif printf '%s\n' "$CC_OUT" | grep -q "^--- .*$LAPIC" &&
	     printf '%s\n' "$CC_OUT" | grep -q '^-.*nsec_to_cycles(apic->vcpu, delta)'; then
		pass "coccicheck:context:$id:shows-$LAPIC"
	else
		fail "coccicheck:context:$id" "no diff of $LAPIC marking the nsec_to_cycles() line"
	fi
	if [ $CC_RC -eq 0 ] && [ -f "$SCRATCH/reverted.$id.report" ]; then
		extra=$(context_runs | while read -r f a b; do
			awk -F: -v f="$f" -v a="$a" -v b="$b" \
				'$1 == f && $2 >= a && $2 <= b { found = 1 } END { exit !found }' \
				"$SCRATCH/reverted.$id.report" || echo "$f:$a-$b"
		done | paste -sd' ')
		if [ -z "$extra" ]; then
			pass "coccicheck:context:$id:no-more-than-report"
		else
			fail "coccicheck:context:$id:no-more-than-report" "context mode marks lines report mode does not report: $extra"
		fi
	fi
	coccicheck "$REVERTED" org "$r" arch/x86/kvm
	if [ $CC_RC -ne 0 ] || printf '%s\n' "$CC_OUT" | grep -q 'coccicheck failed'; then
		fail "coccicheck:org:$id" "exited $CC_RC: $(printf '%s\n' "$CC_OUT" | tail -3 | tr '\n' ' ')"
	elif [ $reports = no ]; then
		pass "coccicheck:org:$id:runs"
	elif printf '%s\n' "$CC_OUT" | grep -q "^\* TODO \[\[view:$LAPIC::face=[^:]*::linb=$NSEC::"; then
		pass "coccicheck:org:$id:shows-$LAPIC"
	else
		fail "coccicheck:org:$id" "no org TODO for $LAPIC line $NSEC"
	fi
done

# Comments and blank lines left out: the patched function against the
# shipped one.
func_code() {
	local r
	r=$(func_range "$1/$LAPIC" "$FUNC")
	sed -n "${r% *},${r#* }p" "$1/$LAPIC" |
		awk '/^[ \t]*\/\*/ { c = 1 } !c && !/^[ \t]*$/ { print } c && /\*\// { c = 0 }'
}

# (c) Patch mode of the instance rule on the reverted tree.
if [ ! -f "$INSTANCE_RULE" ]; then
	fail coccicheck:patch "instance rule missing ($INSTANCE_RULE)"
else
	coccicheck "$REVERTED" patch "$INSTANCE_RULE" arch/x86/kvm
	printf '%s\n' "$CC_OUT" | sed -n '/^diff /,$p' > "$SCRATCH/instance.patch"
	touched=$(sed -n 's/^+++ //p' "$SCRATCH/instance.patch" | sort -u)
	copy_tree "$REVERTED" "$SCRATCH/patched"
	if [ $CC_RC -ne 0 ]; then
		fail coccicheck:patch "make coccicheck MODE=patch exited $CC_RC"
	elif [ ! -s "$SCRATCH/instance.patch" ]; then
		fail coccicheck:patch "MODE=patch printed no patch"
	elif [ "$touched" != "b/$LAPIC" ]; then
		fail coccicheck:patch "the patch touches [$(echo $touched)], expected b/$LAPIC only"
	elif ! out=$(patch -d "$SCRATCH/patched" -p1 --dry-run < "$SCRATCH/instance.patch" 2>&1); then
		fail coccicheck:patch:applies "patch -p1 --dry-run: $(echo $out)"
	elif ! out=$(patch -d "$SCRATCH/patched" -p1 --no-backup-if-mismatch < "$SCRATCH/instance.patch" 2>&1); then
		fail coccicheck:patch:applies "patch -p1: $(echo $out)"
	else
		pass coccicheck:patch:applies
		read -r P_START P_END < <(func_range "$SCRATCH/patched/$LAPIC" "$FUNC")
		for r in "${RULES[@]}"; do
			id=$(rule_id "$r")
			coccicheck "$SCRATCH/patched" report "$r" arch/x86/kvm
			got=$(cc_lines_in "$LAPIC" "$P_START" "$P_END")
			if [ $CC_RC -eq 0 ] && [ -z "$got" ]; then
				pass "coccicheck:patch:$id:silent-after-patch"
			else
				fail "coccicheck:patch:$id:silent-after-patch" "rc $CC_RC, lines [$(echo $got)] in $FUNC()"
			fi
		done
		if [ "$(func_code "$SCRATCH/patched")" = "$(func_code "$SHIPPED")" ]; then
			pass coccicheck:patch:restores-upstream-fix
		else
			fail coccicheck:patch:restores-upstream-fix "$FUNC() after the patch differs from 6.1.192's (comments aside): $(diff <(func_code "$SHIPPED") <(func_code "$SCRATCH/patched") | grep '^[<>]' | tr '\n' ' ')"
		fi
	fi
fi

# (d) Every finding on the shipped arch/x86/kvm and virt/kvm is listed,
# with a verdict, in testcases/trees/README.md; the set may not change.
sort -u "$SCRATCH/shipped.findings" -o "$SCRATCH/shipped.findings"
awk '/<!-- \/findings:shipped -->/ { exit } f && !/^```/ && NF { print } /<!-- findings:shipped -->/ { f = 1 }' \
	"$README" 2>/dev/null | sort -u > "$SCRATCH/readme.findings"
if ! grep -q '<!-- findings:shipped -->' "$README" 2>/dev/null; then
	fail coccicheck:shipped-findings "$README has no <!-- findings:shipped --> block"
elif cmp -s "$SCRATCH/shipped.findings" "$SCRATCH/readme.findings"; then
	pass "coccicheck:shipped-findings:$(wc -l < "$SCRATCH/shipped.findings")-as-in-README"
else
	fail coccicheck:shipped-findings "the pack's findings differ from $README: new [$(comm -23 "$SCRATCH/shipped.findings" "$SCRATCH/readme.findings" | paste -sd';')], gone [$(comm -13 "$SCRATCH/shipped.findings" "$SCRATCH/readme.findings" | paste -sd';')]"
fi
missing=$(while read -r f; do
	grep -qF -- "- \`$f\`: " "$README" &&
		grep -F -- "- \`$f\`: " "$README" | grep -qE '(true|false) positive' ||
		echo "$f"
done < "$SCRATCH/readme.findings" | paste -sd';')
if [ -z "$missing" ]; then
	pass coccicheck:shipped-findings:verdicts
else
	fail coccicheck:shipped-findings:verdicts "no '- \`finding\`: true/false positive ...' line for [$missing]"
fi

# make install-rules copies the pack into a tree, where a plain
# `make coccicheck` (no COCCI=) runs it with the kernel's own rules.
copy_tree "$REVERTED" "$SCRATCH/installed"
dest=$SCRATCH/installed/scripts/coccinelle/kdelta
if ! out=$(cd "$TOP" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
	make -s install-rules "KDIR=$SCRATCH/installed" 2>&1); then
	fail install-rules "make install-rules exited non-zero: $(echo $out)"
else
	bad=$(for r in "${RULES[@]}"; do
		cmp -s "$r" "$dest/$(basename "$r")" || basename "$r"
	done)
	extra=$(for f in "$dest"/*; do
		case " ${RULES[*]} " in
		*" $TOP/rules/$(basename "$f") "*) ;;
		*) basename "$f" ;;
		esac
	done)
	if [ -z "$bad$extra" ]; then
		pass install-rules:copies-the-pack
	else
		fail install-rules:copies-the-pack "differ or missing: [$(echo $bad)], unexpected: [$(echo $extra)]"
	fi
	# A plain coccicheck runs the kernel's ~70 rules too (2-3 min on
	# arch/x86/kvm with 2 cores), and one of them,
	# api/check_bq27xxx_data.cocci, is an OCaml script that needs ocamlopt
	# (Debian's ocaml-nox, not a kdelta dependency).  So by default the
	# kernel's rules are removed from the scratch copy and the plain
	# coccicheck (no COCCI=) runs the installed pack alone, which is what
	# shows it is picked up; KDELTA_PLAIN_COCCICHECK=1 keeps them all.
	variant=plain
	if [ "${KDELTA_PLAIN_COCCICHECK:-0}" != 1 ] ||
	   ! { command -v ocamlopt || command -v ocamlopt.opt; } >/dev/null; then
		variant=pack-only
		find "$SCRATCH/installed/scripts/coccinelle" -name '*.cocci' ! -path "$dest/*" -delete
		echo "# install-rules: the plain coccicheck runs the installed pack only, not the kernel's rules (KDELTA_PLAIN_COCCICHECK=1 with ocamlopt runs them all)"
	fi
	t0=$SECONDS
	coccicheck "$SCRATCH/installed" report "" arch/x86/kvm 900
	echo "# install-rules: plain make coccicheck MODE=report M=arch/x86/kvm ($variant) took $((SECONDS - t0)) s"
	n=$(printf '%s\n' "$CC_OUT" | grep -c -- '--cocci-file \./scripts/coccinelle/kdelta/')
	if [ $CC_RC -ne 0 ]; then
		fail "install-rules:plain-coccicheck:$variant" "exited $CC_RC: $(printf '%s\n' "$CC_OUT" | tail -3 | tr '\n' ' ')"
	elif [ "$n" -ne ${#RULES[@]} ]; then
		fail "install-rules:plain-coccicheck:$variant" "ran $n of the ${#RULES[@]} installed rules"
	elif [ -n "$(cc_lines_in "$LAPIC" "$NSEC" "$NSEC")" ]; then
		pass "install-rules:plain-coccicheck:$variant:reports-$LAPIC:$NSEC"
	else
		fail "install-rules:plain-coccicheck:$variant" "no finding at $LAPIC:$NSEC"
	fi
fi

# kdelta never modifies the tree it analyses: neither the coccicheck runs
# above nor build/kdelta cocci (report and patch mode) changed the shipped
# tree.
(cd "$SHIPPED" && "$KDELTA" cocci arch/x86/kvm virt/kvm >/dev/null 2>&1;
 "$KDELTA" cocci --mode patch arch/x86/kvm/lapic.c >/dev/null 2>&1)
if [ "$(tree_sum "$SHIPPED")" = "$SUM_BEFORE" ]; then
	pass coccicheck:shipped-tree-unchanged
else
	fail coccicheck:shipped-tree-unchanged "files under $SHIPPED changed: $(cd "$SHIPPED" && GIT_OPTIONAL_LOCKS=0 git status --porcelain --ignored 2>/dev/null | head -5 | tr '\n' ' ')"
fi
