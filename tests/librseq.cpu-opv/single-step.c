/* SPDX-License-Identifier: MIT */
/* single-step complete|bare: forward progress under a debugger.  A fork
   child increments a per-CPU counter 1000 times while its parent
   single-steps it with ptrace.  Each step traps into the kernel, which
   aborts any restartable sequence the child was in: the bare fast path can
   then never commit, whereas rseq_load_add_store__ptr_complete() falls
   back to cpu_opv(), which needs no sequence.
   complete: every increment lands and the child exits within STEP_LIMIT
   steps.
   bare: the same loop with rseq_load_add_store__ptr() lands all its
   increments when it is not traced; single-stepped for BARE_STEPS steps it
   keeps trying and lands none.
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

enum { INCREMENTS = 1000 };
/* The complete loop takes about 600000 steps here.  */
#define STEP_LIMIT	5000000L
#define BARE_STEPS	100000L

struct shared {
	intptr_t counter;	/* the per-CPU counter of the CPU we are pinned to */
	long attempts;		/* of the bare loop */
};

static struct shared *shared;

/* Why the child cannot be traced here, or NULL.  */
static const char *no_ptrace;

static void complete_loop(void)
{
	for (int i = 0; i < INCREMENTS; i++) {
		const int cpu = rseq_current_cpu();
		if (rseq_load_add_store__ptr_complete(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
						      &shared->counter, 1, cpu))
			_exit(2);
	}
}

/* Retries each increment until the fast path commits it.  */
static void bare_loop(void)
{
	for (int i = 0; i < INCREMENTS; i++) {
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
		unsupported("single-stepped helper loop finishes within 5000000 steps: %s",
			    no_ptrace);
		unsupported("single-stepped helper loop: all 1000 increments landed: %s",
			    no_ptrace);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	const pid_t pid = traced_child(complete_loop);
	const long steps = step(pid, STEP_LIMIT, &status);

	if (status == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	note("%ld steps in %.1f s", steps, opv_seconds_since(&t0));
	check_why(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "single-stepped helper loop finishes within 5000000 steps",
		  "after %ld steps: wait status %#x", steps, status);
	check_why(shared->counter == INCREMENTS,
		  "single-stepped helper loop: all 1000 increments landed", "counter is %ld",
		  (long) shared->counter);
}

static void bare(void)
{
	int status;

	/* The control: untraced, the fast path alone gets there.  */
	bare_loop();
	check_why(shared->counter == INCREMENTS, "untraced bare loop: all 1000 increments landed",
		  "counter is %ld", (long) shared->counter);

	if (no_ptrace) {
		unsupported("single-stepped bare loop keeps trying: %s", no_ptrace);
		unsupported("single-stepped bare loop: no increment landed in 100000 steps: %s",
			    no_ptrace);
		return;
	}
	shared->counter = 0;
	shared->attempts = 0;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	const pid_t pid = traced_child(bare_loop);
	const long steps = step(pid, BARE_STEPS, &status);
	const long attempts = __atomic_load_n(&shared->attempts, __ATOMIC_RELAXED);
	const intptr_t landed = shared->counter;

	if (status == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	note("%ld steps, %ld attempts, in %.1f s", steps, attempts, opv_seconds_since(&t0));
	check_why(attempts > 100, "single-stepped bare loop keeps trying",
		  "%ld attempts in %ld steps", attempts, steps);
	check_why(landed == 0, "single-stepped bare loop: no increment landed in 100000 steps",
		  "%ld landed", (long) landed);
}

int main(int argc, char **argv)
{
	static char why[256];
	cpu_set_t one;

	REQUIRE(argc == 2);
	const bool helper = !strcmp(argv[1], "complete");
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
