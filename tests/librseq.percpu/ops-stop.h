/* SPDX-License-Identifier: MIT */
/* Ways to see the fixture at the moment the thread gets to the post-commit
   address of a sequence: a hardware breakpoint (ops-hwbp.c) or a software
   breakpoint in a traced fork child (ops-trace.c).  The address lies
   outside the sequence, so stopping there aborts nothing.  */
#ifndef LIBRSEQ_TESTS_PERCPU_OPS_STOP_H
#define LIBRSEQ_TESTS_PERCPU_OPS_STOP_H

#include "ops.h"

struct ops_stop {
	int ret;		/* what the last call returned */
	bool reached;		/* the thread got to the address */
	struct fixture at;	/* the fixture then */
	char problem[128];	/* why the way itself failed, or "" */
};

struct ops_stop_way {
	const char *name;
	/* Why this way cannot work here, or NULL; probed once per process.  */
	const char *(*absent)(void);
	/* OP, called again after spurious aborts, with a stop at the end of
	   CS, the descriptor of its sequence.  Expectations are computed from
	   ops_before, which it leaves as the fixture was before the call.  */
	void (*run)(const struct ops_op *op, const struct rseq_abi_cs *cs, struct ops_stop *stop);
};

extern const struct ops_stop_way ops_stop_by_hw_breakpoint, ops_stop_by_traced_child;

#endif
