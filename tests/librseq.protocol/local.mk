# Programs and libraries of the protocol group (see tests/Makefile.am).
check_PROGRAMS += librseq.protocol/program
librseq_protocol_program_SOURCES = \
	librseq.protocol/program.c librseq.protocol/mix.c librseq.protocol/mix.h \
	librseq.protocol/participant.h
# Its own flags: mix.c is also in libparticipant, built with libtool.
librseq_protocol_program_CPPFLAGS = $(AM_CPPFLAGS)
EXTRA_DIST += librseq.protocol/protocol.exp

# A participant library, linked after librseq or dlopen()ed.
check_LTLIBRARIES += librseq.protocol/libparticipant.la
librseq_protocol_libparticipant_la_SOURCES = \
	librseq.protocol/libparticipant.c librseq.protocol/libparticipant.h \
	librseq.protocol/mix.c librseq.protocol/mix.h librseq.protocol/participant.h
librseq_protocol_libparticipant_la_LDFLAGS = -rpath /nowhere -avoid-version
librseq_protocol_libparticipant_la_LIBADD = $(LDADD)

check_PROGRAMS += \
	librseq.protocol/library \
	librseq.protocol/library-dlopen \
	librseq.protocol/late \
	librseq.protocol/static \
	librseq.protocol/foreign-small \
	librseq.protocol/foreign-misaligned \
	librseq.protocol/foreign-zero
# librseq first: its definitions come before the participant's.
librseq_protocol_library_SOURCES = librseq.protocol/library.c
librseq_protocol_library_LDADD = $(LDADD) librseq.protocol/libparticipant.la
librseq_protocol_library_dlopen_SOURCES = librseq.protocol/library.c
librseq_protocol_library_dlopen_CPPFLAGS = $(AM_CPPFLAGS) -DPARTICIPANT_DLOPEN
librseq_protocol_library_dlopen_LDADD = $(LDADD) -ldl
# Not linked with librseq, which it dlopen()s; exports its definitions.
librseq_protocol_late_SOURCES = librseq.protocol/late.c
librseq_protocol_late_LDADD = -ldl
librseq_protocol_late_LDFLAGS = $(AM_LDFLAGS) -export-dynamic
librseq_protocol_static_SOURCES = librseq.protocol/static.c
librseq_protocol_static_LDFLAGS = -all-static
librseq_protocol_foreign_small_SOURCES = librseq.protocol/foreign.c
librseq_protocol_foreign_small_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFOREIGN_SIZE=16 -DFOREIGN_OFFSET=0 -DFOREIGN_CPU_ID=-1
librseq_protocol_foreign_misaligned_SOURCES = librseq.protocol/foreign.c
librseq_protocol_foreign_misaligned_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFOREIGN_SIZE=32 -DFOREIGN_OFFSET=8 -DFOREIGN_CPU_ID=-1
librseq_protocol_foreign_zero_SOURCES = librseq.protocol/foreign.c
librseq_protocol_foreign_zero_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFOREIGN_SIZE=32 -DFOREIGN_OFFSET=0 -DFOREIGN_CPU_ID=0
