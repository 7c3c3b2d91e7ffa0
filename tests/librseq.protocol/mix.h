/* SPDX-License-Identifier: MIT */
/* The protocol's own sequences and librseq's per-CPU operations adding to
   the same per-CPU counters, from more threads than CPUs, with yields and
   signals whose handlers take protocol references (plain ++ and --) and add
   too.  Whenever __rseq_refcount is non-zero, __rseq_abi must be
   registered: that is what the protocol promises its participants.  Only real restartable sequences write the counters (no cpu_opv(),
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
	long claims_unregistered;	/* times __rseq_refcount > 0 on an unregistered area */
	long cycles;			/* librseq register/unregister pairs (unhooked threads) */
	int cycle_errors;		/* of those, calls that failed */
	bool gave_up;			/* a sequence never committed */
};

/* THREADS workers, REPS additions in all; then as many threads created
   behind librseq's back (starting unregistered when librseq owns the
   registration), each registering and unregistering through librseq
   CYCLES times while signal handlers take and drop protocol references
   and librseq ones.  */
void mix_run(int threads, long reps, long cycles, struct mix_totals *t);

#endif
