#!/bin/sh
# Bootstraps, builds and runs `make check' for x86_64 and for i386 (through
# the i686 cross compiler; the programs run natively), in build/<arch>.
# Both suites always run; the exit status says whether both passed.
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
./bootstrap >/dev/null || exit 1
status=0
for arch in x86_64 i386; do
	case $arch in
	i386) host=--host=i686-linux-gnu ;;
	*) host= ;;
	esac
	mkdir -p "build/$arch"
	(
		cd "build/$arch" &&
		"$top/configure" --enable-werror $host >/dev/null &&
		make -j"$jobs" >/dev/null &&
		make -j"$jobs" check
	) || status=1
	echo "== $arch: $(grep -E '^# of (expected passes|unexpected failures)' "build/$arch/tests/librseq.sum" 2>/dev/null | tr '\n\t' '  ')"
done
exit $status
