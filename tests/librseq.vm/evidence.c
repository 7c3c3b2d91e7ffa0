/* SPDX-License-Identifier: MIT */
/* evidence [DURATION_MS]: that the kernel really runs rseq here.  More
   threads than CPUs add one to per-CPU counters with the bare rseq
   operation (no cpu_opv() fallback: an operation either commits on the
   fast path or aborts), while the main thread sends them a storm of
   signals.  A short delay loop injected into every sequence, written for
   each architecture with its scratch register only, widens the window in
   which preemption, migration or a signal must abort it.

   Checks: sequences committed (> 0), sequences aborted (> 0), and every
   counter holds exactly the additions committed to it.  Where rseq is
   absent (qemu-user), every operation aborts and the first check fails: it
   is meant to.  Portable to every architecture the library supports, unlike
   tests/lib/inject.h.  */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#define EVIDENCE_LOOPS	"512"
#if defined(__x86_64__) || defined(__i386__)
# define RSEQ_INJECT_ASM(n)						\
	"movl $" EVIDENCE_LOOPS ", %%eax\n\t"				\
	"909:\n\t"							\
	"decl %%eax\n\t"						\
	"jnz 909b\n\t"
# define RSEQ_INJECT_CLOBBER	, "eax"
#elif defined(__aarch64__)
# define RSEQ_INJECT_ASM(n)						\
	"mov " RSEQ_ASM_TMP_REG32 ", #" EVIDENCE_LOOPS "\n\t"		\
	"909:\n\t"							\
	"sub " RSEQ_ASM_TMP_REG32 ", " RSEQ_ASM_TMP_REG32 ", #1\n\t"	\
	"cbnz " RSEQ_ASM_TMP_REG32 ", 909b\n\t"
#elif defined(__arm__)
# define RSEQ_INJECT_ASM(n)						\
	"mov " RSEQ_ASM_TMP_REG ", #" EVIDENCE_LOOPS "\n\t"		\
	"909:\n\t"							\
	"subs " RSEQ_ASM_TMP_REG ", " RSEQ_ASM_TMP_REG ", #1\n\t"	\
	"bne 909b\n\t"
#elif defined(__powerpc__)
# define RSEQ_INJECT_ASM(n)						\
	"li %%" RSEQ_ASM_TMP_REG ", " EVIDENCE_LOOPS "\n\t"		\
	"909:\n\t"							\
	"addic. %%" RSEQ_ASM_TMP_REG ", %%" RSEQ_ASM_TMP_REG ", -1\n\t"	\
	"bne 909b\n\t"
#elif defined(__s390__)
# define RSEQ_INJECT_ASM(n)						\
	"lhi %%" RSEQ_ASM_TMP_REG ", " EVIDENCE_LOOPS "\n\t"		\
	"909:\n\t"							\
	"brct %%" RSEQ_ASM_TMP_REG ", 909b\n\t"
#elif defined(__mips__) || defined(__riscv)
# define RSEQ_INJECT_ASM(n)						\
	"li " RSEQ_ASM_TMP_REG ", " EVIDENCE_LOOPS "\n\t"		\
	"909:\n\t"							\
	"addi " RSEQ_ASM_TMP_REG ", " RSEQ_ASM_TMP_REG ", -1\n\t"	\
	"bnez " RSEQ_ASM_TMP_REG ", 909b\n\t"
#endif
#if defined(RSEQ_INJECT_ASM) && !defined(RSEQ_INJECT_CLOBBER)
# define RSEQ_INJECT_CLOBBER	, RSEQ_ASM_TMP_REG
#endif
static __thread unsigned long aborts;
#define RSEQ_INJECT_FAILED	aborts++;

#include <rseq/rseq.h>
#include "check.h"

struct slot {
	intptr_t count;
} __attribute__((aligned(128)));

static struct slot *slots;
static int nr_slots;
static volatile int stop;
static pthread_barrier_t start;

struct worker {
	pthread_t tid;
	unsigned long committed, aborted, calls;
	int registered;
};

static void on_signal(int sig)
{
	(void) sig;
}

static void *work(void *arg)
{
	struct worker *w = arg;

	w->registered = rseq_register_current_thread() == 0;
	pthread_barrier_wait(&start);
	while (w->registered && !__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		const int cpu = (int) rseq_cpu_start();

		w->calls++;
		if (cpu < 0 || cpu >= nr_slots)
			continue;
		if (rseq_load_add_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
					     &slots[cpu].count, 1, cpu) == 0)
			w->committed++;
	}
	w->aborted = aborts;
	return NULL;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	const long duration_ms = argc > 1 ? atol(argv[1]) : 1000;
	const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const int n = (int) (cpus > 0 ? 2 * cpus + 1 : 5);
	struct worker *workers = calloc((size_t) n, sizeof(*workers));
	unsigned long committed = 0, aborted = 0, signals = 0;
	intptr_t sum = 0;
	int registered = 0;

	plan(4);
	nr_slots = rseq_get_max_nr_cpus();
	REQUIRE(nr_slots > 0 && workers);
	slots = calloc((size_t) nr_slots, sizeof(*slots));
	REQUIRE(slots);
	REQUIRE(signal(SIGUSR1, on_signal) != SIG_ERR);
	REQUIRE(pthread_barrier_init(&start, NULL, (unsigned int) n + 1) == 0);
	for (int i = 0; i < n; i++)
		REQUIRE(pthread_create(&workers[i].tid, NULL, work, &workers[i]) == 0);
	pthread_barrier_wait(&start);
	const long long t0 = now_ms();
	while (now_ms() - t0 < duration_ms) {
		const struct timespec gap = { 0, 200 * 1000L };

		if (pthread_kill(workers[signals % (unsigned long) n].tid, SIGUSR1) == 0)
			signals++;
		nanosleep(&gap, NULL);
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < n; i++) {
		REQUIRE(pthread_join(workers[i].tid, NULL) == 0);
		committed += workers[i].committed;
		aborted += workers[i].aborted;
		registered += workers[i].registered;
	}
	for (int i = 0; i < nr_slots; i++)
		sum += slots[i].count;
	note("evidence: %lu committed, %lu aborted, %d threads on %ld CPUs, %lu signals, in %lld ms",
	     committed, aborted, n, cpus, signals, now_ms() - t0);
	check_why(registered == n, "every thread registered", "%d of %d", registered, n);
	check_why(committed > 0, "sequences committed on the fast path", "none of %lu aborts",
		  aborted);
	check_why(aborted > 0, "sequences aborted by preemption, migration or signals",
		  "none in %lu commits", committed);
	check_why((unsigned long) sum == committed,
		  "the per-CPU counters hold exactly the committed additions",
		  "%ld counted, %lu committed", (long) sum, committed);
	return 0;
}
