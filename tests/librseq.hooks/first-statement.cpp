/* SPDX-License-Identifier: MIT */
/* first-statement libc|librseq [unregistered|THREADS]: every way of creating a
   thread gives a thread whose area is registered when its start routine
   begins.  Each thread reads cpu_id as its first statement, with an inline
   load: no librseq function runs in the thread.  pthread_create() and
   std::thread, joinable and detached, 1000 of each; C11 thrd_create();
   threads with their own stack, a minimal stack, no guard page, and a
   signal mask that blocks everything.  With "unregistered" (under a sandbox
   that refuses rseq) every thread must see a negative cpu_id instead: the
   same measurement can tell the difference.  THREADS replaces the 1000 (of
   the first four ways) where creating threads is slow, as under TCG.  */
#include <atomic>
#include <thread>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <threads.h>
#include "detach-waves.h"
#include "rseq-threads.h"

enum { NR_THREADS = 1000, NR_SMALL = 100 };

static int nr_threads = NR_THREADS;

static bool want_registered;
static std::atomic<int> registered_count;
static std::atomic<int> seen_count;
static struct detach_waves waves;

static void record(int32_t cpu)
{
	if ((cpu >= 0) == want_registered)
		registered_count.fetch_add(1, std::memory_order_relaxed);
	seen_count.fetch_add(1, std::memory_order_relaxed);
}

/* GATE: NULL for a joined thread.  */
static void *posix_thread(void *gate)
{
	const int32_t cpu = rseq_current_cpu_raw();

	record(cpu);
	if (gate)
		detach_waves_end(&waves, static_cast<sem_t *>(gate));
	return NULL;
}

static int c11_thread(void *)
{
	const int32_t cpu = rseq_current_cpu_raw();

	record(cpu);
	return 0;
}

static void std_thread(sem_t *gate)
{
	const int32_t cpu = rseq_current_cpu_raw();

	record(cpu);
	if (gate)
		detach_waves_end(&waves, gate);
}

static void reset()
{
	registered_count = 0;
	seen_count = 0;
}

static void report(const char *what, int n)
{
	check_why(registered_count == n && seen_count == n,
		  what, "%d of %d threads as expected, %d ran", registered_count.load(), n,
		  seen_count.load());
	reset();
}

static void posix_threads(const pthread_attr_t *attr, bool detached, int n)
{
	for (int i = 0; i < n; i++) {
		pthread_t t;

		REQUIRE(pthread_create(&t, attr, posix_thread,
				       detached ? detach_waves_gate(&waves, i) : NULL) == 0);
		if (!detached) {
			REQUIRE(pthread_join(t, NULL) == 0);
			continue;
		}
		if (!attr)
			REQUIRE(pthread_detach(t) == 0);
		detach_waves_detached(&waves, i, n);
	}
}

static void std_threads(bool detached, int n)
{
	for (int i = 0; i < n; i++) {
		std::thread t(std_thread, detached ? detach_waves_gate(&waves, i) : nullptr);

		if (!detached) {
			t.join();
			continue;
		}
		t.detach();
		detach_waves_detached(&waves, i, n);
	}
}

int main(int argc, char **argv)
{
	const bool librseq = librseq_mode(argc, argv);
	pthread_attr_t attr;

	want_registered = !(argc > 2 && !strcmp(argv[2], "unregistered"));
	if (argc > 2 && want_registered)
		nr_threads = atoi(argv[2]);
	REQUIRE(nr_threads > 0);
	detach_waves_init(&waves);
	plan(10);
	if (want_registered)
		check(rseq_owner() == (librseq ? RSEQ_OWNER_LIBRSEQ : RSEQ_OWNER_LIBC),
		      "the expected component owns the registration");
	else
		check(rseq_owner() == RSEQ_OWNER_NONE, "nobody owns the registration");

	posix_threads(NULL, false, nr_threads);
	report("pthread_create, joinable: cpu_id in the first statement", nr_threads);
	posix_threads(NULL, true, nr_threads);
	report("pthread_create, detached: cpu_id in the first statement", nr_threads);
	std_threads(false, nr_threads);
	report("std::thread, joined: cpu_id in the first statement", nr_threads);
	std_threads(true, nr_threads);
	report("std::thread, detached: cpu_id in the first statement", nr_threads);

	for (int i = 0; i < NR_SMALL; i++) {
		thrd_t t;

		REQUIRE(thrd_create(&t, c11_thread, NULL) == thrd_success);
		REQUIRE(thrd_join(t, NULL) == thrd_success);
	}
	report("thrd_create: cpu_id in the first statement", NR_SMALL);

	/* A stack of the caller's: glibc puts the thread's TLS, and with it
	   librseq's area, in it.  */
	const size_t stack_size = 256 * 1024;
	void *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	REQUIRE(stack != MAP_FAILED);
	REQUIRE(pthread_attr_init(&attr) == 0);
	REQUIRE(pthread_attr_setstack(&attr, stack, stack_size) == 0);
	posix_threads(&attr, false, NR_SMALL);
	REQUIRE(pthread_attr_destroy(&attr) == 0);
	report("own stack: cpu_id in the first statement", NR_SMALL);

	REQUIRE(pthread_attr_init(&attr) == 0);
	REQUIRE(pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN) == 0);
	posix_threads(&attr, false, NR_SMALL);
	REQUIRE(pthread_attr_destroy(&attr) == 0);
	report("PTHREAD_STACK_MIN stack: cpu_id in the first statement", NR_SMALL);

	REQUIRE(pthread_attr_init(&attr) == 0);
	REQUIRE(pthread_attr_setguardsize(&attr, 0) == 0);
	REQUIRE(pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0);
	posix_threads(&attr, true, NR_SMALL);
	REQUIRE(pthread_attr_destroy(&attr) == 0);
	report("no guard page, detached by attribute: cpu_id in the first statement",
	       NR_SMALL);

	sigset_t all;
	sigfillset(&all);
	REQUIRE(pthread_attr_init(&attr) == 0);
	REQUIRE(pthread_attr_setsigmask_np(&attr, &all) == 0);
	posix_threads(&attr, false, NR_SMALL);
	REQUIRE(pthread_attr_destroy(&attr) == 0);
	report("every signal blocked from the start: cpu_id in the first statement", NR_SMALL);
	return 0;
}
