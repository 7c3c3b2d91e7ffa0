# Programs and files of the man group (see tests/Makefile.am).
