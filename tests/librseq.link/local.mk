# Programs and files of the link group (see tests/Makefile.am).  link.exp
# links c-user.c itself, with the C compiler alone.
EXTRA_DIST += \
	librseq.link/link.exp \
	librseq.link/c-user.c
