# Programs and files of the mempool group (see tests/Makefile.am).
check_PROGRAMS += librseq.mempool/mempool
librseq_mempool_mempool_SOURCES = \
	librseq.mempool/mempool-test.h \
	librseq.mempool/main.c \
	librseq.mempool/attr.c \
	librseq.mempool/ranges.c \
	librseq.mempool/init.c \
	librseq.mempool/values.c \
	librseq.mempool/rss.c \
	librseq.mempool/fork.c \
	librseq.mempool/threads.c \
	librseq.mempool/sets.c \
	librseq.mempool/robust.c \
	librseq.mempool/mmcid.c
# A program written for the established librseq API, unchanged.
check_PROGRAMS += librseq.mempool/compat
librseq_mempool_compat_SOURCES = librseq.mempool/compat.c
EXTRA_DIST += librseq.mempool/mempool.exp
# The percpu group's stress tests with their per-CPU data taken from pools.
check_PROGRAMS += librseq.mempool/stress
librseq_mempool_stress_SOURCES = $(librseq_percpu_stress_SOURCES)
librseq_mempool_stress_CPPFLAGS = $(AM_CPPFLAGS) -DSTRESS_MEMPOOL
librseq_mempool_stress_LDFLAGS = $(librseq_percpu_stress_LDFLAGS)
