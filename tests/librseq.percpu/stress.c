/* SPDX-License-Identifier: MIT */
/* stress -T TEST [options]: one stress test of the per-CPU operations
   (options: inject.h).  The harness: worker threads, bounds, and the checks
   every test shares, among them (-H, -D) that the threads without rseq did
   all their work through cpu_opv().  */
#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include "stress.h"

INJECT_DEFINE

int stress_nr_slots;
int stress_abandon;
__thread unsigned long stress_calls;
__thread bool stress_rseq_off;

/* Helper calls that returned -1, and the errno of the first.  */
static unsigned long helper_errors;
static int helper_errno;

/* The length glibc 2.36 and librseq register the area with here; raw
   rseq() calls on the same area must give the same.  */
enum { STRESS_AREA_LEN = 32 };

/* A worker stops at the time bound only after this many repetitions (or all
   of its own), so that every thread takes part, and events at a modulo of
   up to 4 happen on each.  */
enum { STRESS_MIN_REPS = 8 };

/* Past the time bound by this factor (and at least a few seconds), the run
   is abandoned: an operation that never succeeds must not hang the suite.  */
enum { STRESS_ABANDON_FACTOR = 20, STRESS_ABANDON_MIN_MS = 20000 };

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

void stress_helper_failed(void)
{
	int none = 0;

	__atomic_compare_exchange_n(&helper_errno, &none, errno, false, __ATOMIC_RELAXED,
				    __ATOMIC_RELAXED);
	__atomic_fetch_add(&helper_errors, 1, __ATOMIC_RELAXED);
}

void *stress_alloc(size_t count, size_t size)
{
	void *p = NULL;

	REQUIRE(count && size <= SIZE_MAX / count);
	REQUIRE(posix_memalign(&p, 64, count * size) == 0);
	memset(p, 0, count * size);
	return p;
}

void *stress_percpu_alloc(size_t size)
{
#ifdef STRESS_MEMPOOL
	struct rseq_mempool_attr *attr = rseq_mempool_attr_create();

	REQUIRE(attr && rseq_mempool_attr_set_percpu(attr, 0, stress_nr_slots) == 0);
	struct rseq_mempool *pool = rseq_mempool_create(inject_options.test, size, attr);
	rseq_mempool_attr_destroy(attr);
	REQUIRE(pool);
	void *p = rseq_mempool_percpu_zmalloc(pool);
	REQUIRE(p);
	note("per-CPU data: an item of %zu bytes of a pool of %d CPUs", size,
	     rseq_mempool_get_max_nr_cpus(pool));
	return p;
#else
	return stress_alloc((size_t) stress_nr_slots, size);
#endif
}

static int raw_rseq(int flags)
{
	return rseq(rseq_get_abi(), STRESS_AREA_LEN, flags, RSEQ_SIG) == 0 ? 0 : errno;
}

/* A disabled worker's first action: its area, which glibc or librseq's
   hooks registered when the thread was created, is taken back from the
   kernel behind their backs.  cpu_id then reads -1 and every sequence
   aborts.  */
static void disable_rseq(struct stress_worker *w)
{
	w->unregister_errno = raw_rseq(RSEQ_ABI_FLAG_UNREGISTER);
	w->cpu_raw_first = rseq_current_cpu_raw();
	stress_rseq_off = true;
}

/* Its last: half the disabled workers register their area again, so that
   the exit path of whoever registered it finds it as it left it; the rest
   end unregistered, which that exit path must cope with too (librseq's
   hooks release their reference at exit, and must not fail on an area
   someone else unregistered).  */
static void end_disabled(struct stress_worker *w, bool reregister)
{
	w->cpu_raw_last = rseq_current_cpu_raw();
	w->reregister_errno = -1;
	if (!reregister)
		return;
	w->reregister_errno = raw_rseq(0);
	w->cpu_raw_reregistered = rseq_current_cpu_raw();
}

