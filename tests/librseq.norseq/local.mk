# Programs and files of the norseq group (see tests/Makefile.am).
check_PROGRAMS += librseq.norseq/norseq
EXTRA_DIST += librseq.norseq/norseq.exp
