/* SPDX-License-Identifier: MIT */
/* The floor's loops (floor.h through floor-loops.h), the groups that set
   the library's operations beside it and the targets they are held to:
   with the cpu_opv() fence check at most 1.10x the floor, without it at
   most 1.05x.  */
#include <stdlib.h>
#include <string.h>
#include <rseq/rseq.h>
#include "floor-cases.h"
#include "percpu-cases.h"

#define FLOOR_INDEX_OFFSET	4
#define FLOOR_SUFFIX		_cpu_id
#include "floor.h"
#undef FLOOR_INDEX_OFFSET
#undef FLOOR_SUFFIX
#define FLOOR_INDEX_OFFSET	24
#define FLOOR_SUFFIX		_mm_cid
#include "floor.h"
#undef FLOOR_INDEX_OFFSET
#undef FLOOR_SUFFIX

enum { NODES_PER_LIST = 8 };

struct floor_line *floor_lines(int nr_cpus)
{
	const size_t n = (size_t) nr_cpus;
	struct floor_line *lines = NULL;
	struct floor_node *nodes = NULL;

	if (posix_memalign((void **) &lines, 64, n * sizeof(*lines)) ||
	    posix_memalign((void **) &nodes, 64, n * NODES_PER_LIST * sizeof(*nodes))) {
		free(lines);
		return NULL;
	}
	memset(lines, 0, n * sizeof(*lines));
	for (size_t i = 0; i < n * NODES_PER_LIST; i++) {
		struct floor_line *line = &lines[i % n];

		nodes[i].next = line->list;
		line->list = (intptr_t) &nodes[i];
	}
	return lines;
}

/* The global atomic add, for the counter groups: what the operations
   replace.  */
static __attribute__((noinline)) unsigned long global_atomic(unsigned long n)
{
	static intptr_t counter __attribute__((aligned(64)));

	for (unsigned long i = 0; i < n; i++)
		__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
	return n;
}

static unsigned long global_atomic_2(unsigned long n)
{
	return percpu_on_two_threads(global_atomic, n);
}

const struct bench_case floor_global_atomic_1t = {
	"global_atomic_1t", "atomic add, one global counter", global_atomic
};
const struct bench_case floor_global_atomic_2t = {
	"global_atomic_2t", "atomic add, one global counter", global_atomic_2
};

#if BENCH_HAVE_FLOOR

#define FLOOR_LABEL_ADD		"floor: hand-written add"
#define FLOOR_LABEL_CAS		"floor: hand-written compare-and-store"
#define FLOOR_LABEL_LIST	"floor: hand-written pop + push"

#define FLOOR_PREFIX	floor_cpu_id
#define FLOOR_INDEX	rseq_cpu_start
#define FLOOR_ADD_OP	floor_add_cpu_id
#define FLOOR_CAS_OP	floor_cas_cpu_id
#define FLOOR_POP_OP	floor_pop_cpu_id
#include "floor-loops.h"

#define FLOOR_PREFIX	floor_mm_cid
#define FLOOR_INDEX	rseq_current_mm_cid
#define FLOOR_ADD_OP	floor_add_mm_cid
#define FLOOR_CAS_OP	floor_cas_mm_cid
#define FLOOR_POP_OP	floor_pop_mm_cid
#include "floor-loops.h"

