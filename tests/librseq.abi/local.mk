# Programs and files of the abi group (see tests/Makefile.am).
