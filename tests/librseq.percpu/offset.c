/* SPDX-License-Identifier: MIT */
/* offset: workers add 1 to their CPU's entry of the active array, through
   the pointer to it (rseq_load_add_load_load_add_store__ptr).  Meanwhile
   the manager makes a fresh array active and fences the CPUs with
   membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ, MEMBARRIER_CMD_FLAG_CPU):
   every sequence that may still hold the old pointer is restarted, so what
   the retired array holds after the fence is final.  The manager keeps
   checking that, and the total over all arrays is exact.  */
#define _GNU_SOURCE
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "stress.h"

struct offset_slot {
	intptr_t count;
} __attribute__((aligned(64)));

struct generation {
	struct offset_slot *slots;
	intptr_t *final;	/* the counts right after the fence */
	bool retired;
};

enum { MAX_GENERATIONS = 200 };

static struct generation gens[MAX_GENERATIONS];
static int nr_gens, nr_retired;
static intptr_t active;		/* struct offset_slot * */
static cpu_set_t allowed;
static long changed_after_fence;
static int64_t next_swap_ms, swap_period_ms;

static int membarrier(int cmd, unsigned int flags, int cpu)
{
	return (int) syscall(__NR_membarrier, cmd, flags, cpu);
}

static int add_at(int idx)
{
	inject_window();
	return rseq_load_add_load_load_add_store__ptr(RSEQ_MO_RELAXED, inject_options.mode,
						      &active,
						      (long) (idx * sizeof(struct offset_slot)),
						      1, idx);
}

static void offset_body(struct stress_worker *w)
{
	stress_repeat(w, add_at);
}

static void new_generation(void)
{
	struct generation *g = &gens[nr_gens++];

	g->slots = stress_alloc((size_t) stress_nr_slots, sizeof(*g->slots));
	g->final = stress_alloc((size_t) stress_nr_slots, sizeof(*g->final));
	/* Pairs with the workers' load of active (an address dependency).  */
	__atomic_store_n(&active, (intptr_t) g->slots, __ATOMIC_RELEASE);
}

static void fence_cpu(int cpu)
{
	REQUIRE(membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ, MEMBARRIER_CMD_FLAG_CPU,
			   cpu) == 0);
}

static void record_final(struct generation *g, int idx)
{
	g->final[idx] = __atomic_load_n(&g->slots[idx].count, __ATOMIC_RELAXED);
}

/* After the swap: indexed by CPU, an entry is final once its CPU is fenced
   (only sequences running there may write it); indexed by mm_cid, a thread
   may write any entry from any CPU, so all must be fenced first.  */
static void retire(struct generation *g)
{
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &allowed))
			continue;
		fence_cpu(cpu);
		if (inject_options.mode == RSEQ_PERCPU_CPU_ID && cpu < stress_nr_slots)
			record_final(g, cpu);
	}
	for (int idx = 0; idx < stress_nr_slots; idx++)
		if (inject_options.mode != RSEQ_PERCPU_CPU_ID || !CPU_ISSET(idx, &allowed))
			record_final(g, idx);
	g->retired = true;
	nr_retired++;
}

static void check_retired(void)
{
	for (int i = 0; i < nr_gens; i++) {
		const struct generation *g = &gens[i];

		if (!g->retired)
			continue;
		for (int idx = 0; idx < stress_nr_slots; idx++)
			if (__atomic_load_n(&g->slots[idx].count, __ATOMIC_RELAXED) != g->final[idx])
				changed_after_fence++;
	}
}

static void manager(void)
{
	check_retired();
	if (nr_gens < MAX_GENERATIONS && stress_now_ms() >= next_swap_ms) {
		struct generation *old = &gens[nr_gens - 1];

		new_generation();
		retire(old);
		next_swap_ms = stress_now_ms() + swap_period_ms;
	}
	poll(NULL, 0, 1);
}

static void offset_run(void)
{
	REQUIRE(rseq_arch_has_load_add_load_load_add_store());
	REQUIRE(sched_getaffinity(0, sizeof(allowed), &allowed) == 0);
	REQUIRE(membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ, 0, 0) == 0);
	/* Spread the generations over the time bound.  */
	swap_period_ms = inject_options.duration_ms / (MAX_GENERATIONS / 2);
	new_generation();
	const long total = stress_run(offset_body, manager);
	check_retired();

	intptr_t sum = 0;
	for (int i = 0; i < nr_gens; i++)
		for (int idx = 0; idx < stress_nr_slots; idx++)
			sum += gens[i].slots[idx].count;
	check_why(nr_retired > 0, "the manager retired arrays", "none");
	check_why(changed_after_fence == 0, "no retired array changed after its fence",
		  "%ld changes seen", changed_after_fence);
	check_why(sum == total, "the arrays add up to the additions",
		  "sum %ld, %ld additions", (long) sum, total);
	note("%d arrays", nr_gens);
}

const struct stress_test stress_offset = { "offset", 3, offset_run };
