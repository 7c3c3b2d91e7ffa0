#!/bin/sh
# probe-exec.sh BUILDDIR: whether this kernel runs the programs of the build
# in BUILDDIR (one configured for another ABI, such as i386 on x86_64).
# Prints nothing when it does, else the reason in one line.  Exits non-zero
# only when the probe itself could not be built.
# LIBRSEQ_TEST_ABSENT=exec-32bit (or all) makes the answer "no", so that
# the path taken on a kernel without IA32 emulation runs anywhere.
set -u
dir=$1
case ",${LIBRSEQ_TEST_ABSENT-}," in
*,all,* | *,exec-32bit,*)
	echo "this kernel cannot execute 32-bit programs (forced absent by LIBRSEQ_TEST_ABSENT)"
	exit 0 ;;
esac
cc=$(sed -n 's/^CC = //p' "$dir/Makefile")
[ -n "$cc" ] || { echo "no CC in $dir/Makefile" >&2; exit 1; }
probe="$dir/probe-exec"
printf '#include <stdio.h>\nint main(void) { puts("ran"); return 0; }\n' >"$probe.c"
$cc -o "$probe" "$probe.c" || { echo "$cc cannot build a program" >&2; exit 1; }
# A native launcher reports execve()'s own errno: a shell, or execvp(),
# would run a program of an unknown format as a script and print a syntax
# error instead.
printf '%s\n' '#include <stdio.h>' '#include <string.h>' '#include <errno.h>' \
	'#include <unistd.h>' \
	'int main(int c, char **v) { (void) c; execv(v[1], v + 1);' \
	'  printf("exec: %s\n", strerror(errno)); return 127; }' >"$probe-launch.c"
${BUILD_CC:-cc} -o "$probe-launch" "$probe-launch.c" ||
	{ echo "${BUILD_CC:-cc} cannot build a program" >&2; exit 1; }
out=$("$probe-launch" "$probe" 2>&1)
# The ELF class byte: 1 for a 32-bit program.
class=$(od -An -tu1 -j4 -N1 "$probe" | tr -d ' ')
rm -f "$probe-launch" "$probe-launch.c" "$probe" "$probe.c"
[ "$out" = ran ] && exit 0
what="this build's programs"
[ "$class" = 1 ] && what="32-bit programs"
case $out in
*"Exec format error"*)
	echo "this kernel cannot execute $what (exec: Exec format error)" ;;
*)
	echo "this build's programs do not run here: $(echo "$out" | head -1)" ;;
esac
