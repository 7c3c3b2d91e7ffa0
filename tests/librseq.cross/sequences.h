/* SPDX-License-Identifier: MIT */
/* The critical sections of sequences.c: every per-CPU operation, in every
   memory order and per-CPU mode it has.  */
#ifndef LIBRSEQ_TESTS_CROSS_SEQUENCES_H
#define LIBRSEQ_TESTS_CROSS_SEQUENCES_H

#include <stddef.h>
#include <stdint.h>

/* What the operations work on, set up by seq_init() so that each of them
   would succeed, and change it, if it ran to its commit.  */
struct seq_data {
	intptr_t v;		/* compared and committed to */
	intptr_t v2;		/* second compared, or speculatively stored, word */
	intptr_t load;		/* receives the popped node */
	intptr_t node[2];	/* a list node; node[1] is its successor */
	intptr_t base;		/* address of counters[] (offset-dereference add) */
	intptr_t counters[2];
	char dst[8];
	char src[8];
};

struct seq_case {
	const char *name;
	int (*run)(struct seq_data *d, int cpu);
};

void seq_init(struct seq_data *d);

extern const struct seq_case seq_cases[];
extern const int seq_case_count;

/* RSEQ_INJECT_FAILED's count, when sequences.c is built with SEQ_INJECT.  */
extern int seq_aborts;

#endif
