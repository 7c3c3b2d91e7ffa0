/* SPDX-License-Identifier: MIT */
/* The loops of bench-percpu's floor comparison, written once for every
   implementation so that only the sequences differ.  Before including,
   define FLOOR_PREFIX (the implementation and mode, e.g. floor_cpu_id),
   FLOOR_LABEL_ADD, FLOOR_LABEL_CAS and FLOOR_LABEL_LIST (how the
   table names the cases; kept for the next inclusion), FLOOR_INDEX() (the index the
   thread reads) and the sequences FLOOR_ADD_OP(v, count, cpu),
   FLOOR_CAS_OP(v, expect, newv, cpu) and FLOOR_POP_OP(v, load, cpu), with
   the return values of the operations.  Each loop takes the index, runs
   the sequence and retries on abort; the list loop pops a node and pushes
   it back (the push is a compare-and-store of the head).  No include
   guard on purpose.  */
#include <stdint.h>
#include <rseq/rseq.h>

#define FLOOR_P_(a, b)	a##b
#define FLOOR_P(a, b)	FLOOR_P_(a, b)
#define FLOOR_FN(name)	FLOOR_P(FLOOR_PREFIX, name)

static struct floor_line *FLOOR_FN(_lines);

static __attribute__((noinline)) unsigned long FLOOR_FN(_add)(unsigned long n)
{
	struct floor_line *const lines = FLOOR_FN(_lines);

	for (unsigned long i = 0; i < n; i++) {
		int cpu;

		do
			cpu = (int) FLOOR_INDEX();
		while (rseq_unlikely(FLOOR_ADD_OP(&lines[cpu].counter, 1, cpu) != 0));
	}
	return n;
}

static __attribute__((noinline)) unsigned long FLOOR_FN(_cas)(unsigned long n)
{
	struct floor_line *const lines = FLOOR_FN(_lines);

	for (unsigned long i = 0; i < n; i++) {
		intptr_t old;
		int cpu;

		do {
			cpu = (int) FLOOR_INDEX();
			old = RSEQ_READ_ONCE(lines[cpu].value);
		} while (rseq_unlikely(FLOOR_CAS_OP(&lines[cpu].value, old, old + 1, cpu) != 0));
	}
	return n;
}

static __attribute__((noinline)) unsigned long FLOOR_FN(_list)(unsigned long n)
{
	struct floor_line *const lines = FLOOR_FN(_lines);
	unsigned long popped = 0;

	for (unsigned long i = 0; i < n; i++) {
		intptr_t node = 0, head;
		int cpu, ret;

		do {
			cpu = (int) FLOOR_INDEX();
			ret = FLOOR_POP_OP(&lines[cpu].list, &node, cpu);
		} while (rseq_unlikely(ret < 0));
		if (rseq_unlikely(ret > 0))
			continue;	/* empty */
		popped++;
		do {
			cpu = (int) FLOOR_INDEX();
			head = RSEQ_READ_ONCE(lines[cpu].list);
			((struct floor_node *) node)->next = head;
		} while (rseq_unlikely(FLOOR_CAS_OP(&lines[cpu].list, head, node, cpu) != 0));
	}
	return popped;
}

static unsigned long FLOOR_FN(_add_2)(unsigned long n)
{
	return percpu_on_two_threads(FLOOR_FN(_add), n);
}

static unsigned long FLOOR_FN(_cas_2)(unsigned long n)
{
	return percpu_on_two_threads(FLOOR_FN(_cas), n);
}

static unsigned long FLOOR_FN(_list_2)(unsigned long n)
{
	return percpu_on_two_threads(FLOOR_FN(_list), n);
}

#define FLOOR_KEY	__rseq_str(FLOOR_PREFIX)
const struct bench_case FLOOR_FN(_cases)[FLOOR_NR_CASES] = {
	[FLOOR_ADD_1T] = { FLOOR_KEY "_add_1t", FLOOR_LABEL_ADD, FLOOR_FN(_add) },
	[FLOOR_ADD_2T] = { FLOOR_KEY "_add_2t", FLOOR_LABEL_ADD, FLOOR_FN(_add_2) },
	[FLOOR_CAS_1T] = { FLOOR_KEY "_cas_1t", FLOOR_LABEL_CAS, FLOOR_FN(_cas) },
	[FLOOR_CAS_2T] = { FLOOR_KEY "_cas_2t", FLOOR_LABEL_CAS, FLOOR_FN(_cas_2) },
	[FLOOR_LIST_1T] = { FLOOR_KEY "_list_1t", FLOOR_LABEL_LIST, FLOOR_FN(_list) },
	[FLOOR_LIST_2T] = { FLOOR_KEY "_list_2t", FLOOR_LABEL_LIST, FLOOR_FN(_list_2) },
};

const char *FLOOR_FN(_setup)(int nr_cpus)
{
	FLOOR_FN(_lines) = floor_lines(nr_cpus);
	return FLOOR_FN(_lines) ? NULL : "out of memory";
}

#undef FLOOR_KEY
#undef FLOOR_FN
#undef FLOOR_P
#undef FLOOR_P_
#undef FLOOR_PREFIX
#undef FLOOR_INDEX
#undef FLOOR_ADD_OP
#undef FLOOR_CAS_OP
#undef FLOOR_POP_OP
