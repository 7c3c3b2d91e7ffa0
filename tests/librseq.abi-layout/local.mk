# Programs and files of the abi-layout group (see tests/Makefile.am).
