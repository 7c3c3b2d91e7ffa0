#!/bin/sh
# check-abi.sh check|update LIBRARY ARCH ABIDIR
#
# The ABI record of librseq.so.1: ABIDIR/librseq.symbols lists every exported
# symbol with its version and type (the same on every architecture),
# ABIDIR/ARCH/interposed.symbols the libc functions librseq interposes under
# glibc's versions for that architecture (nptl-hooks), and
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
interposed=$abidir/$arch/interposed.symbols
baseline=$abidir/$arch/librseq.so.1.abi

# Defined dynamic symbols as "name@@version TYPE", sorted.  Skipped: the
# absolute symbols some linkers emit for version nodes themselves.
defined_symbols() {
	"$READELF" --dyn-syms -W "$1" |
		awk '$1 ~ /^[0-9]+:$/ && $7 != "UND" && $5 != "LOCAL" && $8 != "" &&
		     !($7 == "ABS" && $8 ~ /^(LIBRSEQ|GLIBC)_[0-9.]*$/) { print $8, $4 }' |
		sort
}

# librseq's own symbols, and those it defines under glibc's versions.
exported_symbols() {
	defined_symbols "$1" | grep -v '@GLIBC_'
}
interposed_symbols() {
	defined_symbols "$1" | grep '@GLIBC_'
}

# Compares the output of a listing function for the library with a record
# file, as one PASS or FAIL line; returns 1 on a difference.
compare_list() {
	list=$1 record=$2 what=$3
	if [ -f "$record" ] && $list "$lib" | diff -u "$record" - > symbols.diff 2>&1; then
		echo "PASS: $what"
		rm -f symbols.diff
		return 0
	fi
	echo "FAIL: $what"
	[ -f "$record" ] || echo "NOTE: $record is missing"
	[ -f symbols.diff ] && sed 's/^/NOTE: /' symbols.diff
	rm -f symbols.diff
	return 1
}

# abidw without the build-specific paths (absolute, or relative to a build
# directory), so that the record does not depend on where the tree was
# built.
describe() {
	top=$(cd "$abidir/.." && pwd)
	"$ABIDW" --no-show-locs --no-comp-dir-path --no-corpus-path "$1" |
		sed -e "s|path='$top/|path='|" -e "s|path='\\(\\.\\./\\)*|path='|"
}

has_debug_info() {
	"$READELF" -S -W "$1" | grep -q '\.debug_info'
}

case $mode in
update)
	has_debug_info "$lib" || { echo "update-abi: $lib has no debug info (build with -g)" >&2; exit 1; }
	mkdir -p "$abidir/$arch"
	exported_symbols "$lib" > "$symbols.tmp" && mv "$symbols.tmp" "$symbols"
	interposed_symbols "$lib" > "$interposed.tmp" && mv "$interposed.tmp" "$interposed"
	describe "$lib" > "$baseline.tmp" && mv "$baseline.tmp" "$baseline"
	echo "updated $symbols, $interposed and $baseline: review with git diff"
	;;
check)
	status=0
	compare_list exported_symbols "$symbols" \
		"exported symbols and versions match abi/librseq.symbols" || status=1
	compare_list interposed_symbols "$interposed" \
		"interposed libc symbols match abi/$arch/interposed.symbols" || status=1
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
