/* SPDX-License-Identifier: MIT */
/* The per-CPU operations against the usual alternatives, as benchmark
   cases: counter add, spinlock lock/unlock, list pop/push; each at 1 and at
   2 threads (the second thread on another CPU, running the same loop at
   the same time: ns/call is then per operation of one thread).  */
#ifndef LIBRSEQ_BENCH_PERCPU_CASES_H
#define LIBRSEQ_BENCH_PERCPU_CASES_H

#include "bench.h"

/* Cases that compare with each other: one family at one thread count, the
   rseq case first (the baseline of the group's ratios).  */
struct percpu_group {
	const char *title;
	int threads;
	const struct bench_case *const *cases;
	size_t n;
	bool mm_cid;		/* needs the kernel to keep mm_cid */
};

extern const struct percpu_group percpu_groups[];
extern const size_t percpu_group_count;

/* What the rseq counter is meant to achieve against a global atomic.  */
extern const struct bench_target percpu_targets[];
extern const size_t percpu_target_count;

/* Allocates the data and pins this thread to the first CPU it may use.
   Returns NULL, or why the cases cannot run (this thread is not
   registered: every rseq operation would abort forever).  */
const char *percpu_setup(void);
/* The second thread, on another CPU, for the 2-thread cases: it spins
   while it waits for work, so start it only for them.  Returns NULL, or
   why it cannot run.  */
const char *percpu_start_second(void);
void percpu_stop_second(void);
/* Runs LOOP(N) on this thread and on the second one at the same time;
   returns what this thread's loop returned.  */
unsigned long percpu_on_two_threads(unsigned long (*loop)(unsigned long), unsigned long n);
/* Whether the two threads share one CPU (only one is allowed).  */
bool percpu_one_cpu(void);

#endif
