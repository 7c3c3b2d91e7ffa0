# Programs and files of the cross group (see tests/Makefile.am).  cross.exp
# builds the cross-compiled programs itself; generic is the host's check
# that RSEQ_ARCH_GENERIC selects the fallback.
check_PROGRAMS += librseq.cross/generic
librseq_cross_generic_SOURCES = \
	librseq.cross/run.c \
	librseq.cross/sequences.c \
	librseq.cross/sequences.h
librseq_cross_generic_CPPFLAGS = $(AM_CPPFLAGS) -DRSEQ_ARCH_GENERIC -DSEQ_INJECT
EXTRA_DIST += librseq.cross/cross.exp

# cross.exp builds the other architectures' objects and programs in
# librseq.cross/out/.
clean-local: clean-cross-out
clean-cross-out:
	rm -rf librseq.cross/out
.PHONY: clean-cross-out
