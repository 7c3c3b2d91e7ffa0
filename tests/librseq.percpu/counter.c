/* SPDX-License-Identifier: MIT */
/* counter: every thread adds 1 to the current CPU's counter with
   rseq_load_add_store__ptr; the counters add up to the repetitions.  */
#include "stress.h"

struct counter_slot {
	intptr_t count;
} __attribute__((aligned(64)));

static struct counter_slot *slots;

static int add_at(int idx)
{
	inject_window();
	return STRESS_OP(rseq_load_add_store__ptr, RSEQ_MO_RELAXED, inject_options.mode,
			 &STRESS_SLOT(slots, idx)->count, 1, idx);
}

static void counter_body(struct stress_worker *w)
{
	stress_repeat(w, add_at);
}

static void counter_run(void)
{
	slots = stress_percpu_alloc(sizeof(*slots));
	const long total = stress_run(counter_body, NULL);
	intptr_t sum = 0;

	for (int i = 0; i < stress_nr_slots; i++)
		sum += STRESS_SLOT(slots, i)->count;
	check_why(sum == total, "the per-CPU counters add up to the additions",
		  "sum %ld, %ld additions", (long) sum, total);
}

const struct stress_test stress_counter = { "counter", 1, counter_run };
