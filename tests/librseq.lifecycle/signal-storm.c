/* SPDX-License-Identifier: MIT */
/* signal-storm libc|librseq: a thread takes and drops references in a loop
   while another thread keeps sending it two signals whose handlers take
   and drop references too (and interrupt each other).  Every call
   succeeds, the thread is registered whenever it holds a reference, in the
   handlers as in the loop, and the counts end balanced.  On a thread the
   hooks did not register, each reference the loop takes is a 0 -> 1
   transition when librseq owns the registration, so handlers land in the
   middle of registrations and unregistrations; on a pthread_create()
   thread, the count never drops to 0.  */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include "rseq-threads.h"

enum {
	ITERATIONS = 20000,	/* loop rounds, at least */
	MIN_HANDLED = 500,	/* handlers that must have run before the loop stops */
	/* The bounds, far beyond what a working system needs (signals are
	   delivered whenever the looping thread enters the kernel): the
	   loop stops on MIN_HANDLED, however loaded the machine.  */
	MAX_ITERATIONS = 1000 * ITERATIONS,
	MAX_SIGNALS = 20000000,
};

static bool librseq;
static volatile sig_atomic_t handler_failures;
static volatile sig_atomic_t handled;
static volatile int target_done;

/* Takes DEPTH references, checks, drops them.  Returns false on any
   failure.  Async-signal-safe.  */
static bool take_and_drop(int depth)
{
	bool ok = true;

	for (int i = 0; i < depth; i++) {
		ok &= rseq_register_current_thread() == 0;
		ok &= rseq_current_cpu_raw() >= 0;
	}
	for (int i = 0; i < depth; i++)
		ok &= rseq_unregister_current_thread() == 0;
	return ok;
}

static void handler(int sig)
{
	const int saved_errno = errno;

	if (!take_and_drop(sig == SIGUSR1 ? 1 : 2))
		handler_failures = handler_failures + 1;
	handled = handled + 1;
	errno = saved_errno;
}

struct target {
	bool unhooked;
	bool loop_ok;		/* every call of the loop succeeded, registered, and
				   unregistered in between if nothing else holds it */
	bool balanced;		/* one more unregister: EINVAL */
	bool end_ok;		/* registered or not at the end, as expected */
	pthread_barrier_t started;
};

static void *target(void *arg)
{
	struct target *t = arg;
	int i = 0;

	t->loop_ok = true;
	pthread_barrier_wait(&t->started);
	for (; i < ITERATIONS || (handled < MIN_HANDLED && i < MAX_ITERATIONS); i++) {
		t->loop_ok &= take_and_drop(1 + i % 2);
		/* Holding nothing, with nothing else holding a reference: the
		   last release unregistered it (handlers have returned).  */
		if (t->unhooked && librseq)
			t->loop_ok &= rseq_current_cpu_raw() == RSEQ_ABI_CPU_ID_UNINITIALIZED;
		/* On the sender's CPU, let it send; back from the system
		   call, the pending signals are delivered.  */
		if (i % 64 == 0)
			sched_yield();
	}
	__atomic_store_n(&target_done, 1, __ATOMIC_RELEASE);
	errno = 0;
	t->balanced = rseq_unregister_current_thread() == -1 && errno == EINVAL;
	const int32_t cpu = rseq_current_cpu_raw();
	t->end_ok = t->unhooked && librseq ? cpu == RSEQ_ABI_CPU_ID_UNINITIALIZED : cpu >= 0;
	return NULL;
}

static void storm(bool unhooked, const char *who)
{
	struct target t = { .unhooked = unhooked };
	pthread_t thread;
	long sent = 0;

	handler_failures = 0;
	handled = 0;
	target_done = 0;
	REQUIRE(pthread_barrier_init(&t.started, NULL, 2) == 0);
	REQUIRE((unhooked ? create_unhooked_thread(&thread, target, &t)
			  : pthread_create(&thread, NULL, target, &t)) == 0);
	pthread_barrier_wait(&t.started);
	while (!__atomic_load_n(&target_done, __ATOMIC_ACQUIRE) && sent < MAX_SIGNALS) {
		REQUIRE(pthread_kill(thread, sent % 2 ? SIGUSR1 : SIGUSR2) == 0);
		sent++;
	}
	REQUIRE(pthread_join(thread, NULL) == 0);
	REQUIRE(pthread_barrier_destroy(&t.started) == 0);

	char name[128];
	snprintf(name, sizeof(name), "%s: the signals hit it (%d handlers ran at least)", who,
		 MIN_HANDLED);
	check_why(handled >= MIN_HANDLED, name, "%d handlers ran, %ld signals sent",
		  (int) handled, sent);
	check(t.loop_ok, "%s: every call of its loop succeeded, registered%s", who,
	      unhooked && librseq ? ", unregistered after each last release" : "");
	check(handler_failures == 0, "%s: every call of the handlers succeeded, registered", who);
	check(t.balanced && t.end_ok, "%s: counts balanced at the end, %s", who,
	      unhooked && librseq ? "unregistered" : "still registered");
}

int main(int argc, char **argv)
{
	struct sigaction sa;

	librseq = librseq_mode(argc, argv);
	plan(8);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);	/* the two handlers interrupt each other */
	REQUIRE(sigaction(SIGUSR1, &sa, NULL) == 0);
	REQUIRE(sigaction(SIGUSR2, &sa, NULL) == 0);

	storm(true, "an unhooked thread");
	storm(false, "a pthread_create() thread");
	return 0;
}
