/* SPDX-License-Identifier: MIT */
/* stress -T TEST [options]: one stress test of the per-CPU operations
   (options: inject.h).  The harness: worker threads, bounds, and the checks
   every test shares.  */
#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include "stress.h"

INJECT_DEFINE

int stress_nr_slots;
int stress_abandon;

/* A worker stops at the time bound only after this many repetitions (or all
   of its own), so that every thread takes part, and events at a modulo of
   up to 4 happen on each.  */
enum { STRESS_MIN_REPS = 8 };

/* Past the time bound by this factor (and at least a few seconds), the run
   is abandoned: an operation that never succeeds must not hang the suite.  */
enum { STRESS_ABANDON_FACTOR = 20, STRESS_ABANDON_MIN_MS = 5000 };

static int stop;
static unsigned long workers_finished;
static void (*worker_body)(struct stress_worker *w);
static pthread_barrier_t start;

static const struct stress_test *const tests[] = {
	&stress_counter, &stress_spinlock, &stress_list,
	&stress_buffer, &stress_memcpy, &stress_offset,
};

bool stress_more(const struct stress_worker *w)
{
	if (w->reps_done >= inject_options.reps || stress_abandoned())
		return false;
	return w->reps_done < STRESS_MIN_REPS || !__atomic_load_n(&stop, __ATOMIC_RELAXED);
}

void stress_repeat(struct stress_worker *w, int (*at)(int idx))
{
	int idx;

	while (stress_more(w)) {
		if (STRESS_ON_THIS_CPU(idx, at(idx)) < 0)
			return;
		w->reps_done++;
	}
}

void *stress_alloc(size_t count, size_t size)
{
	void *p = NULL;

	REQUIRE(count && size <= SIZE_MAX / count);
	REQUIRE(posix_memalign(&p, 64, count * size) == 0);
	memset(p, 0, count * size);
	return p;
}

static void *worker_main(void *arg)
{
	struct stress_worker *w = arg;

	/* In the librseq mode, new threads are not registered by default.  */
	REQUIRE(rseq_register_current_thread() == 0);
	pthread_barrier_wait(&start);
	worker_body(w);
	w->aborts = inject_aborts;
	REQUIRE(rseq_unregister_current_thread() == 0);
	__atomic_fetch_add(&workers_finished, 1, __ATOMIC_RELEASE);
	return NULL;
}

int64_t stress_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int default_threads(void)
{
	cpu_set_t allowed;

	REQUIRE(sched_getaffinity(0, sizeof(allowed), &allowed) == 0);
	return 2 * CPU_COUNT(&allowed) + 1;
}

/* One tick of the signal storm and of the migrations, on one worker.
   Workers that returned are not joined yet: their thread ids are still
   valid.  */
static void disturb(const pthread_t *tid, int n, unsigned int tick)
{
	static cpu_set_t allowed;
	static int nr_allowed;
	const pthread_t victim = tid[tick % (unsigned int) n];

	if (inject_options.storm_us)
		pthread_kill(victim, SIGUSR1);
	if (!inject_options.migrate_us)
		return;
	if (!nr_allowed) {
		REQUIRE(sched_getaffinity(0, sizeof(allowed), &allowed) == 0);
		nr_allowed = CPU_COUNT(&allowed);
	}
	/* Each victim goes to the next allowed CPU at each of its turns.  */
	int skip = (int) (tick / (unsigned int) n % (unsigned int) nr_allowed);
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &allowed) || skip--)
			continue;
		cpu_set_t one;

		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		pthread_setaffinity_np(victim, sizeof(one), &one);
		break;
	}
}

/* The checks stress_run() prints, for the plan.  */
static int harness_checks(void)
{
	return 1 + (inject_options.handler ? 1 : 0) + (inject_options.handler == 2 ? 1 : 0);
}

long stress_run(void (*body)(struct stress_worker *w), void (*manager)(void))
{
	const struct inject_options *o = &inject_options;
	const int n = o->threads;
	struct stress_worker *workers = stress_alloc((size_t) n, sizeof(*workers));
	pthread_t *tid = stress_alloc((size_t) n, sizeof(*tid));
	const int64_t abandon_ms = (int64_t) o->duration_ms * STRESS_ABANDON_FACTOR;

	worker_body = body;
	REQUIRE(pthread_barrier_init(&start, NULL, (unsigned int) n + 1) == 0);
	for (int i = 0; i < n; i++) {
		workers[i].id = i;
		REQUIRE(pthread_create(&tid[i], NULL, worker_main, &workers[i]) == 0);
	}
	pthread_barrier_wait(&start);
	const int64_t t0 = stress_now_ms();
	const long tick_us = o->storm_us && o->migrate_us
		? (o->storm_us < o->migrate_us ? o->storm_us : o->migrate_us)
		: o->storm_us + o->migrate_us;
	unsigned int ticks = 0;
	do {
		const int64_t elapsed = stress_now_ms() - t0;

		if (elapsed >= o->duration_ms)
			__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
		if (elapsed >= abandon_ms && elapsed >= STRESS_ABANDON_MIN_MS)
			__atomic_store_n(&stress_abandon, 1, __ATOMIC_RELAXED);
		if (manager)
			manager();
		if (o->storm_us || o->migrate_us) {
			disturb(tid, n, ticks++);
			inject_sleep_us(tick_us);
		} else if (!manager) {
			poll(NULL, 0, 1);
		}
	} while (__atomic_load_n(&workers_finished, __ATOMIC_ACQUIRE) < (unsigned long) n);

	long total = 0, fewest = LONG_MAX;
	unsigned long aborts = 0;
	for (int i = 0; i < n; i++) {
		REQUIRE(pthread_join(tid[i], NULL) == 0);
		total += workers[i].reps_done;
		aborts += workers[i].aborts;
		if (workers[i].reps_done < fewest)
			fewest = workers[i].reps_done;
	}
	note("%s: %d threads, %ld repetitions, %lu aborts, in %lld ms", o->test, n, total,
	     aborts, (long long) (stress_now_ms() - t0));
	const long needed = o->reps < STRESS_MIN_REPS ? o->reps : STRESS_MIN_REPS;
	check_why(!stress_abandoned() && fewest >= needed,
		  "every thread did its share of repetitions",
		  "fewest %ld of at least %ld%s", fewest, needed,
		  stress_abandoned() ? ", run abandoned: an operation never succeeded" : "");
	if (o->handler)
		check_why(inject_signals > 0, "the SIGUSR1 handler ran", "never");
	if (o->handler == 2)
		check_why(inject_signal_failures == 0,
			  "the handler registered and unregistered every time",
			  "%lu failures in %lu calls", inject_signal_failures, inject_signals);
	return total;
}

int main(int argc, char **argv)
{
	const struct stress_test *test = NULL;

	if (inject_parse(argc, argv, NULL) != argc) {
		inject_usage(stderr, argv[0], NULL);
		return 2;
	}
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		if (!strcmp(tests[i]->name, inject_options.test))
			test = tests[i];
	if (!test) {
		fprintf(stderr, "%s: -T: unknown test '%s'\n", argv[0], inject_options.test);
		return 2;
	}
	if (!inject_options.threads)
		inject_options.threads = default_threads();
	stress_nr_slots = rseq_get_max_nr_cpus();
	REQUIRE(stress_nr_slots > 0);
	plan(harness_checks() + test->checks);
	/* Without a registration every operation aborts: nothing to test.  */
	REQUIRE(rseq_register_current_thread() == 0);
	test->run();
	return 0;
}
