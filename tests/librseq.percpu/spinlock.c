/* SPDX-License-Identifier: MIT */
/* spinlock: a per-CPU lock (taken by rseq_load_cbne_store__ptr 0 -> 1 on
   the current CPU's word, released by a store-release of 0) protects a
   plain read-then-write increment of that CPU's counter: the counters add
   up to the repetitions only if the lock excludes.  */
#include "stress.h"

struct lock_slot {
	intptr_t lock;
	intptr_t count;
} __attribute__((aligned(64)));

/* Spins between the read and the write of the counter, to widen the window
   a broken lock would leave open.  */
enum { HOLD_LOOPS = 20, SPINS_BEFORE_YIELD = 64 };

static struct lock_slot *slots;

static int trylock_at(int idx)
{
	inject_window();
	return STRESS_OP(rseq_load_cbne_store__ptr, RSEQ_MO_RELAXED, inject_options.mode,
			 &slots[idx].lock, 0, 1, idx);
}

/* Returns the index whose lock it took, or -1 when the run is abandoned.  */
static int percpu_lock(void)
{
	int idx;

	for (long spins = 1;; spins++) {
		const int ret = STRESS_ON_THIS_CPU(idx, trylock_at(idx));
		if (ret == 0)
			break;
		if (ret < 0 || stress_abandoned())
			return -1;
		/* The holder may be preempted on this very CPU: let it run.  */
		if (spins % SPINS_BEFORE_YIELD == 0)
			sched_yield();
	}
	/* Pairs with the store-release in percpu_unlock().  */
	rseq_smp_acquire__after_ctrl_dep();
	return idx;
}

static void percpu_unlock(int idx)
{
	rseq_smp_store_release(&slots[idx].lock, 0);
}

static void spinlock_body(struct stress_worker *w)
{
	while (stress_more(w)) {
		const int idx = percpu_lock();

		if (idx < 0)
			return;
		const intptr_t v = RSEQ_READ_ONCE(slots[idx].count);
		inject_spin(HOLD_LOOPS);
		RSEQ_WRITE_ONCE(slots[idx].count, v + 1);
		percpu_unlock(idx);
		w->reps_done++;
	}
}

static void spinlock_run(void)
{
	slots = stress_alloc((size_t) stress_nr_slots, sizeof(*slots));
	const long total = stress_run(spinlock_body, NULL);
	intptr_t sum = 0;
	int held = 0;

	for (int i = 0; i < stress_nr_slots; i++) {
		sum += slots[i].count;
		held += slots[i].lock != 0;
	}
	check_why(sum == total, "the counters the locks protect add up to the increments",
		  "sum %ld, %ld increments", (long) sum, total);
	check_why(held == 0, "every lock is free at the end", "%d held", held);
}

const struct stress_test stress_spinlock = { "spinlock", 2, spinlock_run };
