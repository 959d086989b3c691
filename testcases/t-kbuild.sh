#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# needs: kernel-tree
# The libclang engine on a real kernel build: Debian's linux-source-6.1,
# defconfig with KVM, prepared (scripts/kernel-build-tree.sh), shipped and
# with the CVE-2025-71104 fix reverted.  kdelta runs as kbuild's checker,
# make C=2 CHECK="kdelta check --kbuild", and through the tree's
# compile_commands.json; both report exactly the lapic finding on the
# reverted tree, and on the shipped tree exactly the findings listed with
# a verdict in testcases/trees/README.md.
. "$(dirname "$0")/lib.sh"

README=$TOP/testcases/trees/README.md
LAPIC=arch/x86/kvm/lapic.c

tree() {
	local t
	if ! t=$("$TOP/scripts/kernel-build-tree.sh" "$@" 2>/tmp/kdelta-kbuild.$$); then
		fail "kbuild tree $*" "$(tail -1 /tmp/kdelta-kbuild.$$)"
		rm -f /tmp/kdelta-kbuild.$$
		exit 0
	fi
	rm -f /tmp/kdelta-kbuild.$$
	echo "$t"
}
SHIPPED=$(tree) || exit 0
REVERTED=$(tree --reverted) || exit 0

# kbuild C=2: every file of arch/x86/kvm/ through the checker, findings as
# "rule file:line function" (function from the JSON run below).
kbuild_run() {
	(cd "$1" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s C=2 \
		CHECK="$KDELTA check --kbuild $2" arch/x86/kvm/ 2>&1)
}
kbuild_findings() {
	sed -n -E 's|^(\./)?([^ :]+):([0-9]+):[0-9]+: warning: .*\[kdelta:([a-z_]+)\]$|\4 \2:\3|p' | sort -u
}
nsec_line() {
	awk '/^static void advance_periodic_target_expiration\(/ { f = 1 }
	     f && /nsec_to_cycles\(apic->vcpu, delta\)/ { print NR; exit }' "$1/$LAPIC"
}
readme_set() {
	awk -v tag="$1" '$0 == "<!-- /" tag " -->" { exit } f && !/^```/ && NF { print }
		$0 == "<!-- " tag " -->" { f = 1 }' "$README" | sort -u
}

stamp=$(mktemp)
touch "$stamp"
sleep 1

t0=$SECONDS
out_s=$(kbuild_run "$SHIPPED" "")
echo "# kbuild C=2 over arch/x86/kvm/ (shipped): $((SECONDS - t0)) s"
got=$(printf '%s\n' "$out_s" | kbuild_findings)
want=$(readme_set kbuild:shipped)
[ "$got" = "$want" ] && pass "kbuild shipped: findings as in README ($(printf '%s' "$got" | grep -c .))" ||
	fail "kbuild shipped: findings as in README" "got [$(echo $got)] want [$(echo $want)]"
if printf '%s\n' "$out_s" | grep -q "$LAPIC:$(nsec_line "$SHIPPED"):"; then
	fail "kbuild shipped: lapic.c silent" "finding at the fixed line"
else
	pass "kbuild shipped: lapic.c silent"
fi

out_r=$(kbuild_run "$REVERTED" "")
line=$(nsec_line "$REVERTED")
got=$(printf '%s\n' "$out_r" | kbuild_findings)
want=$( { readme_set kbuild:shipped; echo "lapic_periodic_tscdeadline $LAPIC:$line"; } | sort -u)
[ -n "$line" ] && [ "$got" = "$want" ] && pass "kbuild reverted: exactly the lapic finding added ($LAPIC:$line)" ||
	fail "kbuild reverted: exactly the lapic finding added" "got [$(echo $got)] want [$(echo $want)]"
printf '%s\n' "$out_r" | grep -q "CVE\|ktime_sub(apic->lapic_timer.target_expiration, now)" &&
	pass "kbuild reverted: message names the source" || fail "kbuild reverted: message" "$(printf '%s\n' "$out_r" | grep kdelta | head -2)"
printf '%s\n' "$out_r" | grep -q '^kdelta: ' &&
	fail "kbuild: every file parses" "$(printf '%s\n' "$out_r" | grep '^kdelta: ' | head -3)" ||
	pass "kbuild: every file parses"

# The same through compile_commands.json.
files() { jq -r '.[].file' "$1/compile_commands.json" | grep '/arch/x86/kvm/'; }
db_findings() {
	(cd "$1" && "$KDELTA" check -p . --format json $(files "$1")) |
		jq -r '.findings[] | "\(.rule) \(.file):\(.line)"' | sed "s|$1/||" | sort -u
}
# The database's run names arch/x86/kvm's own files only (not kvm_main.c,
# which kbuild compiles there through ../../../virt/kvm).
got=$(db_findings "$SHIPPED")
want=$(readme_set kbuild:shipped | grep -v '/\.\./')
[ "$got" = "$want" ] && pass "compile_commands shipped: as in README" ||
	fail "compile_commands shipped: as in README" "got [$(echo $got)]"
got=$(db_findings "$REVERTED")
want=$( { readme_set kbuild:shipped | grep -v '/\.\./'; echo "lapic_periodic_tscdeadline $LAPIC:$line"; } | sort -u)
[ "$got" = "$want" ] && pass "compile_commands reverted: exactly the lapic finding added" ||
	fail "compile_commands reverted: exactly the lapic finding added" "got [$(echo $got)]"

# --chain sparse: sparse's own warnings are kept (x86.c has some in 6.1),
# and kdelta's added (lapic.c).
objs="arch/x86/kvm/lapic.o arch/x86/kvm/x86.o"
sp=$(cd "$REVERTED" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s C=2 CHECK=sparse $objs 2>&1 |
	grep ': warning: ' | sort)
ch=$(cd "$REVERTED" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s C=2 \
	CHECK="$KDELTA check --kbuild --chain sparse" $objs 2>&1)
missing=$(comm -23 <(printf '%s\n' "$sp") <(printf '%s\n' "$ch" | grep ': warning: ' | sort))
if [ -n "$sp" ] && [ -z "$missing" ] && printf '%s\n' "$ch" | grep -q "$LAPIC:$line:.*\[kdelta:"; then
	pass "kbuild --chain sparse: sparse's $(printf '%s\n' "$sp" | wc -l) warnings and kdelta's finding"
else
	fail "kbuild --chain sparse" "sparse warnings: $(printf '%s\n' "$sp" | wc -l), missing: $(printf '%s' "$missing" | head -c 200)"
fi

# kdelta writes nothing into the trees (no .d file from -Wp,-MMD, no
# output): nothing in the checked directories is newer than the start of
# this test but what kbuild itself rewrites (.cmd files).
new=$(for t in "$SHIPPED" "$REVERTED"; do
	find "$t/arch/x86/kvm" "$t/virt/kvm" -newer "$stamp" -type f ! -name '.*.cmd'
done | head -5)
[ -z "$new" ] && pass "kbuild: the trees are left as they were" || fail "kbuild: the trees are left as they were" "$new"
rm -f "$stamp"
