/* SPDX-License-Identifier: MIT */
/* What bench-cpu-opv times: cpu_opv() with vectors of 1, 2 and 16
   operations on the caller's CPU and on another one, the
   membarrier(PRIVATE_EXPEDITED_RSEQ, FLAG_CPU) it may need, the per-CPU add
   with and without the fence check, and the add that always completes on
   its fast path and on its fallback.  */
#ifndef LIBRSEQ_BENCH_CPU_OPV_CASES_H
#define LIBRSEQ_BENCH_CPU_OPV_CASES_H

#include <stdint.h>
#include "bench.h"

/* The conditions a group is timed under: nothing else of ours running, or
   a thread of ours spinning on the remote CPU.  */
enum opv_pass { OPV_QUIET, OPV_BUSY, OPV_NR_PASSES };

/* Cases timed together (interleaved) and reported as one table; the first
   is the baseline of the table's ratios.  */
struct opv_group {
	const char *title;
	enum opv_pass pass;
	bool remote;		/* needs a second CPU */
	const struct bench_case *const *cases;
	size_t n;
};

extern const struct opv_group opv_groups[];
extern const size_t opv_group_count;
extern const struct bench_target opv_targets[];
extern const size_t opv_target_count;

/* Per CPU, a cache line: the counters of the add loops.  */
struct opv_slot {
	intptr_t word;
} __attribute__((aligned(64)));

extern struct opv_slot *opv_counters;

/* The per-CPU add loop (cpu-opv-add.c), compiled as is and with
   RSEQ_PERCPU_NO_FENCE.  */
unsigned long opv_add_fenced(unsigned long n);
unsigned long opv_add_unfenced(unsigned long n);

/* Pins this thread to the first CPU it may use, picks the second as the
   remote one, allocates the data, registers for the membarrier.  Returns
   NULL, or why nothing can be measured.  */
const char *opv_setup(void);
/* Whether C can run here (the no-rseq case needs rseq() to give this
   thread's area back and forth).  */
bool opv_case_available(const struct bench_case *c);
bool opv_can_unregister(void);
/* Whether a second CPU may be used: the remote groups need it.  */
bool opv_have_remote(void);
int opv_local_cpu(void);
int opv_remote_cpu(void);
/* The thread that spins on the remote CPU during the OPV_BUSY pass.
   Returns NULL once it runs there, or why it cannot.  */
const char *opv_start_spinner(void);
void opv_stop_spinner(void);
/* The first call a case loop saw fail: NULL, or what failed (errno set).  */
const char *opv_failure(void);

#endif
