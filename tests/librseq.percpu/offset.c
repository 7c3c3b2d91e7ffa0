/* SPDX-License-Identifier: MIT */
/* offset: workers add 1 to their CPU's entry of the active array, through
   the pointer to it (rseq_load_add_load_load_add_store__ptr).  Meanwhile
   the manager makes a fresh array active and fences the CPUs with
   membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ, MEMBARRIER_CMD_FLAG_CPU):
   every sequence that may still hold the old pointer is restarted, so what
   the retired array holds after the fence is final.  The manager keeps
   checking that, and the total over all arrays is exact.

   With the helpers (-H), cpu_opv() vectors write the entries too, from any
   CPU, and no membarrier waits for a vector in flight (one that compared
   the pointer before the swap may add after the fence).  The fence is then
   a vector of the manager's own on each index: see exclude_with_opv().

   Without the helpers, on a kernel that cannot fence one CPU (the probes
   "membarrier-rseq" and "membarrier-cpu"), the manager never swaps: the
   workers still run and the total is still checked, and the two checks
   about retired arrays are UNSUPPORTED.  */
#define _GNU_SOURCE
#include "stress.h"
#include "probe-membarrier.h"

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
/* Why no array can be retired here, or NULL.  */
static const char *no_fence;

static int add_at(int idx)
{
	inject_window();
	return STRESS_OP(rseq_load_add_load_load_add_store__ptr, RSEQ_MO_RELAXED,
			 inject_options.mode, &active, (long) (idx * sizeof(struct offset_slot)),
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
	REQUIRE(probe_membarrier_call(MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ,
				      MEMBARRIER_CMD_FLAG_CPU, cpu) == 0);
}

/* cpu_opv() runs this vector (a comparison of the active pointer with the
   new array, which holds) atomically with respect to every per-CPU
   operation and every other vector on IDX.  A sequence or a vector on IDX
   that read the old pointer has therefore either committed before it, or
   it aborts (a sequence) or fails its comparison (a vector, which the
   helper then builds again from the new pointer) after it: once it
   returns, entry IDX of the retired array is final.  That holds for the
   CPU's entry in the cpu_id mode and for the mm_cid's in the other.  */
static void exclude_with_opv(const struct generation *now, int idx)
{
	const intptr_t expect = (intptr_t) now->slots;
	struct cpu_op op;

	memset(&op, 0, sizeof(op));
	op.op = CPU_COMPARE_EQ_OP;
	op.len = sizeof(intptr_t);
	op.u.compare_op.a = (uintptr_t) &active;
	op.u.compare_op.b = (uintptr_t) &expect;
	REQUIRE(cpu_opv(&op, 1, idx,
			inject_options.mode == RSEQ_PERCPU_MM_CID ? CPU_OP_MM_CID_FLAG : 0) == 0);
}

static void record_final(struct generation *g, int idx)
{
	g->final[idx] = __atomic_load_n(&g->slots[idx].count, __ATOMIC_RELAXED);
}

/* After the swap, without the helpers: indexed by CPU, an entry is final
   once its CPU is fenced (only sequences running there may write it);
   indexed by mm_cid, a thread may write any entry from any CPU, so all
   must be fenced first.  */
static void fence_with_membarrier(struct generation *g)
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
}

/* With them: every index, each final once the manager's vector ran.  */
static void fence_with_opv(struct generation *g, const struct generation *now)
{
	for (int idx = 0; idx < stress_nr_slots; idx++) {
		exclude_with_opv(now, idx);
		record_final(g, idx);
	}
}

static void retire(struct generation *g, const struct generation *now)
{
	if (inject_options.helpers)
		fence_with_opv(g, now);
	else
		fence_with_membarrier(g);
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
	if (!no_fence && nr_gens < MAX_GENERATIONS && stress_now_ms() >= next_swap_ms) {
		struct generation *old = &gens[nr_gens - 1];

		new_generation();
		retire(old, &gens[nr_gens - 1]);
		next_swap_ms = stress_now_ms() + swap_period_ms;
	}
	poll(NULL, 0, 1);
}

static void offset_run(void)
{
	static char why[256];

	REQUIRE(rseq_arch_has_load_add_load_load_add_store());
	REQUIRE(sched_getaffinity(0, sizeof(allowed), &allowed) == 0);
	/* The probe registers the process, which the fences need.  */
	if (!inject_options.helpers && !probe_membarrier_cpu(why, sizeof(why)))
		no_fence = why;
	/* Spread the generations over the time bound.  */
	swap_period_ms = inject_options.duration_ms / (MAX_GENERATIONS / 2);
	new_generation();
	const long total = stress_run(offset_body, manager);
	check_retired();

	intptr_t sum = 0;
	for (int i = 0; i < nr_gens; i++)
		for (int idx = 0; idx < stress_nr_slots; idx++)
			sum += gens[i].slots[idx].count;
	if (no_fence) {
		unsupported("the manager retired arrays: %s", no_fence);
		unsupported("no retired array changed after its fence: %s", no_fence);
	} else {
		check_why(nr_retired > 0, "the manager retired arrays", "none");
		check_why(changed_after_fence == 0, "no retired array changed after its fence",
			  "%ld changes seen", changed_after_fence);
	}
	check_why(sum == total, "the arrays add up to the additions",
		  "sum %ld, %ld additions", (long) sum, total);
	note("%d arrays", nr_gens);
}

const struct stress_test stress_offset = { "offset", 3, offset_run };
