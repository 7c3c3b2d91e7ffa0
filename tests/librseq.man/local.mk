# Programs and files of the man group (see tests/Makefile.am).  The group
# checks the pages in ../man, which `make check' builds first (`all').
EXTRA_DIST += librseq.man/man.exp
