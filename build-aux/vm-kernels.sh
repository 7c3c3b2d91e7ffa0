#!/bin/sh
# Fetches the Debian 12 kernels that tests/librseq.vm boots, by package
# name, and keeps only what qemu needs to boot them: the kernel image and
# its configuration.  No module is kept: the machines have no disk and no
# network, and their serial consoles are built into every kernel used (this
# script checks the configuration and refuses a kernel that lacks one).
#
#   build-aux/vm-kernels.sh [MACHINE...]
#
# MACHINE is <debian-arch>-<series>, e.g. amd64-6.1 or arm64-6.12-rt; the
# default is every machine of the matrix.  Each one goes to
#   ${LIBRSEQ_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/librseq-vm}/<machine>/
# as kernel, config, package (the package name and version) and release
# (uname -r).  A machine that already has them is left alone.  One that
# cannot be had gets a file named unavailable, holding the reason in one
# line, which the test group reports as UNSUPPORTED; the others go on.
# Foreign architectures are added to dpkg (dpkg --add-architecture), which
# needs root, or sudo.  Exit status: 0 when every machine asked for is
# there.
set -u
cache=${LIBRSEQ_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/librseq-vm}
all="amd64-6.1 i386-6.1 arm64-6.1 armhf-6.1 ppc64el-6.1 s390x-6.1 mips64el-6.1
     amd64-6.12 amd64-6.12-rt arm64-6.12 arm64-6.12-rt"
[ $# -gt 0 ] || set -- $all

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
native=$(dpkg --print-architecture)
updated=

# The package that holds MACHINE's kernel, as "name:arch", or nothing.
package_of() {
	arch=${1%%-*}
	series=${1#*-}
	case $series in
	6.1)
		case $arch in
		amd64) meta=linux-image-amd64 ;;
		i386) meta=linux-image-686-pae ;;
		arm64) meta=linux-image-arm64 ;;
		armhf) meta=linux-image-armmp-lpae ;;
		ppc64el) meta=linux-image-powerpc64le ;;
		s390x) meta=linux-image-s390x ;;
		mips64el) meta=linux-image-5kc-malta ;;
		*) return ;;
		esac
		# The metapackage depends on the versioned package.
		apt-cache depends "$meta:$arch" 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-image-6\.1\.[^ :]*\).*/\1/p' | head -n 1 |
			sed "s/\$/:$arch/"
		;;
	6.12 | 6.12-rt)
		flavour=$arch
		[ "$series" = 6.12-rt ] && flavour=rt-$arch
		# linux-image-6.12.<n>+deb12-<flavour>[-unsigned]: the newest.
		apt-cache search --names-only "^linux-image-6\\.12\\.[0-9]+\\+deb12-$flavour(-unsigned)?\$" \
			2>/dev/null | cut -d' ' -f1 |
			sed 's/^linux-image-6\.12\.\([0-9]*\)\(.*\)/\1 &/' | sort -n | tail -n 1 |
			cut -d' ' -f2 | sed "s/\$/:$arch/"
		;;
	esac
}

# The configuration options the machine must have built in.
required_options() {
	echo CONFIG_RSEQ CONFIG_BLK_DEV_INITRD CONFIG_DEVTMPFS CONFIG_PROC_FS CONFIG_SYSFS \
		CONFIG_SMP
	case ${1%%-*} in
	amd64 | i386 | mips64el) echo CONFIG_SERIAL_8250_CONSOLE ;;
	arm64 | armhf) echo CONFIG_SERIAL_AMBA_PL011_CONSOLE ;;
	ppc64el) echo CONFIG_HVC_CONSOLE ;;
	s390x) echo CONFIG_SCLP_CONSOLE ;;
	esac
}

unavailable() {
	echo "$2" >"$cache/$1/unavailable"
	echo "$1: unavailable: $2" >&2
	status=1
}

status=0
for machine in "$@"; do
	dir=$cache/$machine
	mkdir -p "$dir" || exit 1
	arch=${machine%%-*}
	if [ "$arch" != "$native" ] && ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
		$sudo dpkg --add-architecture "$arch" && updated=
	fi
	if [ -z "$updated" ]; then
		$sudo apt-get update -qq >/dev/null 2>&1 || echo "apt-get update failed" >&2
		updated=1
	fi
	pkg=$(package_of "$machine")
	if [ -z "$pkg" ]; then
		unavailable "$machine" "no Debian 12 kernel package found for $machine"
		continue
	fi
	version=$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: //p')
	if [ -f "$dir/kernel" ] && [ "$(cat "$dir/package" 2>/dev/null)" = "$pkg $version" ]; then
		rm -f "$dir/unavailable"
		continue
	fi
	tmp=$(mktemp -d) || exit 1
	if ! (cd "$tmp" && apt-get download -qq "$pkg" >/dev/null 2>"$tmp/err"); then
		unavailable "$machine" "apt-get download $pkg failed: $(head -c 200 "$tmp/err" | tr '\n' ' ')"
		rm -rf "$tmp"
		continue
	fi
	mkdir "$tmp/x"
	dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp/x" --wildcards './boot/*' 2>/dev/null
	image=$(ls "$tmp"/x/boot/vmlinuz-* "$tmp"/x/boot/vmlinux-* 2>/dev/null | head -n 1)
	config=$(ls "$tmp"/x/boot/config-* 2>/dev/null | head -n 1)
	if [ -z "$image" ] || [ -z "$config" ]; then
		unavailable "$machine" "$pkg holds no /boot/vmlinu[xz]-* or /boot/config-*"
		rm -rf "$tmp"
		continue
	fi
	missing=
	for option in $(required_options "$machine"); do
		grep -qx "$option=y" "$config" || missing="$missing $option"
	done
	if [ -n "$missing" ]; then
		unavailable "$machine" "$pkg lacks built-in$missing"
		rm -rf "$tmp"
		continue
	fi
	cp "$image" "$dir/kernel" && cp "$config" "$dir/config" &&
		echo "${config##*/config-}" >"$dir/release" &&
		echo "$pkg $version" >"$dir/package" && rm -f "$dir/unavailable" ||
		unavailable "$machine" "cannot write to $dir"
	rm -rf "$tmp"
	echo "$machine: $(cat "$dir/package")"
done
exit $status
