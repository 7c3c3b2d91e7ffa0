/* SPDX-License-Identifier: MIT */
/* The operations as the ops program drives them: each one on a fixture
   whose every word is known, so that what an operation stored, and what it
   did not, shows by comparing the fixture with what it should be.  */
#ifndef LIBRSEQ_TESTS_PERCPU_OPS_H
#define LIBRSEQ_TESTS_PERCPU_OPS_H

#include "inject.h"

struct list_node {
	intptr_t next;
};

struct fixture {
	/* Stored only by commits, or never.  */
	intptr_t v;		/* the word every operation commits to, or its list head */
	intptr_t w;		/* second comparison, never stored */
	intptr_t base;		/* points to array */
	intptr_t array[4];
	struct list_node n1, n2;
	char src[24];
	/* From here on, stored before the commit (speculative): an abort
	   after injection point 4 may leave them changed.  */
	intptr_t v2;
	intptr_t load;
	char dst[24];
};

#define FIXTURE_COMMITTED_SIZE	offsetof(struct fixture, v2)

/* Which comparison the call makes fail: none, the first, the second.  */
enum { OPS_NONE_DIFFERS = 0, OPS_FIRST_DIFFERS = 1, OPS_SECOND_DIFFERS = 2 };

struct ops_op {
	const char *name;
	enum rseq_mo mo;
	int comparisons;	/* 0..2 */
	/* Adjusts a fresh fixture for this operation.  */
	void (*prepare)(struct fixture *f);
	/* One call on index IDX, comparison DIFFERS made to fail.  */
	int (*call)(const struct ops_op *op, struct fixture *f, int idx, int differs);
	/* What a completed call does to the fixture.  */
	void (*apply)(struct fixture *f);
};

extern const struct ops_op ops_ops[];
extern const int ops_nr_ops;

/* A fresh fixture for OP in F.  */
void ops_reset(const struct ops_op *op, struct fixture *f);

/* What the checks share (ops.c).  Calls work on ops_fixture; ops_before is
   what it was before the last call.  */
extern struct fixture ops_fixture, ops_before;

/* Spurious aborts (preemption) can always happen: retried this often.  */
enum { OPS_ATTEMPTS = 100 };

/* A fresh fixture for OP.  */
void ops_start(const struct ops_op *op);
/* OP once on ops_fixture, on index IDX; counts the aborts.  */
int ops_call(const struct ops_op *op, int idx, int differs);
/* A check named after OP and WHAT, with details (FMT) when it fails.  */
__attribute__((format(printf, 4, 5)))
void ops_check(const struct ops_op *op, bool ok, const char *what, const char *fmt, ...);

/* Where OP's sequence begins and ends (ops-bounds.c): OPS_BOUNDS_CHECKS
   checks.  */
enum { OPS_BOUNDS_CHECKS = 2 };
void ops_check_bounds(const struct ops_op *op);

#endif
