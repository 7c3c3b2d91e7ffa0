/* SPDX-License-Identifier: MIT */
/* The library's operations against the floor (floor.h) in the same run:
   counter add, compare-and-store, list pop + push; per-CPU mode cpu_id
   and mm_cid; at 1 and 2 threads.  Three implementations of the same
   loops (floor-loops.h): the floor, the operations as users get them, and
   the operations without the cpu_opv() fence check (RSEQ_PERCPU_NO_FENCE,
   a measurement-only build), each in both modes.  */
#ifndef LIBRSEQ_BENCH_FLOOR_CASES_H
#define LIBRSEQ_BENCH_FLOOR_CASES_H

#include <stdint.h>
#include "bench.h"
#include "percpu-cases.h"

/* What the loops of one implementation in one mode work on, per index: a
   line each, so that the two threads share nothing.  */
struct floor_line {
	intptr_t counter;	/* add */
	intptr_t value;		/* compare-and-store */
	intptr_t list;		/* head of a list of floor_nodes */
} __attribute__((aligned(64)));

struct floor_node {
	intptr_t next;		/* first: floor.h's pop reads it at offset 0 */
} __attribute__((aligned(64)));

/* The cases of one implementation in one mode, in this order.  */
enum floor_op {
	FLOOR_ADD_1T, FLOOR_ADD_2T,
	FLOOR_CAS_1T, FLOOR_CAS_2T,
	FLOOR_LIST_1T, FLOOR_LIST_2T,
	FLOOR_NR_CASES
};

#define FLOOR_IMPL_DECLARE(prefix)						\
	extern const struct bench_case prefix##_cases[FLOOR_NR_CASES];		\
	const char *prefix##_setup(int nr_cpus)

FLOOR_IMPL_DECLARE(floor_cpu_id);
FLOOR_IMPL_DECLARE(floor_mm_cid);
FLOOR_IMPL_DECLARE(ops_cpu_id);
FLOOR_IMPL_DECLARE(ops_mm_cid);
FLOOR_IMPL_DECLARE(nofence_cpu_id);
FLOOR_IMPL_DECLARE(nofence_mm_cid);

/* The atomic add on one global counter, at 1 and 2 threads: what the
   per-CPU counter replaces.  */
extern const struct bench_case floor_global_atomic_1t;
extern const struct bench_case floor_global_atomic_2t;

/* rseq-info's short table: the counter add at one thread in cpu_id mode,
   the floor first where there is one, then the operation and the global
   atomic add.  Fills CASES and returns how many.  */
enum { FLOOR_QUICK_MAX = 3 };
size_t floor_quick_cases(const struct bench_case *cases[FLOOR_QUICK_MAX]);
/* The report of that table, from the results of bench_run().  */
void floor_quick_report(struct bench_report *r, const struct bench_settings *settings,
			const struct bench_result *results, size_t n);

/* Allocates the lines and fills the lists of every implementation.
   Returns NULL, or what went wrong.  */
const char *floor_setup(int nr_cpus);
/* Lines for NR_CPUS indexes, each list holding a few nodes; NULL when
   memory runs out.  */
struct floor_line *floor_lines(int nr_cpus);

/* The groups and targets of bench-percpu's floor comparison (none where
   floor.h has no floor for the architecture).  */
extern const struct percpu_group floor_groups[];
extern const size_t floor_group_count;
extern const struct bench_target floor_targets[];
extern const size_t floor_target_count;

#endif
