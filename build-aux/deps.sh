#!/bin/sh
# Installs what building and testing librseq needs on Debian 12 (as root, or
# through sudo).  Does nothing for packages already present.
set -e
pkgs="autoconf automake libtool make pkg-config g++ gcc
      dejagnu expect pandoc mandoc groff-base abigail-tools valgrind
      gcc-i686-linux-gnu g++-i686-linux-gnu libc6-i386 lib32stdc++6
      libc6-dev"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends $missing
