/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include <sched.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <rseq/rseq.h>
#include "cpu-read.h"

/* Each case is its own function so that its loop can be found in the
   disassembly.  The empty asm makes SUM opaque, so the loop can be neither
   vectorized nor folded into a closed form; it has no memory clobber, so the
   loads that do not change from one call to the next (the thread pointer,
   rseq_offset) may still be hoisted, as they would be in real code.  */
#define CPU_READ_LOOP(name, expr)					\
	static __attribute__((noinline)) unsigned long name(unsigned long n) \
	{								\
		unsigned long sum = 0;					\
		for (unsigned long i = 0; i < n; i++) {			\
			sum += (unsigned long) (expr);			\
			__asm__ __volatile__("" : "+r" (sum));		\
		}							\
		return sum;						\
	}

/* Initial-exec, like librseq's own area: one %fs/%gs-relative load.  */
static __thread int tls_word __attribute__((tls_model("initial-exec")));

static unsigned int getcpu_syscall(void)
{
	unsigned int cpu = 0;

	syscall(SYS_getcpu, &cpu, NULL, NULL);
	return cpu;
}

CPU_READ_LOOP(loop_empty, 0)
CPU_READ_LOOP(loop_tls_load, RSEQ_READ_ONCE(tls_word))
CPU_READ_LOOP(loop_rseq_current_cpu_raw, rseq_current_cpu_raw())
CPU_READ_LOOP(loop_rseq_current_cpu, rseq_current_cpu())
CPU_READ_LOOP(loop_rseq_sched_getcpu, rseq_sched_getcpu())
CPU_READ_LOOP(loop_libc_sched_getcpu, sched_getcpu())
CPU_READ_LOOP(loop_vdso_getcpu, rseq_fallback_current_cpu())
CPU_READ_LOOP(loop_getcpu_syscall, getcpu_syscall())

#ifdef __GLIBC__
# define LIBC_NAME "glibc"
#else
# define LIBC_NAME "libc"
#endif

const struct bench_case bench_empty_loop = {
	"empty_loop", "empty loop", loop_empty };
const struct bench_case bench_tls_load = {
	"tls_load", "empty loop + TLS load", loop_tls_load };
const struct bench_case bench_rseq_current_cpu_raw = {
	"rseq_current_cpu_raw", "rseq_current_cpu_raw()", loop_rseq_current_cpu_raw };
const struct bench_case bench_rseq_current_cpu = {
	"rseq_current_cpu", "rseq_current_cpu()", loop_rseq_current_cpu };
const struct bench_case bench_rseq_sched_getcpu = {
	"rseq_sched_getcpu", "rseq_sched_getcpu()", loop_rseq_sched_getcpu };
const struct bench_case bench_libc_sched_getcpu = {
	"sched_getcpu", LIBC_NAME " sched_getcpu()", loop_libc_sched_getcpu };
const struct bench_case bench_vdso_getcpu = {
	"vdso_getcpu", "vDSO getcpu (rseq_fallback_current_cpu())", loop_vdso_getcpu };
const struct bench_case bench_getcpu_syscall = {
	"getcpu_syscall", "getcpu system call", loop_getcpu_syscall };

const struct bench_case *const bench_cpu_read_all[] = {
	&bench_empty_loop,
	&bench_tls_load,
	&bench_rseq_current_cpu_raw,
	&bench_rseq_current_cpu,
	&bench_rseq_sched_getcpu,
	&bench_libc_sched_getcpu,
	&bench_vdso_getcpu,
	&bench_getcpu_syscall,
};
const size_t bench_cpu_read_all_count =
	sizeof(bench_cpu_read_all) / sizeof(bench_cpu_read_all[0]);

const struct bench_case *const bench_cpu_read_quick[] = {
	&bench_rseq_current_cpu,
	&bench_libc_sched_getcpu,
	&bench_getcpu_syscall,
};
const size_t bench_cpu_read_quick_count =
	sizeof(bench_cpu_read_quick) / sizeof(bench_cpu_read_quick[0]);

const struct bench_target bench_cpu_read_targets[] = {
	{ "rseq_current_cpu_vs_tls_load", &bench_rseq_current_cpu, &bench_tls_load,
	  true, 1.1 },
	{ "sched_getcpu_vs_rseq_current_cpu", &bench_libc_sched_getcpu,
	  &bench_rseq_current_cpu, false, 4.0 },
};
const size_t bench_cpu_read_target_count =
	sizeof(bench_cpu_read_targets) / sizeof(bench_cpu_read_targets[0]);

void bench_cpu_read_report(struct bench_report *report,
			   const struct bench_settings *settings,
			   const struct bench_result *results, size_t n)
{
	report->settings = settings;
	report->results = results;
	report->n = n;
	report->baseline = &bench_rseq_current_cpu;
	report->targets = bench_cpu_read_targets;
	report->n_targets = bench_cpu_read_target_count;
	report->note = rseq_current_cpu_raw() < 0
		? "this thread is not registered: rseq_current_cpu() takes the getcpu "
		  "fallback, so the targets do not apply" : NULL;
}

const char *bench_owner_name(int owner)
{
	switch (owner) {
	case RSEQ_OWNER_LIBC: return "libc";
	case RSEQ_OWNER_LIBRSEQ: return "librseq";
	case RSEQ_OWNER_NONE: return "none";
	case RSEQ_OWNER_OTHER: return "other";
	default: return "unknown";
	}
}
