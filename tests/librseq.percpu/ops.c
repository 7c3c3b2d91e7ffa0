/* SPDX-License-Identifier: MIT */
/* ops [-M] [fatal-acquire|fatal-release|fatal-mode|twice-misuse]: what each per-CPU
   operation returns and stores when it completes (0), when a comparison
   fails (1: nothing stored) and when it aborts (-1: nothing committed).
   Aborts are forced: the CPU's cpu_opv fence held, another CPU's index, a
   signal delivered while the thread waits at each injection point 1..6
   inside the sequence, a migration while it waits at point 4.  And where
   each sequence begins and ends (ops-bounds.c).  With an operand, one
   programming error that must kill the program instead.  Built twice: as
   ops, and as ops-twice with RSEQ_COMPARE_TWICE.  */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdarg.h>
#include <unistd.h>
#include "ops.h"
#include "check.h"

INJECT_DEFINE

enum action { ACT_SIGNAL, ACT_MIGRATE, ACT_CHANGE, ACT_QUIT };

struct fixture ops_fixture, ops_before;
static cpu_set_t home, away;
static pid_t target_tid;
static pthread_t target;
static sem_t go, acted;
static enum action action;
static int trial_over;
static long aborts_returned;

void ops_start(const struct ops_op *op)
{
	ops_reset(op, &ops_fixture);
	ops_before = ops_fixture;
}

static bool nothing_stored(void)
{
	return !memcmp(&ops_fixture, &ops_before, sizeof(ops_fixture));
}

static bool nothing_committed(void)
{
	return !memcmp(&ops_fixture, &ops_before, FIXTURE_COMMITTED_SIZE);
}

void ops_check(const struct ops_op *op, bool ok, const char *what, const char *fmt, ...)
{
	char name[160], why[160];
	va_list ap;

	snprintf(name, sizeof(name), "%s: %s", op->name, what);
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	check_why(ok, name, "%s", why);
}

int ops_call(const struct ops_op *op, int idx, int differs)
{
	const int ret = op->call(op, &ops_fixture, idx, differs);

	if (ret == -1)
		aborts_returned++;
	return ret;
}

/* Calls OP until it does not abort (when none is expected).  */
static int call_settled(const struct ops_op *op, int differs)
{
	int ret = -1;

	for (int i = 0; i < OPS_ATTEMPTS && ret == -1; i++) {
		ops_start(op);
		ret = ops_call(op, inject_current_index(), differs);
	}
	return ret;
}

static void check_completes(const struct ops_op *op)
{
	const int ret = call_settled(op, OPS_NONE_DIFFERS);
	struct fixture expect = ops_before;

	op->apply(&expect);
	ops_check(op, ret == 0 && !memcmp(&ops_fixture, &expect, sizeof(ops_fixture)),
		  "completes: returns 0, stores exactly its effect", "returned %d%s", ret,
		  ret == 0 ? ", wrong stores" : "");
}

static void check_cmpfail(const struct ops_op *op, int differs)
{
	const int ret = call_settled(op, differs);

	ops_check(op, ret == 1 && nothing_stored(), differs == 1
		  ? "first comparison fails: returns 1, stores nothing"
		  : "second comparison fails: returns 1, stores nothing",
		  "returned %d%s", ret, nothing_stored() ? "" : ", stored");
}

static void check_fenced(const struct ops_op *op)
{
	const int idx = inject_current_index();
	struct rseq_opv_fence *fence = &rseq_opv_fence_table[inject_options.mode][idx];

	ops_start(op);
	__atomic_store_n(&fence->held, 1, __ATOMIC_SEQ_CST);
	const int ret = ops_call(op, idx, OPS_NONE_DIFFERS);
	__atomic_store_n(&fence->held, 0, __ATOMIC_SEQ_CST);
	ops_check(op, ret == -1 && nothing_stored(), "fence held: returns -1, stores nothing",
		  "returned %d%s", ret, nothing_stored() ? "" : ", stored");
}

