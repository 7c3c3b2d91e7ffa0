# Programs and files of the link group (see tests/Makefile.am).
