#!/bin/sh
# debian-symbols.sh ABIDIR ARCH: the Debian symbols file of librseq1, made
# from the ABI record (see check-abi.sh), on standard output:
#   - every symbol of ABIDIR/librseq.symbols, with the first release of
#     its version node (ABIDIR/symbol-versions) as minimum version;
#   - every glibc function interposed on ARCH (ABIDIR/ARCH/interposed.symbols),
#     under glibc's version, and the glibc version nodes the library
#     defines for them, with the first release of LIBRSEQ_1.0: they are
#     part of the ABI on that architecture as much as librseq's own.
# An architecture without a record is an error: dpkg-gensymbols -c4 could
# not tell a reviewed interposer from an accident.
set -eu
abidir=$1 arch=$2
interposed=$abidir/$arch/interposed.symbols
[ -f "$interposed" ] || {
	echo "debian-symbols.sh: no $interposed: record this architecture's ABI first (make update-abi)" >&2
	exit 1
}
awk -v interposed="$interposed" '
	FILENAME ~ /symbol-versions$/ {
		if ($0 !~ /^#/ && NF == 2) since[$1] = $2
		next
	}
	{
		split($1, part, "@+")
		name = part[1]; node = part[2]
		if (FILENAME == interposed) {
			node_of_first = "LIBRSEQ_1.0"
		} else {
			node_of_first = node
		}
		if (!(node_of_first in since)) {
			printf "debian-symbols.sh: version node %s is not in symbol-versions\n", node_of_first > "/dev/stderr"
			failed = 1
			exit 1
		}
		line[++n] = sprintf(" %s@%s %s", name, node, since[node_of_first])
		if (!(node in nodes)) {
			nodes[node] = 1
			line[++n] = sprintf(" %s@%s %s", node, node, since[node_of_first])
		}
	}
	END {
		if (failed) exit 1
		print "librseq.so.1 librseq1 #MINVER#"
		print "* Build-Depends-Package: librseq-dev"
		fflush()
		for (i = 1; i <= n; i++) print line[i] | "LC_ALL=C sort"
	}
' "$abidir/symbol-versions" "$abidir/librseq.symbols" "$interposed"
