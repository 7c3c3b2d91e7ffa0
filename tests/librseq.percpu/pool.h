/* SPDX-License-Identifier: MIT */
/* What the per-CPU containers (list, pointer buffer, memcpy buffer) share:
   numbered items start spread over the CPUs' containers; each repetition
   pops one from the current CPU's and pushes it back, possibly on another
   CPU; at the end every item must be in some container exactly once.  */
#ifndef LIBRSEQ_TESTS_PERCPU_POOL_H
#define LIBRSEQ_TESTS_PERCPU_POOL_H

#include "stress.h"

/* The results of pop_at and push_at.  */
enum {
	POOL_DONE = 0,
	POOL_RETRY = 1,		/* a comparison failed: the container changed */
	POOL_EMPTY = 2,		/* pop */
	POOL_FULL = 2,		/* push */
};

struct pool {
	/* Before the run, single-threaded: make capacity for NR_ITEMS items
	   in every container, and put item ID in container IDX.  */
	void (*init)(long nr_items);
	void (*seed)(int idx, long id);
	/* One attempt on container IDX (the current CPU's): a POOL_ value,
	   or -1 when the sequence aborted.  pop_at stores the item's id, or
	   -1 when what it popped is no item.  Both call inject_window()
	   between reading the container and the sequence.  */
	int (*pop_at)(int idx, long *id);
	int (*push_at)(int idx, long id);
	/* After the run, single-threaded: call FOUND for every item in
	   container IDX.  */
	void (*drain)(int idx, void (*found)(long id));
};

/* The index of the element P points to in BASE[COUNT] (elements of SIZE
   bytes), or -1 if it points anywhere else.  */
static inline long pool_element(const void *base, size_t size, long count, intptr_t p)
{
	const uintptr_t off = (uintptr_t) p - (uintptr_t) base;

	if (off % size || off / size >= (uintptr_t) count)
		return -1;
	return (long) (off / size);
}

/* Runs the stress on POOL and prints POOL_CHECKS checks.  */
void pool_run(const struct pool *pool);
enum { POOL_CHECKS = 4 };

/* Items per worker thread.  */
enum { POOL_ITEMS_PER_THREAD = 16 };

#endif
