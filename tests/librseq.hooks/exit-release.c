/* SPDX-License-Identifier: MIT */
/* exit-release libc|librseq: the reference the hooks took for a new thread
   is released however the thread ends: its start routine returns, it calls
   pthread_exit() or thrd_exit(), it is cancelled at a cancellation point or
   asynchronously.  When librseq owns the registration, that last release
   unregisters the area (the kernel then resets cpu_id to -1); a reference
   the thread still holds keeps it registered.  When glibc owns it, glibc
   keeps every thread registered to the end.

   What a thread sees at its very end is read by a thread-specific-data
   destructor of the test that runs a second round, after every first-round
   destructor (librseq's release among them) has run.  */
#define _GNU_SOURCE
#include <pthread.h>
#include <threads.h>
#include <unistd.h>
#include "rseq-threads.h"

struct outcome {
	int32_t cpu_at_start;
	int32_t cpu_at_end;
	int rounds;
};

static pthread_key_t probe_key;
static pthread_barrier_t running;

static void probe(void *arg)
{
	struct outcome *o = arg;

	if (++o->rounds == 1) {
		/* Come back in the next round.  */
		pthread_setspecific(probe_key, o);
		return;
	}
	o->cpu_at_end = rseq_current_cpu_raw();
}

static void start(struct outcome *o)
{
	o->cpu_at_start = rseq_current_cpu_raw();
	REQUIRE(pthread_setspecific(probe_key, o) == 0);
}

static void *returns(void *arg)
{
	start(arg);
	return NULL;
}

static void *exits(void *arg)
{
	start(arg);
	pthread_exit(NULL);
}

static void *keeps_a_reference(void *arg)
{
	start(arg);
	REQUIRE(rseq_register_current_thread() == 0);
	return NULL;
}

static void *cancelled_in_read(void *arg)
{
	int fds[2];
	char c;

	start(arg);
	REQUIRE(pipe(fds) == 0);
	pthread_barrier_wait(&running);
	/* Nothing is ever written: read() waits until the cancellation.  */
	(void) !read(fds[0], &c, 1);
	return NULL;
}

static void *cancelled_anywhere(void *arg)
{
	volatile unsigned long spins = 0;

	start(arg);
	REQUIRE(pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL) == 0);
	pthread_barrier_wait(&running);
	for (;;)
		spins++;
	return NULL;
}

static int c11_exits(void *arg)
{
	start(arg);
	thrd_exit(0);
}

static struct outcome run(void *(*routine)(void *), bool cancel)
{
	struct outcome o = { -9, -9, 0 };
	pthread_t t;

	REQUIRE(pthread_create(&t, NULL, routine, &o) == 0);
	if (cancel) {
		pthread_barrier_wait(&running);
		REQUIRE(pthread_cancel(t) == 0);
	}
	REQUIRE(pthread_join(t, NULL) == 0);
	return o;
}

static void expect(struct outcome o, bool registered_at_end, const char *how)
{
	char name[160];

	snprintf(name, sizeof(name), "%s: registered at its start", how);
	check_why(o.cpu_at_start >= 0, name, "cpu_id %d", o.cpu_at_start);
	snprintf(name, sizeof(name), "%s: %s at its end", how,
		 registered_at_end ? "still registered" : "unregistered");
	check_why(o.rounds == 2 && (registered_at_end ? o.cpu_at_end >= 0
				    : o.cpu_at_end == RSEQ_ABI_CPU_ID_UNINITIALIZED),
		  name, "cpu_id %d, %d destructor rounds", o.cpu_at_end, o.rounds);
}

int main(int argc, char **argv)
{
	const bool librseq = librseq_mode(argc, argv);
	/* Unregistered at the end when librseq released the last reference.  */
	const bool kept = !librseq;

	plan(12);
	REQUIRE(pthread_key_create(&probe_key, probe) == 0);
	REQUIRE(pthread_barrier_init(&running, NULL, 2) == 0);

	expect(run(returns, false), kept, "start routine returns");
	expect(run(exits, false), kept, "pthread_exit()");
	expect(run(cancelled_in_read, true), kept,
	       "cancelled in read()");
	expect(run(cancelled_anywhere, true), kept,
	       "cancelled asynchronously");
	expect(run(keeps_a_reference, false), true,
	       "holds a reference of its own");

	struct outcome o = { -9, -9, 0 };
	thrd_t t;
	REQUIRE(thrd_create(&t, c11_exits, &o) == thrd_success);
	REQUIRE(thrd_join(t, NULL) == thrd_success);
	expect(o, kept, "C11 thread, thrd_exit()");
	return 0;
}
