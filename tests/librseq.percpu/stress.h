/* SPDX-License-Identifier: MIT */
/* The stress harness of the percpu group: more threads than CPUs run one
   test's repetitions, bounded in count (-r) and, softly, in time (-d); the
   test then checks exact results.  Options and delay injection: inject.h.  */
#ifndef LIBRSEQ_TESTS_PERCPU_STRESS_H
#define LIBRSEQ_TESTS_PERCPU_STRESS_H

#include "inject.h"
#include "check.h"

struct stress_worker {
	int id;
	long reps_done;		/* counted by the test's body */
	unsigned long aborts;	/* its sequences that aborted */
};

struct stress_test {
	const char *name;
	int checks;		/* how many the test itself prints */
	void (*run)(void);
};

extern const struct stress_test stress_counter, stress_spinlock, stress_list,
	stress_buffer, stress_memcpy, stress_offset;

/* Entries of a per-CPU array: every index the operations may be given
   (CPU number or mm_cid) is below it.  */
extern int stress_nr_slots;

/* Set when the run went on far past its time bound: some operation never
   succeeds.  Retry loops give up, and the progress check fails.  */
extern int stress_abandon;

static inline bool stress_abandoned(void)
{
	return __atomic_load_n(&stress_abandon, __ATOMIC_RELAXED);
}

/* Whether W should do one more repetition.  */
bool stress_more(const struct stress_worker *w);

/* Runs BODY on every worker thread, registered; MANAGER, if any, runs over
   and over on the calling thread meanwhile.  Prints the harness's own
   checks.  Returns the repetitions done by all workers together.  */
long stress_run(void (*body)(struct stress_worker *w), void (*manager)(void));

/* CLOCK_MONOTONIC in milliseconds.  */
int64_t stress_now_ms(void);

/* Zeroed, cache-line aligned, never freed; exits on failure.  */
void *stress_alloc(size_t count, size_t size);

/* CALL (an expression using IDX) on the current CPU's data, with IDX set to
   the current index, again until it does not abort.  Evaluates to the
   result: 0 done, > 0 a comparison failed, -1 the run was abandoned.  The
   C injection points are those of inject.h: 7 before choosing the index, 8
   after an abort, 9 after a comparison failure.  CALL itself calls
   inject_window() once it has read what its sequence compares with, right
   before the sequence.  */
#define STRESS_ON_THIS_CPU(idx, call)					\
	__extension__ ({						\
		int ret_;						\
		for (;;) {						\
			RSEQ_INJECT_C(7);				\
			(idx) = inject_current_index();			\
			ret_ = (call);					\
			if (rseq_likely(ret_ >= 0))			\
				break;					\
			RSEQ_INJECT_C(8);				\
			if (stress_abandoned())				\
				break;					\
		}							\
		if (ret_ > 0)						\
			RSEQ_INJECT_C(9);				\
		ret_;							\
	})

/* A body whose repetitions are one operation each: AT(idx), one attempt on
   index IDX, repeated until it succeeds.  */
void stress_repeat(struct stress_worker *w, int (*at)(int idx));

#endif
