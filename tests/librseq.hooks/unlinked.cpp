/* SPDX-License-Identifier: MIT */
/* unlinked registered|unregistered: a program that does not link librseq
   (run with LD_PRELOAD=librseq.so.1 and glibc's registration disabled):
   every thread it creates, whichever way, is registered from its first
   statement.  The area is found through librseq's rseq_offset, looked up
   at run time; without librseq in the process, through glibc's
   __rseq_offset, whose area is then not registered ("unregistered": the
   same checks must see that).  */
#include <atomic>
#include <thread>
#include <pthread.h>
#include <threads.h>
#include "detach-waves.h"
#include "rseq-threads.h"

enum { NR_THREADS = 200 };

static ptrdiff_t offset;
static bool want_registered;
static std::atomic<int> as_expected;
static struct detach_waves waves;

static void record(int32_t cpu)
{
	if ((cpu >= 0) == want_registered)
		as_expected.fetch_add(1, std::memory_order_relaxed);
}

/* GATE: NULL for a joined thread.  */
static void *posix_thread(void *gate)
{
	record(cpu_id_at(offset));
	if (gate)
		detach_waves_end(&waves, static_cast<sem_t *>(gate));
	return NULL;
}

static int c11_thread(void *)
{
	record(cpu_id_at(offset));
	return 0;
}

static void std_thread(sem_t *gate)
{
	record(cpu_id_at(offset));
	if (gate)
		detach_waves_end(&waves, gate);
}

static void report(const char *how)
{
	check_why(as_expected == NR_THREADS, how, "%d of %d as expected",
		  as_expected.load(), NR_THREADS);
	as_expected = 0;
}

int main(int argc, char **argv)
{
	REQUIRE(argc == 2);
	want_registered = !strcmp(argv[1], "registered");
	detach_waves_init(&waves);
	plan(7);

	const void *librseq_offset = dlsym(RTLD_DEFAULT, "rseq_offset");
	const void *glibc_offset = dlsym(RTLD_DEFAULT, "__rseq_offset");
	check((librseq_offset != NULL) == want_registered,
	      want_registered ? "librseq is in the process" : "librseq is not in the process");
	REQUIRE(librseq_offset || glibc_offset);
	offset = *(const ptrdiff_t *) (librseq_offset ? librseq_offset : glibc_offset);

	record(cpu_id_at(offset));
	check(as_expected == 1, "the initial thread is %s",
	      want_registered ? "registered" : "not registered");
	as_expected = 0;

	for (int i = 0; i < NR_THREADS; i++) {
		pthread_t t;

		REQUIRE(pthread_create(&t, NULL, posix_thread, NULL) == 0);
		REQUIRE(pthread_join(t, NULL) == 0);
	}
	report("pthread_create, joinable");
	for (int i = 0; i < NR_THREADS; i++) {
		pthread_t t;

		REQUIRE(pthread_create(&t, NULL, posix_thread, detach_waves_gate(&waves, i)) == 0);
		REQUIRE(pthread_detach(t) == 0);
		detach_waves_detached(&waves, i, NR_THREADS);
	}
	report("pthread_create, detached");
	for (int i = 0; i < NR_THREADS; i++)
		std::thread(std_thread, nullptr).join();
	report("std::thread, joined");
	for (int i = 0; i < NR_THREADS; i++) {
		std::thread(std_thread, detach_waves_gate(&waves, i)).detach();
		detach_waves_detached(&waves, i, NR_THREADS);
	}
	report("std::thread, detached");
	for (int i = 0; i < NR_THREADS; i++) {
		thrd_t t;

		REQUIRE(thrd_create(&t, c11_thread, NULL) == thrd_success);
		REQUIRE(thrd_join(t, NULL) == thrd_success);
	}
	report("thrd_create");
	return 0;
}
