#!/bin/sh
# check-abi.sh check|update LIBRARY ARCH ABIDIR
#
# The ABI record of librseq.so.1: ABIDIR/librseq.symbols lists every exported
# symbol with its version and type (the same on every architecture), and
# ABIDIR/ARCH/librseq.so.1.abi is libabigail's description of the library's
# types and functions.
#   check   prints one "PASS: ..." or "FAIL: ..." line per comparison (read
#           by the abi test group) and exits 1 if any failed;
#   update  rewrites the record from LIBRARY, for a deliberate ABI change
#           (review the diff, and add new symbols to a new version node).
# Uses $ABIDW, $ABIDIFF and $READELF when set.
set -u
mode=$1 lib=$2 arch=$3 abidir=$4
: "${ABIDW:=abidw}" "${ABIDIFF:=abidiff}" "${READELF:=readelf}"
symbols=$abidir/librseq.symbols
baseline=$abidir/$arch/librseq.so.1.abi

# Defined dynamic symbols as "name@@version TYPE", sorted.  Skipped: the
# absolute symbols some linkers emit for version nodes themselves.
exported_symbols() {
	"$READELF" --dyn-syms -W "$1" |
		awk '$1 ~ /^[0-9]+:$/ && $7 != "UND" && $5 != "LOCAL" && $8 != "" &&
		     !($7 == "ABS" && $8 ~ /^LIBRSEQ_[0-9.]*$/) { print $8, $4 }' |
		sort
}

# abidw without the build-specific paths, so that the record does not depend
# on where the tree was built.
describe() {
	top=$(cd "$abidir/.." && pwd)
	"$ABIDW" --no-show-locs --no-comp-dir-path --no-corpus-path "$1" |
		sed "s|path='$top/|path='|"
}

has_debug_info() {
	"$READELF" -S -W "$1" | grep -q '\.debug_info'
}

case $mode in
update)
	has_debug_info "$lib" || { echo "update-abi: $lib has no debug info (build with -g)" >&2; exit 1; }
	mkdir -p "$abidir/$arch"
	exported_symbols "$lib" > "$symbols.tmp" && mv "$symbols.tmp" "$symbols"
	describe "$lib" > "$baseline.tmp" && mv "$baseline.tmp" "$baseline"
	echo "updated $symbols and $baseline: review with git diff"
	;;
check)
	status=0
	if exported_symbols "$lib" | diff -u "$symbols" - > symbols.diff 2>&1; then
		echo "PASS: exported symbols and versions match abi/librseq.symbols"
	else
		echo "FAIL: exported symbols and versions match abi/librseq.symbols"
		sed 's/^/NOTE: /' symbols.diff
		status=1
	fi
	rm -f symbols.diff
	if [ ! -f "$baseline" ]; then
		echo "FAIL: libabigail baseline $arch/librseq.so.1.abi exists"
		status=1
	elif ! has_debug_info "$lib"; then
		echo "FAIL: $lib has debug info for abidiff (build with -g)"
		status=1
	else
		# --no-added-syms: additions are reviewed through librseq.symbols
		# above; abidiff judges changes to what was already there.
		out=$("$ABIDIFF" --no-added-syms "$baseline" "$lib" 2>&1)
		rc=$?
		if [ $rc -eq 0 ]; then
			echo "PASS: abidiff against the $arch baseline finds no change"
		else
			echo "FAIL: abidiff against the $arch baseline finds no change (status $rc)"
			printf '%s\n' "$out" | sed 's/^/NOTE: /'
			status=1
		fi
	fi
	exit $status
	;;
*)
	echo "usage: check-abi.sh check|update LIBRARY ARCH ABIDIR" >&2
	exit 2
	;;
esac