static void check_other_index(const struct ops_op *op, int nr_slots)
{
	int ret = 0;

	if (nr_slots < 2) {
		unsupported("%s: another index: only one exists", op->name);
		return;
	}
	/* Unless the thread moved to that other index in between, which the
	   second reading shows.  */
	for (int i = 0; i < OPS_ATTEMPTS; i++) {
		const int idx = inject_current_index();

		ops_start(op);
		ret = ops_call(op, (idx + 1) % nr_slots, OPS_NONE_DIFFERS);
		if (inject_current_index() == idx)
			break;
	}
	ops_check(op, ret == -1 && nothing_stored(),
		  "another CPU's index: returns -1, stores nothing", "returned %d%s", ret,
		  nothing_stored() ? "" : ", stored");
}

/* The controller: once the target waits inside the sequence, interrupts
   it, then releases it (a sequence that was not aborted then completes,
   which the target sees).  */
static void *controller(void *arg)
{
	(void) arg;
	REQUIRE(pthread_setaffinity_np(pthread_self(), sizeof(away), &away) == 0);
	/* Off the target's CPU from now on: it waits inside sequences.  */
	sem_post(&acted);
	for (;;) {
		sem_wait(&go);
		if (action == ACT_QUIT)
			return NULL;
		while (!inject_arrived() && !__atomic_load_n(&trial_over, __ATOMIC_ACQUIRE))
			sched_yield();
		if (inject_arrived()) {
			if (action == ACT_SIGNAL) {
				const unsigned long seen = __atomic_load_n(&inject_signals,
									   __ATOMIC_ACQUIRE);

				REQUIRE(pthread_kill(target, SIGUSR1) == 0);
				/* The handler runs after the kernel moved the thread
				   to the abort handler, if it does.  */
				while (__atomic_load_n(&inject_signals, __ATOMIC_ACQUIRE) == seen)
					sched_yield();
			} else if (action == ACT_MIGRATE) {
				/* Returns once the thread has left its CPU.  */
				REQUIRE(sched_setaffinity(target_tid, sizeof(away), &away) == 0);
			} else {
				/* What no other CPU may do: change the word the
				   sequence compared.  */
				__atomic_add_fetch(&ops_fixture.v, 1, __ATOMIC_SEQ_CST);
			}
			inject_release();
		}
		sem_post(&acted);
	}
}

/* OP with the thread stopped at injection point POINT and interrupted by
   ACT there; retried when an abort came before the thread got there.
   *STOPPED says whether it ever did.  */
static int interrupted_call(const struct ops_op *op, int point, enum action act, bool *stopped)
{
	int ret = 0;

	*stopped = false;
	for (int i = 0; i < OPS_ATTEMPTS; i++) {
		ops_start(op);
		action = act;
		__atomic_store_n(&trial_over, 0, __ATOMIC_RELEASE);
		inject_stop_at(point);
		sem_post(&go);
		ret = ops_call(op, inject_current_index(), OPS_NONE_DIFFERS);
		inject_stop_off(point);
		__atomic_store_n(&trial_over, 1, __ATOMIC_RELEASE);
		/* A late signal (after a spurious abort) interrupts the wait.  */
		while (sem_wait(&acted) != 0)
			REQUIRE(errno == EINTR);
		if (act == ACT_MIGRATE)
			REQUIRE(sched_setaffinity(0, sizeof(home), &home) == 0);
		*stopped = inject_stopped();
		if (*stopped)
			break;
	}
	return ret;
}

static void check_signalled(const struct ops_op *op, int point)
{
	bool stopped;
	const int ret = interrupted_call(op, point, ACT_SIGNAL, &stopped);
	/* Up to point 4, not even the speculative stores are done.  */
	const bool clean = point <= 4 ? nothing_stored() : nothing_committed();
	char name[96];

	snprintf(name, sizeof(name), "signal at point %d: returns -1, %s", point,
		 point <= 4 ? "stores nothing" : "commits nothing");
	ops_check(op, stopped && ret == -1 && clean, name, "returned %d%s%s", ret,
		  clean ? "" : ", stored", stopped ? "" : ", never reached the point");
}

static void check_migrated(const struct ops_op *op, bool can_migrate)
{
	if (!can_migrate) {
		unsupported("%s: migration: this process may use one CPU only", op->name);
		return;
	}
	bool stopped;
	const int ret = interrupted_call(op, 4, ACT_MIGRATE, &stopped);

	ops_check(op, stopped && ret == -1 && nothing_stored(),
		  "migrated at point 4: returns -1, stores nothing", "returned %d%s%s", ret,
		  nothing_stored() ? "" : ", stored", stopped ? "" : ", never reached the point");
}

