#!/bin/sh
# Bootstraps, builds and runs `make check' for x86_64 and for i386 (through
# the i686 cross compiler; the programs run natively), in build/<arch>.
# Both suites always run, unless the kernel cannot execute i386 programs
# (no IA32 emulation): the i386 build is then still made, its suite is not
# run, and build/i386/not-run says why in one line, which .ci/run prints.
# The exit status says whether every suite that ran passed.
# Arguments, if any, name the architectures to do (default: x86_64 i386).
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
./bootstrap >/dev/null || exit 1
status=0
for arch in ${*:-x86_64 i386}; do
	case $arch in
	x86_64) host= ;;
	i386) host=--host=i686-linux-gnu ;;
	*) echo "check-all.sh: unknown architecture $arch" >&2; exit 2 ;;
	esac
	mkdir -p "build/$arch"
	# What an earlier run left must not be counted for this one.
	rm -f "build/$arch/not-run" "build/$arch/tests/librseq.sum"
	(cd "build/$arch" && "$top/configure" --enable-werror $host >/dev/null &&
		make -j"$jobs" >/dev/null) || { status=1; continue; }
	why=
	if [ -n "$host" ]; then
		why=$("$top/build-aux/probe-exec.sh" "build/$arch" "$host") || status=1
	fi
	if [ -n "$why" ]; then
		echo "$arch: not run: $why" | tee "build/$arch/not-run"
		continue
	fi
	make -C "build/$arch" -j"$jobs" check || status=1
	echo "== $arch: $(grep -E '^# of (expected passes|unexpected failures)' "build/$arch/tests/librseq.sum" 2>/dev/null | tr '\n\t' '  ')"
done
exit $status