static void *worker_main(void *arg)
{
	struct stress_worker *w = arg;

	if (w->disabled)
		disable_rseq(w);
	else
		/* A reference of our own, whoever registered the thread.  */
		REQUIRE(rseq_register_current_thread() == 0);
	pthread_barrier_wait(&start);
	worker_body(w);
	w->aborts = inject_aborts;
	w->entries = inject_entries;
	w->calls = stress_calls;
	w->opv_calls = stress_opv_calls;
	if (w->disabled)
		end_disabled(w, w->gives_back);
	else
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

/* The checks stress_run() prints, for the plan (and main()'s).  */
static int harness_checks(void)
{
	const struct inject_options *o = &inject_options;

	return 1 + (o->handler ? 1 : 0) + (o->handler == 2 ? 1 : 0) + (o->helpers ? 2 : 0) +
	       (o->disabled_pct ? 3 : 0);
}

/* Spread over the ids, at least one when any: worker I is disabled when
   the share of the first I + 1 workers reaches one more thread.  */
static bool is_disabled(int i, int n)
{
	const int pct = inject_options.disabled_pct;

	if (pct && (long) n * pct < 100)
		return i == 0;
	return (long) (i + 1) * pct / 100 > (long) i * pct / 100;
}

/* The claims about the workers without rseq, and notes on the others.  */
static void check_disabled(const struct stress_worker *workers, int n)
{
	unsigned long calls[2] = { 0, 0 }, opv[2] = { 0, 0 }, entries[2] = { 0, 0 };
	int count = 0, off = 0, back = 0, tried = 0, bypassed = 0;
	const struct stress_worker *bad = NULL;

	for (int i = 0; i < n; i++) {
		const struct stress_worker *w = &workers[i];
		const int d = w->disabled;

		calls[d] += w->calls;
		opv[d] += w->opv_calls;
		entries[d] += w->entries;
		if (!d)
			continue;
		count++;
		off += w->unregister_errno == 0 && w->cpu_raw_first == RSEQ_ABI_CPU_ID_UNINITIALIZED &&
		       w->cpu_raw_last == RSEQ_ABI_CPU_ID_UNINITIALIZED;
		if (w->reregister_errno != -1) {
			tried++;
			back += w->reregister_errno == 0 && w->cpu_raw_reregistered >= 0;
		}
		/* Every operation went to an _opv form, none began a sequence.
		   (A pool's worker may find the containers it looks at empty
		   every time: some must have done operations, not each.)  */
		if (w->opv_calls != w->calls || w->entries || w->aborts) {
			bypassed++;
			bad = w;
		}
	}
	note("registered workers: %lu operations, %lu through cpu_opv(), %lu sequences entered",
	     calls[0], opv[0], entries[0]);
	note("%d workers without rseq: %lu operations, %lu through cpu_opv(), %lu sequences entered",
	     count, calls[1], opv[1], entries[1]);
	if (!inject_options.disabled_pct)
		return;
	const struct stress_worker *first = workers;
	while (first < workers + n - 1 && !first->disabled)
		first++;
	check_why(count > 0 && off == count,
		  "the workers without rseq had their area unregistered from start to end",
		  "%d of %d; first: unregister errno %d, cpu_id %d after it, %d at the end",
		  off, count, first->unregister_errno, first->cpu_raw_first, first->cpu_raw_last);
	check_why(tried > 0 && back == tried,
		  "the kernel gave them back their area afterwards: it was not registered",
		  "%d of %d; first: errno %d, cpu_id %d", back, tried, first->reregister_errno,
		  first->cpu_raw_reregistered);
	check_why(calls[1] > 0 && bypassed == 0,
		  "the workers without rseq did every operation through cpu_opv(), no sequence",
		  "%lu operations; %d of %d did not; e.g. worker %d: %lu operations, "
		  "%lu _opv calls, %u sequences entered, %lu aborted",
		  calls[1], bypassed, count, bad ? bad->id : -1, bad ? bad->calls : 0,
		  bad ? bad->opv_calls : 0, bad ? bad->entries : 0, bad ? bad->aborts : 0);
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
	for (int i = 0, k = 0; i < n; i++) {
		workers[i].id = i;
		workers[i].disabled = is_disabled(i, n);
		workers[i].gives_back = workers[i].disabled && k++ % 2 == 0;
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
	if (o->helpers) {
		check_why(helper_errors == 0, "no always-complete helper failed",
			  "%lu returned -1, the first with errno %d", helper_errors, helper_errno);
		check_disabled(workers, n);
	}
	return total;
}

/* What the claims about the workers without rseq rest on, tried on the
   registered main thread: an operation that completes on the fast path
   entered at least one sequence, and at most one per attempt (one may
   abort before its first instruction ran); an _opv call is counted once.  */
static void check_counters(void)
{
	intptr_t word = 0;
	const unsigned int entries = inject_entries;
	const unsigned long opv_calls = stress_opv_calls;
	unsigned int attempts = 0;
	int cpu;

	do {
		attempts++;
		cpu = (int) rseq_cpu_start();
	} while (rseq_load_add_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, &word, 1, cpu) != 0);
	const unsigned int entered = inject_entries - entries;
	const int ret = rseq_load_add_store__ptr_opv(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, &word, 1,
						     cpu);
	check_why(word == 2 && ret == 0 && entered >= 1 && entered <= attempts &&
		  stress_opv_calls - opv_calls == 1,
		  "the counts of sequences entered and of _opv calls are right",
		  "word %ld, _opv returned %d; %u sequences entered in %u attempts, %lu _opv calls",
		  (long) word, ret, entered, attempts, stress_opv_calls - opv_calls);
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
	if (inject_options.helpers)
		check_counters();
	test->run();
	return 0;
}
