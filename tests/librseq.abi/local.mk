# The ABI record check (abi/check-abi.sh) as part of make check.
EXTRA_DIST += librseq.abi/abi.exp
