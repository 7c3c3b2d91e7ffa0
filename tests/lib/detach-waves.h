/* SPDX-License-Identifier: MIT */
/* Many detached threads, created in waves so that no more than a wave of
   stacks exist at once (8 MiB each: a thousand would not fit in 32 bits).

   A thread its creator detaches with pthread_detach() (or
   std::thread::detach()) does not end before the creator is done
   detaching it.  glibc's pthread_detach() (2.36 at least) reads the
   thread's descriptor once more after marking it detached; a thread that
   ends in between sees itself detached and frees its own descriptor, and
   once it is gone another exiting thread may unmap its stack, where the
   descriptor is, to keep the stack cache within its size.
   pthread_detach() then faults (SIGSEGV on that read, seen under
   qemu-system on ppc64el about once in 50000 detached threads, in a plain
   program without librseq too): rare, since the creator must be preempted
   between two instructions while the thread ends and another one trims
   the stack cache.

   The creator calls detach_waves_detached() once it has detached thread
   I (or right after creating it, for a thread detached by its
   attributes); the thread ends with detach_waves_end(), given the gate
   that detach_waves_gate() returned for it.  */
#ifndef LIBRSEQ_TESTS_DETACH_WAVES_H
#define LIBRSEQ_TESTS_DETACH_WAVES_H

#include <errno.h>
#include <semaphore.h>
#include "check.h"

enum { DETACH_WAVE = 50 };

struct detach_waves {
	sem_t ended;			/* posted by each thread as it ends */
	sem_t gate[DETACH_WAVE];	/* a slot per thread of the wave */
};

static inline void detach_waves_init(struct detach_waves *w)
{
	REQUIRE(sem_init(&w->ended, 0, 0) == 0);
	for (int i = 0; i < DETACH_WAVE; i++)
		REQUIRE(sem_init(&w->gate[i], 0, 0) == 0);
}

static inline void detach_waves_wait(sem_t *sem)
{
	while (sem_wait(sem) != 0)
		REQUIRE(errno == EINTR);
}

/* What thread I of the creator's loop is handed.  */
static inline sem_t *detach_waves_gate(struct detach_waves *w, int i)
{
	return &w->gate[i % DETACH_WAVE];
}

/* The last thing the thread does.  */
static inline void detach_waves_end(struct detach_waves *w, sem_t *gate)
{
	detach_waves_wait(gate);
	REQUIRE(sem_post(&w->ended) == 0);
}

/* Thread I of N is detached: lets it end, and at the end of a wave waits
   for all of the wave's threads (whose gates the next wave reuses).  */
static inline void detach_waves_detached(struct detach_waves *w, int i, int n)
{
	REQUIRE(sem_post(detach_waves_gate(w, i)) == 0);
	if (i % DETACH_WAVE != DETACH_WAVE - 1 && i != n - 1)
		return;
	for (int k = i % DETACH_WAVE + 1; k > 0; k--)
		detach_waves_wait(&w->ended);
}

#endif
