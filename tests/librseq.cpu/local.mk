# Programs and files of the cpu group (see tests/Makefile.am).
