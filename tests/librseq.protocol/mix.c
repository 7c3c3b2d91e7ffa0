/* SPDX-License-Identifier: MIT */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <rseq/rseq.h>
#include "mix.h"
#include "participant.h"
#include "rseq-threads.h"

/* Bounds a retry loop: far more aborts than any run has, so that reaching
   it means a sequence can never commit.  */
#define MIX_MAX_TRIES 10000000L

static intptr_t *counters;
static int nr_counters;
static int gave_up;

struct worker {
	pthread_t thread;
	long reps;
	long added, participant_commits, library_commits;
	bool participant_ok;
	bool count_changed;
	long claims_unregistered;
	int cycle_errors;
	bool done;
};

/* Initial-exec, as the protocol's own symbols: the signal handler reads
   them, and in a dlopen()ed library a thread's first access to dynamic
   TLS allocates it with malloc(), which a handler that interrupted
   malloc() then waits for forever.  */
static PARTICIPANT_TLS bool worker_participant_ok;
static PARTICIPANT_TLS long handler_added;
static PARTICIPANT_TLS long claims_unregistered;
static PARTICIPANT_TLS unsigned int handler_calls;

/* What the protocol promises: a non-zero count means a registered area.  */
static void check_claim(void)
{
	if (__rseq_refcount > 0 && (int32_t) RSEQ_READ_ONCE(__rseq_abi.cpu_id) < 0)
		claims_unregistered++;
}

/* Loop iterations inside one sequence in four: a few microseconds, in
   which signals and preemption land often.  */
#define MIX_DELAY 2000

static bool participant_add_one(unsigned int delay)
{
	for (long i = 0; i < MIX_MAX_TRIES; i++) {
		int cpu;

		if (participant_add(counters, 1, &cpu, delay) == 0)
			return true;
	}
	__atomic_store_n(&gave_up, 1, __ATOMIC_RELAXED);
	return false;
}

static bool library_add_one(void)
{
	for (long i = 0; i < MIX_MAX_TRIES; i++) {
		const int cpu = (int) rseq_cpu_start();

		if (cpu < nr_counters
		    && rseq_load_add_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
						&counters[cpu], 1, cpu) == 0)
			return true;
	}
	__atomic_store_n(&gave_up, 1, __ATOMIC_RELAXED);
	return false;
}

/* A participant in a handler: its own reference around its own sequence,
   on whatever the interrupted code was doing with the count.  */
static void on_signal(int sig)
{
	struct participant_acquired how;

	(void) sig;
	if (!worker_participant_ok)
		return;
	check_claim();
	/* Every other time, inside a librseq reference of its own.  */
	const bool library_ref = ++handler_calls % 2 && rseq_register_current_thread() == 0;
	check_claim();
	if (participant_acquire(&how)) {
		check_claim();
		if (participant_add_one(0))
			handler_added++;
		participant_release();
	}
	check_claim();
	if (library_ref)
		rseq_unregister_current_thread();
	check_claim();
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct participant_acquired how;
	const uint32_t count_at_start = __rseq_refcount;

	w->participant_ok = participant_acquire(&how);
	__atomic_store_n(&worker_participant_ok, w->participant_ok, __ATOMIC_RELAXED);
	for (long i = 0; i < w->reps && !__atomic_load_n(&gave_up, __ATOMIC_RELAXED); i++) {
		if (w->participant_ok && i % 2 == 0) {
			if (participant_add_one(i % 8 == 0 ? MIX_DELAY : 0)) {
				w->participant_commits++;
				w->added++;
			}
		} else if (library_add_one()) {
			w->library_commits++;
			w->added++;
		}
		if (i % 256 == 0)
			sched_yield();
		check_claim();
	}
	__atomic_store_n(&worker_participant_ok, false, __ATOMIC_RELAXED);
	if (w->participant_ok)
		participant_release();
	w->added += handler_added;
	w->participant_commits += handler_added;
	w->count_changed = __rseq_refcount != count_at_start;
	w->claims_unregistered = claims_unregistered;
	__atomic_store_n(&w->done, true, __ATOMIC_RELEASE);
	return (void *) handler_added;
}

/* An unhooked thread: librseq's references come and go, the registration
   with them (when librseq owns it), while handlers take theirs.  */
static void *cycle(void *arg)
{
	struct worker *w = arg;
	const uint32_t count_at_start = __rseq_refcount;

	__atomic_store_n(&worker_participant_ok, true, __ATOMIC_RELAXED);
	for (long i = 0; i < w->reps && !__atomic_load_n(&gave_up, __ATOMIC_RELAXED); i++) {
		check_claim();
		if (rseq_register_current_thread() != 0) {
			w->cycle_errors++;
			continue;
		}
		check_claim();
		if (library_add_one()) {
			w->library_commits++;
			w->added++;
		}
		if (rseq_unregister_current_thread() != 0)
			w->cycle_errors++;
		check_claim();
	}
	__atomic_store_n(&worker_participant_ok, false, __ATOMIC_RELAXED);
	w->added += handler_added;
	w->participant_commits += handler_added;
	w->count_changed = __rseq_refcount != count_at_start;
	w->claims_unregistered = claims_unregistered;
	w->participant_ok = true;
	__atomic_store_n(&w->done, true, __ATOMIC_RELEASE);
	return (void *) handler_added;
}

/* Runs THREADS threads of ROUTINE (REPS each) under signals, and adds up
   what they did.  */
static void run_phase(int threads, long reps, void *(*routine)(void *), bool unhooked,
		      struct mix_totals *t)
{
	struct worker *w = calloc((size_t) threads, sizeof(*w));

	if (!w)
		abort();
	for (int i = 0; i < threads; i++) {
		w[i].reps = reps;
		if (unhooked ? create_unhooked_thread(&w[i].thread, routine, &w[i])
			     : pthread_create(&w[i].thread, NULL, routine, &w[i]))
			abort();
	}
	/* Signals until every worker is done, a bounded number of rounds.  */
	for (int round = 0; round < 20000; round++) {
		int running = 0;

		for (int i = 0; i < threads; i++)
			if (!__atomic_load_n(&w[i].done, __ATOMIC_ACQUIRE)) {
				pthread_kill(w[i].thread, SIGUSR1);
				running++;
			}
		if (!running)
			break;
		usleep(100);
	}
	for (int i = 0; i < threads; i++) {
		void *handler;

		pthread_join(w[i].thread, &handler);
		t->expected += w[i].added;
		t->participant_commits += w[i].participant_commits;
		t->library_commits += w[i].library_commits;
		t->handler_commits += (long) handler;
		t->participant_fallbacks += !w[i].participant_ok;
		t->count_changed += w[i].count_changed;
		t->claims_unregistered += w[i].claims_unregistered;
		t->cycle_errors += w[i].cycle_errors;
	}
	free(w);
}

void mix_run(int threads, long reps, long cycles, struct mix_totals *t)
{
	struct sigaction sa;

	memset(t, 0, sizeof(*t));
	nr_counters = rseq_get_max_nr_cpus();
	if (nr_counters <= 0)
		abort();
	counters = calloc((size_t) nr_counters, sizeof(*counters));
	if (!counters)
		abort();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	run_phase(threads, reps / threads, work, false, t);
	run_phase(threads, cycles, cycle, true, t);
	t->cycles = cycles * threads;
	for (int i = 0; i < nr_counters; i++)
		t->sum += counters[i];
	t->gave_up = gave_up;
	signal(SIGUSR1, SIG_DFL);
	free(counters);
}
