# Programs and files of the loading group (see tests/Makefile.am).
check_PROGRAMS += \
	librseq.loading/dlopen \
	librseq.loading/static \
	librseq.loading/static-inline
# dlopen loads librseq itself: it must not be linked with it.
librseq_loading_dlopen_LDADD =
# No ld.so, hence no glibc __rseq_* symbols unless libc.a defines them.
librseq_loading_static_LDFLAGS = -all-static
librseq_loading_static_inline_LDFLAGS = -all-static
EXTRA_DIST += librseq.loading/loading.exp