#define GROUP(title, threads, mm_cid, mode, op, ...)				\
	{ title, threads,							\
	  (const struct bench_case *const[]) {					\
		&floor_##mode##_cases[op], &ops_##mode##_cases[op],		\
		&nofence_##mode##_cases[op], __VA_ARGS__ },			\
	  sizeof((const struct bench_case *const[]) {				\
		&floor_##mode##_cases[op], &ops_##mode##_cases[op],		\
		&nofence_##mode##_cases[op], __VA_ARGS__ }) / sizeof(void *),	\
	  mm_cid }

#define MODE_GROUPS(mode, mm_cid)						\
	GROUP("counter add against the floor, " #mode, 1, mm_cid, mode,		\
	      FLOOR_ADD_1T, &floor_global_atomic_1t),				\
	GROUP("counter add against the floor, " #mode, 2, mm_cid, mode,		\
	      FLOOR_ADD_2T, &floor_global_atomic_2t),				\
	GROUP("compare-and-store against the floor, " #mode, 1, mm_cid, mode,	\
	      FLOOR_CAS_1T),							\
	GROUP("compare-and-store against the floor, " #mode, 2, mm_cid, mode,	\
	      FLOOR_CAS_2T),							\
	GROUP("list pop + push against the floor, " #mode, 1, mm_cid, mode,	\
	      FLOOR_LIST_1T),							\
	GROUP("list pop + push against the floor, " #mode, 2, mm_cid, mode,	\
	      FLOOR_LIST_2T)

const struct percpu_group floor_groups[] = {
	MODE_GROUPS(cpu_id, false),
	MODE_GROUPS(mm_cid, true),
};
const size_t floor_group_count = sizeof(floor_groups) / sizeof(floor_groups[0]);

#define TARGETS(mode, op, key)							\
	{ "ops_vs_floor_" #mode "_" key, &ops_##mode##_cases[op],		\
	  &floor_##mode##_cases[op], true, 1.10 },				\
	{ "nofence_vs_floor_" #mode "_" key, &nofence_##mode##_cases[op],	\
	  &floor_##mode##_cases[op], true, 1.05 }
#define MODE_TARGETS(mode)							\
	TARGETS(mode, FLOOR_ADD_1T, "add_1t"),					\
	TARGETS(mode, FLOOR_ADD_2T, "add_2t"),					\
	TARGETS(mode, FLOOR_CAS_1T, "cas_1t"),					\
	TARGETS(mode, FLOOR_CAS_2T, "cas_2t"),					\
	TARGETS(mode, FLOOR_LIST_1T, "list_1t"),				\
	TARGETS(mode, FLOOR_LIST_2T, "list_2t")

const struct bench_target floor_targets[] = {
	MODE_TARGETS(cpu_id),
	MODE_TARGETS(mm_cid),
};
const size_t floor_target_count = sizeof(floor_targets) / sizeof(floor_targets[0]);

#else /* !BENCH_HAVE_FLOOR */

const struct percpu_group floor_groups[1];
const size_t floor_group_count = 0;
const struct bench_target floor_targets[1];
const size_t floor_target_count = 0;

#endif

const char *floor_setup(int nr_cpus)
{
	const char *(*const setups[])(int) = {
#if BENCH_HAVE_FLOOR
		floor_cpu_id_setup, floor_mm_cid_setup,
#endif
		ops_cpu_id_setup, ops_mm_cid_setup, nofence_cpu_id_setup, nofence_mm_cid_setup,
	};

	for (size_t i = 0; i < sizeof(setups) / sizeof(setups[0]); i++) {
		const char *problem = setups[i](nr_cpus);

		if (problem)
			return problem;
	}
	return NULL;
}

/* rseq-info's table: the counter add, cpu_id mode, one thread.  */
size_t floor_quick_cases(const struct bench_case *cases[FLOOR_QUICK_MAX])
{
	size_t n = 0;

#if BENCH_HAVE_FLOOR
	cases[n++] = &floor_cpu_id_cases[FLOOR_ADD_1T];
#endif
	cases[n++] = &ops_cpu_id_cases[FLOOR_ADD_1T];
	cases[n++] = &floor_global_atomic_1t;
	return n;
}

void floor_quick_report(struct bench_report *r, const struct bench_settings *settings,
			const struct bench_result *results, size_t n)
{
	r->settings = settings;
	r->results = results;
	r->n = n;
	r->baseline = results[0].bcase;
	r->targets = floor_targets;
	r->n_targets = floor_target_count;
	r->note = NULL;
}
