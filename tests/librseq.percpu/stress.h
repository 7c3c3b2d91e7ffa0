/* SPDX-License-Identifier: MIT */
/* The stress harness of the percpu group: more threads than CPUs run one
   test's repetitions, bounded in count (-r) and, softly, in time (-d); the
   test then checks exact results.  Options and delay injection: inject.h.

   With -H the tests call the always-complete helpers instead of the bare
   operations (STRESS_OP), and with -D some workers run without rseq: their
   first action unregisters their area, so that they can complete only
   through cpu_opv(); the harness checks that they did.  */
#ifndef LIBRSEQ_TESTS_PERCPU_STRESS_H
#define LIBRSEQ_TESTS_PERCPU_STRESS_H

#include "inject.h"
#include "check.h"

struct stress_worker {
	int id;
	long reps_done;		/* counted by the test's body */
	unsigned long aborts;	/* its sequences that aborted */
	unsigned int entries;	/* the sequences it entered */
	unsigned long calls;	/* its STRESS_OPs */
	unsigned long opv_calls;	/* the _opv calls the helpers made for it */
	/* Without rseq (-D): what the raw rseq() calls said (0 or errno; -1
	   for a re-registration not tried) and the cpu_id field they left.  */
	bool disabled;
	bool gives_back;	/* registers its area again at the end */
	int unregister_errno, reregister_errno;
	int32_t cpu_raw_first, cpu_raw_last, cpu_raw_reregistered;
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

/* Per thread: the STRESS_OPs, the _opv calls (opv-count.c), and whether
   this thread runs without rseq.  */
extern __thread unsigned long stress_calls, stress_opv_calls;
extern __thread bool stress_rseq_off;

/* One per-CPU operation OP (an rseq_<op>__ptr name) with its arguments: the
   operation itself, or with -H its always-complete helper, which retries
   aborts itself and falls back on cpu_opv().  */
#define STRESS_OP(op, ...)						\
	(stress_calls++, inject_options.helpers ? op##_complete(__VA_ARGS__) : op(__VA_ARGS__))

/* A helper returned -1: the errno it left is recorded for the harness's
   check.  */
void stress_helper_failed(void);

/* The index to use now.  A thread without rseq has no mm_cid (it reads 0)
   and its cpu_id_start stays 0: it uses the CPU getcpu() names, and every
   other operation the next one, so that its cpu_opv() calls go to another
   CPU (which takes the membarrier) as often as to its own (which does not).
   Any index below stress_nr_slots is valid for cpu_opv(), in either mode.  */
static inline int stress_index(void)
{
	if (stress_rseq_off) {
		const int cpu = (int) rseq_current_cpu();

		return stress_calls % 2 ? (cpu + 1) % stress_nr_slots : cpu;
	}
	return inject_current_index();
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

/* The tests' per-CPU data: stress_nr_slots entries of SIZE bytes, zeroed,
   never freed; STRESS_SLOT is entry IDX.  Built with STRESS_MEMPOOL (the
   mempool group), the entries are the CPUs' copies of one item of an
   rseq_mempool(3) pool of stress_nr_slots CPUs.  */
void *stress_percpu_alloc(size_t size);
#ifdef STRESS_MEMPOOL
# include <rseq/mempool.h>
# define STRESS_SLOT(base, idx)	rseq_percpu_ptr(base, idx)
#else
# define STRESS_SLOT(base, idx)	(&(base)[idx])
#endif

/* CALL (an expression using IDX) on the current CPU's data, with IDX set to
   the current index, again until it does not abort.  Evaluates to the
   result: 0 done, > 0 a comparison failed, -1 the run was abandoned (or,
   with -H, a helper failed: helpers never abort).  The C injection points
   are those of inject.h: 7 before choosing the index, 8 after an abort, 9
   after a comparison failure (the helpers have 7 and 8 inside too).  CALL
   itself calls inject_window() once it has read what its sequence compares
   with, right before the sequence.  */
#define STRESS_ON_THIS_CPU(idx, call)					\
	__extension__ ({						\
		int ret_;						\
		for (;;) {						\
			RSEQ_INJECT_C(7);				\
			(idx) = stress_index();				\
			ret_ = (call);					\
			if (rseq_likely(ret_ >= 0))			\
				break;					\
			if (inject_options.helpers) {			\
				stress_helper_failed();			\
				break;					\
			}						\
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
