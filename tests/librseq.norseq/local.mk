# Programs and files of the norseq group (see tests/Makefile.am).
