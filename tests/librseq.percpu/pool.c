/* SPDX-License-Identifier: MIT */
#include "pool.h"

static const struct pool *pool;
static long nr_items;
/* Per item: 1 while a thread holds it between pop and push; at the end, how
   many times it was found.  */
static int *held;
static int *found;
static unsigned long bad_items, double_holds, full, pops;

static int pool_pop(long *id)
{
	int idx, ret;

	do
		ret = STRESS_ON_THIS_CPU(idx, pool->pop_at(idx, id));
	while (ret == POOL_RETRY);
	return ret;
}

static int pool_push(long id)
{
	int idx, ret;

	do
		ret = STRESS_ON_THIS_CPU(idx, pool->push_at(idx, id));
	while (ret == POOL_RETRY);
	return ret;
}

static void pool_body(struct stress_worker *w)
{
	while (stress_more(w)) {
		long id;
		int ret = pool_pop(&id);

		if (ret < 0)
			return;
		if (ret == POOL_DONE) {
			__atomic_fetch_add(&pops, 1, __ATOMIC_RELAXED);
			if (id < 0 || id >= nr_items) {
				__atomic_fetch_add(&bad_items, 1, __ATOMIC_RELAXED);
				return;
			}
			/* A duplicated item may be held by two threads at once.  */
			if (__atomic_exchange_n(&held[id], 1, __ATOMIC_ACQ_REL))
				__atomic_fetch_add(&double_holds, 1, __ATOMIC_RELAXED);
			__atomic_store_n(&held[id], 0, __ATOMIC_RELEASE);
			ret = pool_push(id);
			if (ret < 0)
				return;
			if (ret == POOL_FULL)
				__atomic_fetch_add(&full, 1, __ATOMIC_RELAXED);
		}
		w->reps_done++;
	}
}

static void found_item(long id)
{
	if (id < 0 || id >= nr_items)
		bad_items++;
	else
		found[id]++;
}

void pool_run(const struct pool *p)
{
	pool = p;
	nr_items = (long) inject_options.threads * POOL_ITEMS_PER_THREAD;
	held = stress_alloc((size_t) nr_items, sizeof(*held));
	found = stress_alloc((size_t) nr_items, sizeof(*found));
	pool->init(nr_items);
	for (long id = 0; id < nr_items; id++)
		pool->seed((int) (id % stress_nr_slots), id);
	stress_run(pool_body, NULL);

	for (int idx = 0; idx < stress_nr_slots; idx++)
		pool->drain(idx, found_item);
	long lost = 0, duplicated = 0;
	for (long id = 0; id < nr_items; id++) {
		lost += found[id] == 0;
		duplicated += found[id] > 1;
	}
	check_why(bad_items == 0, "what was popped or left were valid items",
		  "%lu invalid", bad_items);
	check_why(double_holds == 0, "no item was popped while another thread held it",
		  "%lu times", double_holds);
	check_why(lost == 0 && duplicated == 0 && full == 0,
		  "every item is in a container exactly once at the end",
		  "%ld of %ld lost, %ld duplicated, %lu pushes found no room",
		  lost, nr_items, duplicated, full);
	check_why(pops > 0, "items were popped", "none");
}
