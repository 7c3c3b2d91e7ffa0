/* SPDX-License-Identifier: MIT */
/* single-step complete|bare [INCREMENTS]: forward progress under a
   debugger.  A fork child increments a per-CPU counter INCREMENTS times
   (1000; fewer where each step is slow, as under TCG) while its parent
   single-steps it with ptrace.  Each step traps into the kernel, which
   aborts any restartable sequence the child was in: the bare fast path can
   then never commit, whereas rseq_load_add_store__ptr_complete() falls
   back to cpu_opv(), which needs no sequence.
   complete: every increment lands and the child exits within
   STEPS_PER_INCREMENT steps per increment.
   bare: the same loop with rseq_load_add_store__ptr() lands all its
   increments when it is not traced; single-stepped for
   BARE_STEPS_PER_INCREMENT steps per increment it keeps trying and lands
   none.
   Tracer and tracee are pinned to the same CPU: a step costs much less when
   no IPI is needed to stop and restart the child.
   Without ptrace (probe-ptrace.h) the traced checks are UNSUPPORTED; the
   untraced control of bare still runs.  */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include "opv-test.h"
#include "probe-ptrace.h"

/* The complete loop takes about 600 steps per increment here.  */
enum { INCREMENTS = 1000, STEPS_PER_INCREMENT = 5000, BARE_STEPS_PER_INCREMENT = 100 };

static long increments = INCREMENTS;
static char name_finishes[96], name_landed[96], name_untraced[96], name_none[96];

struct shared {
	intptr_t counter;	/* the per-CPU counter of the CPU we are pinned to */
	long attempts;		/* of the bare loop */
};

static struct shared *shared;

/* Why the child cannot be traced here, or NULL.  */
static const char *no_ptrace;

static void complete_loop(void)
{
	for (long i = 0; i < increments; i++) {
		const int cpu = rseq_current_cpu();
		if (rseq_load_add_store__ptr_complete(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
						      &shared->counter, 1, cpu))
			_exit(2);
	}
}

/* Retries each increment until the fast path commits it.  */
static void bare_loop(void)
{
	for (long i = 0; i < increments; i++) {
		for (;;) {
			__atomic_store_n(&shared->attempts, shared->attempts + 1, __ATOMIC_RELAXED);
			const int cpu = rseq_current_cpu();
			if (rseq_load_add_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
						     &shared->counter, 1, cpu) == 0)
				break;
		}
	}
}

static pid_t traced_child(void (*loop)(void))
{
	int status;
	const pid_t pid = fork();

	REQUIRE(pid >= 0);
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) || raise(SIGSTOP))
			_exit(3);
		loop();
		_exit(0);
	}
	REQUIRE(waitpid(pid, &status, 0) == pid);
	REQUIRE(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
	return pid;
}

/* Steps the child until it exits or max steps were made; returns the
   number of steps, and the child's last wait status in *status (0 when it
   is still stopped).  A signal other than the step trap is passed on.  */
static long step(pid_t pid, long max, int *status)
{
	int sig = 0;

	for (long steps = 0; steps < max; steps++) {
		REQUIRE(ptrace(PTRACE_SINGLESTEP, pid, NULL, (void *) (uintptr_t) sig) == 0);
		REQUIRE(waitpid(pid, status, 0) == pid);
		if (!WIFSTOPPED(*status))
			return steps + 1;
		sig = WSTOPSIG(*status) == SIGTRAP ? 0 : WSTOPSIG(*status);
	}
	*status = 0;
	return max;
}

static void complete(void)
{
	int status;
	struct timespec t0;

	if (no_ptrace) {
		unsupported("%s: %s", name_finishes, no_ptrace);
		unsupported("%s: %s", name_landed, no_ptrace);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	const pid_t pid = traced_child(complete_loop);
	const long steps = step(pid, STEPS_PER_INCREMENT * increments, &status);

	if (status == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	note("%ld steps in %.1f s", steps, opv_seconds_since(&t0));
	check_why(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  name_finishes,
		  "after %ld steps: wait status %#x", steps, status);
	check_why(shared->counter == increments, name_landed, "counter is %ld",
		  (long) shared->counter);
}

static void bare(void)
{
	int status;

	/* The control: untraced, the fast path alone gets there.  */
	bare_loop();
	check_why(shared->counter == increments, name_untraced,
		  "counter is %ld", (long) shared->counter);

	if (no_ptrace) {
		unsupported("single-stepped bare loop keeps trying: %s", no_ptrace);
		unsupported("%s: %s", name_none, no_ptrace);
		return;
	}
	shared->counter = 0;
	shared->attempts = 0;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	const pid_t pid = traced_child(bare_loop);
	const long steps = step(pid, BARE_STEPS_PER_INCREMENT * increments, &status);
	const long attempts = __atomic_load_n(&shared->attempts, __ATOMIC_RELAXED);
	const intptr_t landed = shared->counter;

	if (status == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	note("%ld steps, %ld attempts, in %.1f s", steps, attempts, opv_seconds_since(&t0));
	check_why(attempts > 100, "single-stepped bare loop keeps trying",
		  "%ld attempts in %ld steps", attempts, steps);
	check_why(landed == 0, name_none,
		  "%ld landed", (long) landed);
}

int main(int argc, char **argv)
{
	static char why[256];
	cpu_set_t one;

	REQUIRE(argc == 2 || argc == 3);
	const bool helper = !strcmp(argv[1], "complete");
	if (argc == 3)
		increments = atol(argv[2]);
	REQUIRE(increments > 0);
	snprintf(name_finishes, sizeof(name_finishes),
		 "single-stepped helper loop finishes within %ld steps",
		 STEPS_PER_INCREMENT * increments);
	snprintf(name_landed, sizeof(name_landed),
		 "single-stepped helper loop: all %ld increments landed", increments);
	snprintf(name_untraced, sizeof(name_untraced),
		 "untraced bare loop: all %ld increments landed", increments);
	snprintf(name_none, sizeof(name_none),
		 "single-stepped bare loop: no increment landed in %ld steps",
		 BARE_STEPS_PER_INCREMENT * increments);
	plan(helper ? 2 : 3);
	if (!probe_ptrace(why, sizeof(why)))
		no_ptrace = why;
	CPU_ZERO(&one);
	CPU_SET(opv_here(), &one);
	REQUIRE(sched_setaffinity(0, sizeof(one), &one) == 0);
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		      -1, 0);
	REQUIRE(shared != MAP_FAILED);
	if (helper)
		complete();
	else
		bare();
	return 0;
}
