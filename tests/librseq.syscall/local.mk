# Programs and files of the syscall group (see tests/Makefile.am).
