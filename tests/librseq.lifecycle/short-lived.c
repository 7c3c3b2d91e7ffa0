/* SPDX-License-Identifier: MIT */
/* short-lived libc|librseq: 10 000 short-lived threads on a few stacks of
   the test's own, each reused as soon as its thread is joined, then
   10 000 more on glibc's stacks (which glibc caches and hands to the next
   threads), several at a time, joinable and detached.  Every thread is
   registered from its first statement, with its area in its own stack.
   When librseq owns the registration, the area found there once the
   thread is joined has been unregistered (the kernel set cpu_id to -1
   then); glibc never unregisters its own.  The stack is then filled with a
   pattern, which must still be intact when the stack is given to the next
   thread: nothing (the kernel updating an area still registered, say)
   writes into the memory of a thread that is gone.  */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <semaphore.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "rseq-threads.h"

enum {
	NR_THREADS = 10000,
	NR_STACKS = 4,
	WAVE = 8,		/* threads alive at once on glibc's stacks */
	PATTERN = 0xa5,
};

/* 64 KiB, or the least glibc takes (128 KiB on aarch64, found when the
   test first ran there, in librseq.vm).  */
static size_t stack_size = 64 * 1024;

struct stack {
	unsigned char *base;
	bool poisoned;
};

struct seen {
	int32_t cpu;
	uintptr_t area;
	bool calls_pthread_exit;
};

static void *on_own_stack(void *arg)
{
	struct seen *s = arg;

	s->cpu = rseq_current_cpu_raw();
	s->area = (uintptr_t) rseq_get_abi();
	sched_yield();
	if (s->calls_pthread_exit)
		pthread_exit(NULL);
	return NULL;
}

static bool pattern_intact(const unsigned char *p)
{
	for (size_t i = 0; i < stack_size; i++)
		if (p[i] != PATTERN)
			return false;
	return true;
}

static bool librseq;

static void own_stacks(void)
{
	struct stack stacks[NR_STACKS];
	int registered = 0, inside = 0, released = 0, intact = 0, reuses = 0;
	const long least = sysconf(_SC_THREAD_STACK_MIN);

	if (least > 0 && (size_t) least > stack_size)
		stack_size = (size_t) least;

	for (int i = 0; i < NR_STACKS; i++) {
		stacks[i].base = mmap(NULL, stack_size, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
		REQUIRE(stacks[i].base != MAP_FAILED);
		stacks[i].poisoned = false;
	}
	for (int i = 0; i < NR_THREADS; i++) {
		struct stack *st = &stacks[i % NR_STACKS];
		struct seen s = { -9, 0, i % 2 };
		pthread_attr_t attr;
		pthread_t t;

		if (st->poisoned) {
			reuses++;
			intact += pattern_intact(st->base);
		}
		REQUIRE(pthread_attr_init(&attr) == 0);
		REQUIRE(pthread_attr_setstack(&attr, st->base, stack_size) == 0);
		REQUIRE(pthread_create(&t, &attr, on_own_stack, &s) == 0);
		REQUIRE(pthread_join(t, NULL) == 0);
		REQUIRE(pthread_attr_destroy(&attr) == 0);
		registered += s.cpu >= 0;
		const bool in_stack = s.area >= (uintptr_t) st->base &&
			s.area + sizeof(struct rseq_abi) <= (uintptr_t) st->base + stack_size;
		inside += in_stack;
		if (in_stack) {
			const int32_t cpu_after =
				(int32_t) RSEQ_READ_ONCE(((struct rseq_abi *) s.area)->cpu_id);
			released += librseq ? cpu_after == RSEQ_ABI_CPU_ID_UNINITIALIZED
					    : cpu_after >= 0;
		}
		memset(st->base, PATTERN, stack_size);
		st->poisoned = true;
	}
	check_why(registered == NR_THREADS,
		  "10000 threads on 4 reused stacks: registered from their first statement",
		  "%d of %d", registered, NR_THREADS);
	check_why(inside == NR_THREADS, "10000 threads on 4 reused stacks: each area in its stack",
		  "%d of %d", inside, NR_THREADS);
	check_why(released == NR_THREADS,
		  librseq ? "10000 threads on 4 reused stacks: each area unregistered once joined"
			  : "10000 threads on 4 reused stacks: each area left as glibc left it",
		  "%d of %d", released, NR_THREADS);
	check_why(intact == reuses && reuses == NR_THREADS - NR_STACKS,
		  "10000 threads on 4 reused stacks: nothing wrote into a joined thread's stack",
		  "%d of %d reused stacks intact", intact, reuses);
	for (int i = 0; i < NR_STACKS; i++)
		REQUIRE(munmap(stacks[i].base, stack_size) == 0);
}

static int glibc_registered;
static sem_t detached_done;

static void *on_glibc_stack(void *detached)
{
	const int32_t cpu = rseq_current_cpu_raw();

	if (cpu >= 0)
		__atomic_fetch_add(&glibc_registered, 1, __ATOMIC_RELAXED);
	if (detached)
		sem_post(&detached_done);
	return NULL;
}

static void glibc_stacks(void)
{
	pthread_attr_t detached;

	REQUIRE(sem_init(&detached_done, 0, 0) == 0);
	REQUIRE(pthread_attr_init(&detached) == 0);
	REQUIRE(pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED) == 0);
	for (int i = 0; i < NR_THREADS; i += WAVE) {
		pthread_t t[WAVE];

		for (int k = 0; k < WAVE; k++) {
			const bool is_detached = k % 2;

			REQUIRE(pthread_create(&t[k], is_detached ? &detached : NULL,
					       on_glibc_stack, (void *) is_detached) == 0);
		}
		for (int k = 0; k < WAVE; k++) {
			if (k % 2)
				while (sem_wait(&detached_done) != 0)
					REQUIRE(errno == EINTR);
			else
				REQUIRE(pthread_join(t[k], NULL) == 0);
		}
	}
	REQUIRE(pthread_attr_destroy(&detached) == 0);
	check_why(glibc_registered == NR_THREADS,
		  "10000 threads on glibc's cached stacks, 8 at a time: registered from their "
		  "first statement", "%d of %d", glibc_registered, NR_THREADS);
}

int main(int argc, char **argv)
{
	librseq = librseq_mode(argc, argv);
	plan(5);
	own_stacks();
	glibc_stacks();
	return 0;
}
