#!/bin/sh
# relpath.sh FROM TO PREFIX: TO as a path relative to FROM when both lie
# under PREFIX (so that they move together), else TO itself.  For the CMake
# package, which finds the headers from the library directory.
set -eu
from=${1%/} to=${2%/} prefix=${3%/}
case $from/ in "$prefix"/*) ;; *) printf '%s\n' "$to"; exit 0 ;; esac
case $to/ in "$prefix"/*) ;; *) printf '%s\n' "$to"; exit 0 ;; esac
# Climb from FROM to the longest directory it shares with TO.
common=$from up=
while :; do
	case $to/ in "$common"/*) break ;; esac
	common=${common%/*} up=../$up
done
rest=${to#"$common"}
rest=${rest#/}
printf '%s\n' "${up}${rest:-.}"
