# SPDX-License-Identifier: GPL-2.0
# Shared by the real-tree tests (t-tree-*.sh): the two kernel trees that
# scripts/kernel-tree.sh makes from Debian's linux-source-6.1, and helpers
# to run `make coccicheck` in them and read what it reports.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LAPIC=arch/x86/kvm/lapic.c
FUNC=advance_periodic_target_expiration
INSTANCE_RULE=$TOP/rules/lapic_periodic_tscdeadline.cocci

# Sets SHIPPED and REVERTED, or prints one FAIL and ends the script (with
# status 0: a missing tree is a failed check, not a crashed script).
trees_prepare() {
	local name=$1 err
	if ! SHIPPED=$("$TOP/scripts/kernel-tree.sh" 2>/tmp/kdelta-tree.$$); then
		err=$(tail -1 /tmp/kdelta-tree.$$)
		rm -f /tmp/kdelta-tree.$$
		fail "$name" "no shipped tree: $err"
		exit 0
	fi
	if ! REVERTED=$("$TOP/scripts/kernel-tree.sh" --reverted 2>/tmp/kdelta-tree.$$); then
		err=$(tail -1 /tmp/kdelta-tree.$$)
		rm -f /tmp/kdelta-tree.$$
		fail "$name" "no reverted tree: $err"
		exit 0
	fi
	rm -f /tmp/kdelta-tree.$$
}

# SCRATCH: a directory removed when the script ends.
scratch_init() {
	SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/kdelta-tree-test.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$SCRATCH'" EXIT
}

# copy_tree SRC DEST: a private copy to patch or install into.
copy_tree() {
	rm -rf "$2" && mkdir -p "$2" && cp -a "$1/." "$2/"
}

# "START END" of the definition of function FUNC in FILE (kernel style:
# the name at the start of a line, the body closed by "}" in column 0).
func_range() {
	awk -v f="$2" '
		!s && $0 ~ "^[A-Za-z_].*[^A-Za-z0-9_]" f "\\(" && $0 !~ /;[ \t]*$/ { s = NR }
		s && /^}/ { print s, NR; exit }
	' "$1"
}

# The function whose body holds line LINE of FILE, or "-" outside any.
enclosing_function() {
	awk -v want="$2" '
		/^[A-Za-z_]/ && match($0, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/) && $0 !~ /;[ \t]*$/ {
			cand = substr($0, RSTART, RLENGTH)
			sub(/[ \t]*\($/, "", cand)
		}
		/^{/ { cur = cand }
		NR == want { print (cur == "" ? "-" : cur); exit }
		/^}/ { cur = ""; cand = "" }
	' "$1"
}

# The line of `nsec_to_cycles(apic->vcpu, delta)` inside FUNC of the lapic.c
# of TREE (empty when it is not there).
nsec_line() {
	local r
	r=$(func_range "$1/$LAPIC" "$FUNC")
	[ -n "$r" ] || return 0
	grep -n 'nsec_to_cycles(apic->vcpu, delta)' "$1/$LAPIC" |
		awk -F: -v s="${r% *}" -v e="${r#* }" '$1 >= s && $1 <= e { print $1 }'
}

# tree_sum TREE: one checksum of every path under TREE (files, directories,
# links, .git included) and of every file's content.
tree_sum() {
	(cd "$1" && {
		find . -printf '%y %p %l\n' | LC_ALL=C sort
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
	} | sha256sum | cut -d' ' -f1)
}

# coccicheck TREE MODE RULE|"" M [TIMEOUT]: `make coccicheck` in TREE with the
# kdelta make's own variables kept out; sets CC_OUT (stdout and stderr)
# and CC_RC.  An empty RULE runs it without COCCI=, on every rule the tree
# has under scripts/coccinelle.
coccicheck() {
	local tree=$1 mode=$2 rule=$3 m=$4 t=${5:-600}
	local cocci=()
	[ -z "$rule" ] || cocci=("COCCI=$rule")
	CC_OUT=$(cd "$tree" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
		-u COCCI -u M -u MODE -u V -u KBUILD_EXTMOD \
		timeout "$t" make ARCH=x86 coccicheck "MODE=$mode" "${cocci[@]}" "M=$m" 2>&1)
	CC_RC=$?
}

# Findings in CC_OUT, coccicheck's report format ("file:line:col-col: msg"),
# as "file:line", with the "./" spatch may print removed.
cc_findings() {
	printf '%s\n' "$CC_OUT" |
		sed -n -E 's|^(\./)?([^ :]+\.[ch]):([0-9]+):[0-9]+-[0-9]+: .*|\2:\3|p'
}

# Lines of FILE (tree-relative) that CC_OUT reports between START and END.
cc_lines_in() {
	cc_findings | awk -F: -v f="$1" -v s="$2" -v e="$3" \
		'$1 == f && $2 >= s && $2 <= e { print $2 }' | sort -nu
}

# The rules of the pack, one path a line.
pack_rules() {
	local r
	for r in "$TOP"/rules/*.cocci; do
		[ -e "$r" ] && echo "$r"
	done
}
