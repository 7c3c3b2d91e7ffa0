# Programs and libraries of the hooks group (see tests/Makefile.am).
check_PROGRAMS += \
	librseq.hooks/dlopen-only \
	librseq.hooks/exit-release \
	librseq.hooks/first-statement \
	librseq.hooks/from-library \
	librseq.hooks/unlinked \
	librseq.hooks/versions
librseq_hooks_first_statement_SOURCES = librseq.hooks/first-statement.cpp
librseq_hooks_unlinked_SOURCES = librseq.hooks/unlinked.cpp
# Not linked with librseq: LD_PRELOAD or dlopen() brings it in.
librseq_hooks_unlinked_LDADD =
librseq_hooks_dlopen_only_LDADD =
# A library that creates threads and does not link librseq.
check_LTLIBRARIES += librseq.hooks/libspawn.la
librseq_hooks_libspawn_la_SOURCES = librseq.hooks/spawn.c librseq.hooks/spawn.h
librseq_hooks_libspawn_la_LDFLAGS = -rpath /nowhere -avoid-version
librseq_hooks_libspawn_la_LIBADD =
librseq_hooks_from_library_LDADD = librseq.hooks/libspawn.la $(LDADD)
EXTRA_DIST += librseq.hooks/hooks.exp
