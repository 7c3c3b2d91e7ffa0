# Programs and files of the abi-layout group (see tests/Makefile.am).
check_PROGRAMS += librseq.abi-layout/layout
librseq_abi_layout_layout_SOURCES = \
	librseq.abi-layout/layout.c \
	librseq.abi-layout/upstream.c \
	librseq.abi-layout/facts.h
# Only the headers are under test here, not the library.
librseq_abi_layout_layout_LDADD =
EXTRA_DIST += \
	librseq.abi-layout/abi-layout.exp \
	librseq.abi-layout/headers.c \
	librseq.abi-layout/public-inlines.tcl
