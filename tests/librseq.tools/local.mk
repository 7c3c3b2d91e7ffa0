# Programs and files of the tools group (see tests/Makefile.am).
