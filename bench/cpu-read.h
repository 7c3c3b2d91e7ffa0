/* SPDX-License-Identifier: MIT */
/* The ways to learn the current CPU, as benchmark cases, from the floor (an
   empty loop plus one TLS load) to the getcpu system call.  */
#ifndef LIBRSEQ_BENCH_CPU_READ_H
#define LIBRSEQ_BENCH_CPU_READ_H

#include "bench.h"

extern const struct bench_case bench_empty_loop;
extern const struct bench_case bench_tls_load;
extern const struct bench_case bench_rseq_current_cpu_raw;
extern const struct bench_case bench_rseq_current_cpu;
extern const struct bench_case bench_rseq_sched_getcpu;
extern const struct bench_case bench_libc_sched_getcpu;
extern const struct bench_case bench_vdso_getcpu;
extern const struct bench_case bench_getcpu_syscall;

/* Every case, in table order; and the short list rseq-info shows.  */
extern const struct bench_case *const bench_cpu_read_all[];
extern const size_t bench_cpu_read_all_count;
extern const struct bench_case *const bench_cpu_read_quick[];
extern const size_t bench_cpu_read_quick_count;

/* What rseq_current_cpu() is meant to achieve.  */
extern const struct bench_target bench_cpu_read_targets[];
extern const size_t bench_cpu_read_target_count;

/* The results depend on who registered the thread: "libc", "librseq",
   "none" or "other" for an rseq_owner() value.  */
const char *bench_owner_name(int owner);

/* Fills REPORT for results of one of the lists above (baseline:
   rseq_current_cpu()).  */
void bench_cpu_read_report(struct bench_report *report,
			   const struct bench_settings *settings,
			   const struct bench_result *results, size_t n);

#endif
