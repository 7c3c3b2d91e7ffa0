# Programs and files of the cpu group (see tests/Makefile.am).
check_PROGRAMS += \
	librseq.cpu/cpu \
	librseq.cpu/mm-cid \
	librseq.cpu/unreadable-possible
EXTRA_DIST += librseq.cpu/cpu.exp
