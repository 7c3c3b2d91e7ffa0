/* SPDX-License-Identifier: MIT */
/* One function per critical section (see sequences.h), kept out of line so
   that each appears exactly once in the object and cross.exp can count
   them.  Needs nothing from libc but what <rseq/rseq.h> needs, so that it
   also compiles -ffreestanding for targets without their libc.

   SEQ_INJECT puts an instruction that writes the architecture's injection
   scratch register at every injection point, as stress tests do, and counts
   aborts through RSEQ_INJECT_FAILED.  */
#ifdef SEQ_INJECT
# if defined(__x86_64__) || defined(__i386__)
#  define SEQ_INJECT_INSN(n)	"movl $" #n ", %%eax\n\t"
#  define RSEQ_INJECT_CLOBBER	, "eax"
# elif defined(__aarch64__)
#  define SEQ_INJECT_INSN(n)	"mov " RSEQ_ASM_TMP_REG32 ", #" #n "\n\t"
# elif defined(__arm__)
#  define SEQ_INJECT_INSN(n)	"mov " RSEQ_ASM_TMP_REG ", #" #n "\n\t"
# elif defined(__powerpc__)
#  define SEQ_INJECT_INSN(n)	"li %%" RSEQ_ASM_TMP_REG ", " #n "\n\t"
# elif defined(__s390__)
#  define SEQ_INJECT_INSN(n)	"lhi %%" RSEQ_ASM_TMP_REG ", " #n "\n\t"
# elif defined(__loongarch__)
#  define SEQ_INJECT_INSN(n)	"addi.d " RSEQ_ASM_TMP_REG ", $r0, " #n "\n\t"
# else	/* riscv, mips */
#  define SEQ_INJECT_INSN(n)	"li " RSEQ_ASM_TMP_REG ", " #n "\n\t"
# endif
# ifndef RSEQ_INJECT_CLOBBER
#  define RSEQ_INJECT_CLOBBER	, RSEQ_ASM_TMP_REG
# endif
# define RSEQ_INJECT_ASM(n)	SEQ_INJECT_INSN(n)
# define RSEQ_INJECT_FAILED	seq_aborts++;
extern int seq_aborts;
#endif
#include <rseq/rseq.h>
#include "sequences.h"

int seq_aborts;

void seq_init(struct seq_data *d)
{
	unsigned int i;

	d->v = (intptr_t) d->node;
	d->v2 = 2;
	d->load = 0;
	d->node[0] = 0;
	d->node[1] = 42;
	d->base = (intptr_t) d->counters;
	d->counters[0] = d->counters[1] = 0;
	for (i = 0; i < sizeof(d->src); i++) {
		d->dst[i] = 0;
		d->src[i] = (char) ('a' + i);
	}
}

#define SEQ(name, call)								\
	static __attribute__((noinline)) int name(struct seq_data *d, int cpu)	\
	{									\
		return call;							\
	}

/* v holds the address of a list node: what the list pop needs, and what
   the other operations compare it with.  */
#define V	((intptr_t) d->node)

#define SEQ_RELAXED(mode, suffix)						\
	SEQ(cbne_store_relaxed_##suffix,					\
	    rseq_load_cbne_store__ptr(RSEQ_MO_RELAXED, mode, &d->v, V, 3, cpu))	\
	SEQ(pop_relaxed_##suffix,						\
	    rseq_load_cbeq_store_add_load_store__ptr(RSEQ_MO_RELAXED, mode, &d->v, 0,	\
						     sizeof(intptr_t), &d->load, cpu))		\
	SEQ(add_store_relaxed_##suffix,						\
	    rseq_load_add_store__ptr(RSEQ_MO_RELAXED, mode, &d->v, 5, cpu))	\
	SEQ(deref_add_relaxed_##suffix,						\
	    rseq_load_add_load_load_add_store__ptr(RSEQ_MO_RELAXED, mode, &d->base,	\
						   sizeof(intptr_t), 7, cpu))	\
	SEQ(cbne_cbne_store_relaxed_##suffix,					\
	    rseq_load_cbne_load_cbne_store__ptr(RSEQ_MO_RELAXED, mode, &d->v, V,	\
						&d->v2, 2, 3, cpu))

#define SEQ_BOTH_ORDERS(mo, mode, suffix)					\
	SEQ(cbne_store_store_##suffix,						\
	    rseq_load_cbne_store_store__ptr(mo, mode, &d->v, V, &d->v2, 4, 3, cpu))	\
	SEQ(cbne_memcpy_store_##suffix,						\
	    rseq_load_cbne_memcpy_store__ptr(mo, mode, &d->v, V, d->dst, d->src,	\
					     sizeof(d->dst), 3, cpu))

SEQ_RELAXED(RSEQ_PERCPU_CPU_ID, cpu_id)
SEQ_RELAXED(RSEQ_PERCPU_MM_CID, mm_cid)
SEQ_BOTH_ORDERS(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, relaxed_cpu_id)
SEQ_BOTH_ORDERS(RSEQ_MO_RELAXED, RSEQ_PERCPU_MM_CID, relaxed_mm_cid)
SEQ_BOTH_ORDERS(RSEQ_MO_RELEASE, RSEQ_PERCPU_CPU_ID, release_cpu_id)
SEQ_BOTH_ORDERS(RSEQ_MO_RELEASE, RSEQ_PERCPU_MM_CID, release_mm_cid)

#define CASE(fn)	{ #fn, fn }

const struct seq_case seq_cases[] = {
	CASE(cbne_store_relaxed_cpu_id),
	CASE(cbne_store_relaxed_mm_cid),
	CASE(pop_relaxed_cpu_id),
	CASE(pop_relaxed_mm_cid),
	CASE(add_store_relaxed_cpu_id),
	CASE(add_store_relaxed_mm_cid),
	CASE(deref_add_relaxed_cpu_id),
	CASE(deref_add_relaxed_mm_cid),
	CASE(cbne_cbne_store_relaxed_cpu_id),
	CASE(cbne_cbne_store_relaxed_mm_cid),
	CASE(cbne_store_store_relaxed_cpu_id),
	CASE(cbne_store_store_relaxed_mm_cid),
	CASE(cbne_store_store_release_cpu_id),
	CASE(cbne_store_store_release_mm_cid),
	CASE(cbne_memcpy_store_relaxed_cpu_id),
	CASE(cbne_memcpy_store_relaxed_mm_cid),
	CASE(cbne_memcpy_store_release_cpu_id),
	CASE(cbne_memcpy_store_release_mm_cid),
};

const int seq_case_count = sizeof(seq_cases) / sizeof(seq_cases[0]);
