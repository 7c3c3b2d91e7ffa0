# Programs and libraries of the sharing group (see tests/Makefile.am).
# libshare-a and libshare-b: one source, two libraries, each linked with
# librseq; libraw: makes the rseq() system call itself.
check_LTLIBRARIES += \
	librseq.sharing/libshare-a.la \
	librseq.sharing/libshare-b.la \
	librseq.sharing/libraw.la
librseq_sharing_libshare_a_la_SOURCES = librseq.sharing/share.c librseq.sharing/share.h
librseq_sharing_libshare_a_la_CPPFLAGS = $(AM_CPPFLAGS) -DSHARE_PREFIX=share_a
librseq_sharing_libshare_a_la_LDFLAGS = -rpath /nowhere -avoid-version
librseq_sharing_libshare_a_la_LIBADD = $(LDADD)
librseq_sharing_libshare_b_la_SOURCES = librseq.sharing/share.c librseq.sharing/share.h
librseq_sharing_libshare_b_la_CPPFLAGS = $(AM_CPPFLAGS) -DSHARE_PREFIX=share_b
librseq_sharing_libshare_b_la_LDFLAGS = -rpath /nowhere -avoid-version
librseq_sharing_libshare_b_la_LIBADD = $(LDADD)
librseq_sharing_libraw_la_SOURCES = librseq.sharing/raw.c librseq.sharing/share.h
librseq_sharing_libraw_la_LDFLAGS = -rpath /nowhere -avoid-version
librseq_sharing_libraw_la_LIBADD =

check_PROGRAMS += \
	librseq.sharing/interleave \
	librseq.sharing/preinit-foreign
librseq_sharing_interleave_LDADD = \
	librseq.sharing/libshare-a.la librseq.sharing/libshare-b.la \
	librseq.sharing/libraw.la $(LDADD)
librseq_sharing_preinit_foreign_LDADD = librseq.sharing/libraw.la $(LDADD)
EXTRA_DIST += librseq.sharing/sharing.exp
