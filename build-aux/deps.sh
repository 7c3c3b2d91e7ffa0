#!/bin/sh
# Installs what building and testing librseq needs on Debian 12 (as root, or
# through sudo).  Does nothing for packages already present.
# The cross compilers (each brings its target's libc6-dev) and qemu-user are
# for the cross test group: about 390 MB, a minute to fetch and install.
# gcc-multilib conflicts with them: i386 builds use the i686 cross compiler.
# clang and its fuzzer runtime build the cpu_opv fuzz target.
# cmake, meson and ninja build the consumer projects of tests/librseq.consumers;
# dpkg-dev, debhelper, fakeroot and lintian build and check the Debian packages.
# With LIBRSEQ_VM=1, also qemu-system and, through build-aux/vm-kernels.sh,
# the Debian kernels that tests/librseq.vm boots (those of
# LIBRSEQ_VM_MACHINES, or all; cached outside the tree; a kernel that cannot
# be had leaves its machine UNSUPPORTED).
set -e
pkgs="autoconf automake libtool make pkg-config g++ gcc
      dejagnu expect pandoc mandoc groff-base abigail-tools valgrind
      gcc-i686-linux-gnu g++-i686-linux-gnu libc6-i386 lib32stdc++6
      libc6-dev clang libclang-rt-14-dev
      cmake meson ninja-build dpkg-dev debhelper fakeroot lintian
      qemu-user g++-aarch64-linux-gnu g++-arm-linux-gnueabihf
      g++-powerpc64le-linux-gnu g++-powerpc-linux-gnu g++-riscv64-linux-gnu
      g++-s390x-linux-gnu g++-mipsel-linux-gnu g++-mips64el-linux-gnuabi64"
[ "${LIBRSEQ_VM:-}" = 1 ] &&
	pkgs="$pkgs qemu-system-x86 qemu-system-arm qemu-system-ppc qemu-system-misc
	      qemu-system-mips"
vm_kernels() {
	[ "${LIBRSEQ_VM:-}" = 1 ] || return 0
	# shellcheck disable=SC2086 # a list of machines
	"$(dirname "$0")/vm-kernels.sh" ${LIBRSEQ_VM_MACHINES:-} || echo "deps.sh: some VM kernels are unavailable (see above)" >&2
}
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && { vm_kernels; exit 0; }
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends $missing
vm_kernels
