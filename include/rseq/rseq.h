/* SPDX-License-Identifier: MIT */
/* librseq: one restartable-sequences registration per thread, shared by every
   library in the process.  See librseq(7).  */
#ifndef _RSEQ_RSEQ_H
#define _RSEQ_RSEQ_H

#include <stddef.h>
#include <stdint.h>
/* Programs written for the established librseq API use errno, perror(),
   abort(), threads, signals and assert() having included only this header:
   it provides what that API's header did (see librseq(7)).  */
/* Hosted implementations only: a freestanding compile (a kernel-style
   or bare-metal use of the inline functions) has none of them.  */
#if !defined(__STDC_HOSTED__) || __STDC_HOSTED__
# include <assert.h>
# include <errno.h>
# include <pthread.h>
# include <sched.h>
# include <signal.h>
# include <stdio.h>
# include <stdlib.h>
#endif
#ifndef __cplusplus
# include <stdbool.h>
#endif
#include <rseq/compiler.h>
#include <rseq/abi.h>
#include <rseq/arch.h>

RSEQ_BEGIN_DECLS

/* The registered area of the calling thread is at
   rseq_thread_pointer() + rseq_offset.  rseq_size is the number of bytes of
   it the kernel keeps up to date (0: no thread of this process is registered,
   nor will be).  Set before any constructor of a library that depends on
   librseq runs; never changed afterwards.  Read-only for users.  */
extern const ptrdiff_t rseq_offset;
extern const unsigned int rseq_size;
extern const unsigned int rseq_flags;

enum rseq_available_query {
	RSEQ_AVAILABLE_QUERY_KERNEL = 0,	/* the kernel has rseq */
	RSEQ_AVAILABLE_QUERY_LIBC = 1		/* libc owns the registration */
};

/* Who registers the threads of this process (see rseq_owner(3)).  */
enum rseq_ownership {
	RSEQ_OWNER_NONE = 0,
	RSEQ_OWNER_LIBC = 1,
	RSEQ_OWNER_LIBRSEQ = 2,
	/* The calling thread only: librseq owns the registration, but some
	   other code registered an area of its own on this thread first.  */
	RSEQ_OWNER_OTHER = 3
};

bool rseq_available(unsigned int query);
int rseq_owner(void);

/* Reference counted per thread; async-signal-safe.  */
int rseq_register_current_thread(void);
int rseq_unregister_current_thread(void);

/* getcpu through the vDSO or the system call: -1 with errno on failure.  */
int32_t rseq_fallback_current_cpu(void);
int32_t rseq_fallback_current_node(void);

/* One more than the highest possible CPU number; -1 with errno.  */
int rseq_get_max_nr_cpus(void);

/* sched_getcpu(3) semantics on every libc.  */
int rseq_sched_getcpu(void);

/* The system call itself: -1 with errno on failure (ENOSYS without it).  */
int rseq(struct rseq_abi *rseq_abi, uint32_t rseq_len, int flags, uint32_t sig);

static inline struct rseq_abi *rseq_get_abi(void)
{
	return (struct rseq_abi *) ((uintptr_t) rseq_thread_pointer() + rseq_offset);
}

/* The current CPU as the kernel last stored it: negative when this thread is
   not registered (RSEQ_ABI_CPU_ID_UNINITIALIZED or ..._REGISTRATION_FAILED).  */
static inline int32_t rseq_current_cpu_raw(void)
{
	return (int32_t) RSEQ_READ_ONCE(rseq_get_abi()->cpu_id);
}

/* Always a possible CPU number (0 when not registered): a safe array index
   that a critical section then confirms against cpu_id.  */
static inline uint32_t rseq_cpu_start(void)
{
	return RSEQ_READ_ONCE(rseq_get_abi()->cpu_id_start);
}

static inline int32_t rseq_current_cpu(void)
{
	int32_t cpu = rseq_current_cpu_raw();

	if (rseq_unlikely(cpu < 0))
		cpu = rseq_fallback_current_cpu();
	return cpu;
}

static inline bool rseq_node_id_available(void)
{
	return rseq_size >= rseq_offsetofend(struct rseq_abi, node_id);
}

static inline bool rseq_mm_cid_available(void)
{
	return rseq_size >= rseq_offsetofend(struct rseq_abi, mm_cid);
}

/* NUMA node of the current CPU; from getcpu when the kernel does not keep
   node_id in the area.  -1 with errno if even that fails.  */
static inline int32_t rseq_current_node_id(void)
{
	if (rseq_likely(rseq_node_id_available()) && rseq_current_cpu_raw() >= 0)
		return (int32_t) RSEQ_READ_ONCE(rseq_get_abi()->node_id);
	return rseq_fallback_current_node();
}

/* Concurrency id: compact per-process index below min(#threads, #CPUs).
   0 when not available, which is always a valid (if shared) index.  */
static inline uint32_t rseq_current_mm_cid(void)
{
	if (rseq_unlikely(!rseq_mm_cid_available()))
		return 0;
	return RSEQ_READ_ONCE(rseq_get_abi()->mm_cid);
}

/* Forget the critical section the kernel may still hold a pointer to, so that
   the descriptor and the code it names may be unmapped.  Calling thread only.  */
static inline void rseq_clear_rseq_cs(void)
{
	RSEQ_WRITE_ONCE(rseq_get_abi()->rseq_cs.arch.ptr, 0);
}

/* Call before dlclose() of a library whose code contains critical sections,
   on every thread that ran them.  */
static inline void rseq_prepare_unload(void)
{
	rseq_clear_rseq_cs();
}

RSEQ_END_DECLS

#include <rseq/percpu.h>
#include <rseq/cpu-opv.h>
#include <rseq/percpu-opv.h>

#endif /* _RSEQ_RSEQ_H */
