/* SPDX-License-Identifier: MIT */
/* The per-CPU add loop whose cost with and without the cpu_opv fence check
   bench-cpu-opv compares.  Built twice from this one file, in two libraries
   built alike (bench/Makefile.am), so that the loops differ only in the
   sequences <rseq/rseq.h> generates: OPV_ADD_LOOP is opv_add_fenced in
   one, opv_add_unfenced with RSEQ_PERCPU_NO_FENCE in the other.  */
#include <rseq/rseq.h>
#include "cpu-opv-cases.h"

__attribute__((noinline)) unsigned long OPV_ADD_LOOP(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		int cpu;

		do
			cpu = (int) rseq_cpu_start();
		while (rseq_unlikely(rseq_load_add_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
							      &opv_counters[cpu].word, 1,
							      cpu) != 0));
	}
	return n;
}
