# Programs and files of the percpu group (see tests/Makefile.am).
check_PROGRAMS += \
	librseq.percpu/stress \
	librseq.percpu/ops \
	librseq.percpu/ops-twice \
	librseq.percpu/ref-ip
librseq_percpu_stress_SOURCES = \
	lib/inject.h lib/inject-asm.h \
	librseq.percpu/stress.c \
	librseq.percpu/stress.h \
	librseq.percpu/counter.c \
	librseq.percpu/spinlock.c \
	librseq.percpu/pool.c \
	librseq.percpu/pool.h \
	librseq.percpu/list.c \
	librseq.percpu/buffer.c \
	librseq.percpu/memcpy-buffer.c \
	librseq.percpu/offset.c \
	librseq.percpu/opv-count.c
# opv-count.c counts the helpers' calls of the _opv forms.
librseq_percpu_stress_LDFLAGS = $(AM_LDFLAGS) \
	-Wl,--wrap=rseq_load_cbne_store__ptr_opv \
	-Wl,--wrap=rseq_load_cbeq_store_add_load_store__ptr_opv \
	-Wl,--wrap=rseq_load_add_store__ptr_opv \
	-Wl,--wrap=rseq_load_add_load_load_add_store__ptr_opv \
	-Wl,--wrap=rseq_load_cbne_store_store__ptr_opv \
	-Wl,--wrap=rseq_load_cbne_load_cbne_store__ptr_opv \
	-Wl,--wrap=rseq_load_cbne_memcpy_store__ptr_opv
librseq_percpu_ops_SOURCES = \
	lib/inject.h lib/inject-asm.h \
	librseq.percpu/ops.c \
	librseq.percpu/ops.h \
	librseq.percpu/ops-table.c \
	librseq.percpu/ops-bounds.c \
	librseq.percpu/ops-stop.h \
	librseq.percpu/ops-hwbp.c \
	librseq.percpu/ops-trace.c \
	librseq.percpu/ops-trace-arch.h
# The same checks with the debug option that repeats the comparisons.
librseq_percpu_ops_twice_SOURCES = $(librseq_percpu_ops_SOURCES)
librseq_percpu_ops_twice_CPPFLAGS = $(AM_CPPFLAGS) -DRSEQ_COMPARE_TWICE
EXTRA_DIST += librseq.percpu/percpu.exp
