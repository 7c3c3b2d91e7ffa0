# Programs and libraries of the protocol group (see tests/Makefile.am).
check_PROGRAMS += librseq.protocol/program
librseq_protocol_program_SOURCES = \
	librseq.protocol/program.c librseq.protocol/mix.c librseq.protocol/mix.h \
	librseq.protocol/participant.h
EXTRA_DIST += librseq.protocol/protocol.exp