/* twice-misuse: with RSEQ_COMPARE_TWICE, a compared word changed by another
   CPU between the comparison and the commit must kill the program.  */
static void twice_misuse(void)
{
	const struct ops_op *op = &ops_ops[0];
	bool stopped;

	int ret = -1;

	REQUIRE(!strcmp(op->name, "load_cbne_store"));
	/* A preemption may abort the sequence before the change is seen.  */
	for (int i = 0; i < OPS_ATTEMPTS && ret == -1; i++)
		ret = interrupted_call(op, 6, ACT_CHANGE, &stopped);

	printf("FAIL: twice-misuse: the operation returned %d%s\n", ret,
	       stopped ? "" : ", never reached point 6");
	exit(1);
}

static int checks_per_op(const struct ops_op *op)
{
	return 1 + op->comparisons + 2 + 6 + 1 + OPS_BOUNDS_CHECKS;
}

static void fatal_error(const char *which)
{
	const int idx = inject_current_index();
	intptr_t v = 0;
	/* Not constants: the choice happens at run time, as with a
	   configuration value.  */
	volatile int mo = RSEQ_MO_RELAXED, mode = inject_options.mode;

	if (!strcmp(which, "fatal-acquire"))
		mo = RSEQ_MO_ACQUIRE;
	else if (!strcmp(which, "fatal-release"))
		mo = RSEQ_MO_RELEASE;	/* load_add_store has no release form */
	else if (!strcmp(which, "fatal-mode"))
		mode = 2;
	else {
		fprintf(stderr, "ops: unknown operand '%s'\n", which);
		exit(2);
	}
	rseq_load_add_store__ptr((enum rseq_mo) mo, (enum rseq_percpu_mode) mode, &v, 1, idx);
	printf("FAIL: %s: the operation returned\n", which);
	exit(1);
}

int main(int argc, char **argv)
{
	const int first = inject_parse(argc, argv,
				       "[fatal-acquire|fatal-release|fatal-mode|twice-misuse]");
	const int nr_slots = rseq_get_max_nr_cpus();
	pthread_t ctl;

	REQUIRE(nr_slots > 0);
	if (first < argc && strcmp(argv[first], "twice-misuse"))
		fatal_error(argv[first]);
	inject_install_handler();

	/* Home: the first CPU we may use; away: the others (or home).  */
	REQUIRE(sched_getaffinity(0, sizeof(away), &away) == 0);
	CPU_ZERO(&home);
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &away)) {
			CPU_SET(cpu, &home);
			if (CPU_COUNT(&away) > 1)
				CPU_CLR(cpu, &away);
			break;
		}
	const bool can_migrate = !CPU_EQUAL(&home, &away);
	REQUIRE(sched_setaffinity(0, sizeof(home), &home) == 0);
	target = pthread_self();
	target_tid = gettid();
	REQUIRE(sem_init(&go, 0, 0) == 0 && sem_init(&acted, 0, 0) == 0);
	REQUIRE(pthread_create(&ctl, NULL, controller, NULL) == 0);
	while (sem_wait(&acted) != 0)
		REQUIRE(errno == EINTR);
	if (first < argc)
		twice_misuse();

	int planned = 1;
	for (int i = 0; i < ops_nr_ops; i++)
		planned += checks_per_op(&ops_ops[i]);
	plan(planned);
	for (int i = 0; i < ops_nr_ops; i++) {
		const struct ops_op *op = &ops_ops[i];

		check_completes(op);
		for (int differs = 1; differs <= op->comparisons; differs++)
			check_cmpfail(op, differs);
		check_fenced(op);
		check_other_index(op, nr_slots);
		for (int point = 1; point <= 6; point++)
			check_signalled(op, point);
		check_migrated(op, can_migrate);
		ops_check_bounds(op);
	}
	check_why(inject_aborts == (unsigned long) aborts_returned,
		  "RSEQ_INJECT_FAILED ran once per abort", "%lu times for %ld aborts",
		  inject_aborts, aborts_returned);

	action = ACT_QUIT;
	sem_post(&go);
	REQUIRE(pthread_join(ctl, NULL) == 0);
	return 0;
}
