# Programs and files of the loading group (see tests/Makefile.am).
