/* SPDX-License-Identifier: MIT */
/* The protocol's own sequences and librseq's per-CPU operations adding to
   the same per-CPU counters, from more threads than CPUs, with yields and
   signals whose handlers take protocol references (plain ++ and --) and add
   too.  Only real restartable sequences write the counters (no cpu_opv(),
   whose fence the protocol's sequences do not check), so the sum must be
   exact.  */
#ifndef LIBRSEQ_TESTS_PROTOCOL_MIX_H
#define LIBRSEQ_TESTS_PROTOCOL_MIX_H

#include <stdbool.h>

struct mix_totals {
	long expected;			/* additions the threads made */
	long sum;			/* what the counters hold */
	long participant_commits;	/* by the protocol's sequence */
	long library_commits;		/* by rseq_load_add_store__ptr() */
	long handler_commits;		/* of those, made in signal handlers */
	int participant_fallbacks;	/* threads whose protocol registration failed */
	int count_changed;		/* threads whose __rseq_refcount did not come back */
	bool gave_up;			/* a sequence never committed */
};

void mix_run(int threads, long reps, struct mix_totals *t);

#endif
