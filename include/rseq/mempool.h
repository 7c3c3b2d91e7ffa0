/* SPDX-License-Identifier: MIT */
/* CPU-local storage: memory pools whose items exist once per CPU, at the same
   offset in every CPU's stride, for the per-CPU operations to work on.  The
   names, signatures and semantics are those of the established librseq API.
   See rseq_mempool(3).  */
#ifndef _RSEQ_MEMPOOL_H
#define _RSEQ_MEMPOOL_H

#include <stddef.h>
#include <stdint.h>
#include <rseq/compiler.h>

/* The distance between two CPUs' copies of an item, unless a pool's
   attributes say otherwise.  */
#define RSEQ_MEMPOOL_STRIDE	(1U << 16)

/* Marks a pointer to CPU 0's copy of a per-CPU item: it must go through
   rseq_percpu_ptr() before being dereferenced.  The sparse checker enforces
   that; to the compiler it means nothing.  */
#ifdef __CHECKER__
# define __rseq_percpu	__attribute__((noderef, address_space(__rseq_percpu)))
#else
# define __rseq_percpu
#endif

/* The second argument of the optional-stride macros below: the caller's
   stride when given, RSEQ_MEMPOOL_STRIDE otherwise.  Standard C before C23
   has no empty variadic argument, so the macros take `...' only and pick
   one of two forms by counting.  */
#define RSEQ_MEMPOOL_PICK3_(a, b, c, ...)	c
#define RSEQ_MEMPOOL_PICK4_(a, b, c, d, ...)	d

/* CPU CPU's copy of the per-CPU item PTR points to, typed like PTR:
   rseq_percpu_ptr(ptr, cpu) or rseq_percpu_ptr(ptr, cpu, stride).  */
#define rseq_percpu_ptr(...)						\
	RSEQ_MEMPOOL_PICK4_(__VA_ARGS__, rseq_percpu_ptr_stride_,	\
			    rseq_percpu_ptr_default_, unused)(__VA_ARGS__)
#define rseq_percpu_ptr_default_(ptr, cpu)				\
	rseq_percpu_ptr_stride_(ptr, cpu, RSEQ_MEMPOOL_STRIDE)
#define rseq_percpu_ptr_stride_(ptr, cpu, stride)			\
	((__typeof__(ptr)) ((uintptr_t) (ptr) +				\
			    (uintptr_t) (unsigned int) (cpu) * (uintptr_t) (stride)))

RSEQ_BEGIN_DECLS

struct rseq_mempool;
struct rseq_mempool_set;
struct rseq_mempool_attr;

enum rseq_mempool_populate_policy {
	/* Every CPU's pages are private copy-on-write mappings of one copy of
	   the initial values: a CPU costs memory once it writes.  */
	RSEQ_MEMPOOL_POPULATE_COW_INIT = 0,
	/* Every CPU's pages are the zero page until that CPU's copy is
	   written: initial values other than zero cost memory on every CPU.  */
	RSEQ_MEMPOOL_POPULATE_COW_ZERO = 1
};

/* NULL with errno: EINVAL, ENOMEM, or the init callback's.  */
struct rseq_mempool *rseq_mempool_create(const char *pool_name, size_t item_len,
					 const struct rseq_mempool_attr *attr);
/* 0, or -1 with errno ENOENT for a pool that does not exist.  */
int rseq_mempool_destroy(struct rseq_mempool *pool);

void __rseq_percpu *rseq_mempool_percpu_malloc(struct rseq_mempool *pool);
void __rseq_percpu *rseq_mempool_percpu_zmalloc(struct rseq_mempool *pool);
void __rseq_percpu *rseq_mempool_percpu_malloc_init(struct rseq_mempool *pool, void *init_ptr,
						    size_t init_len);

/* PTR came from a pool of stride STRIDE, which must be given for a pool
   created with another stride than RSEQ_MEMPOOL_STRIDE.  */
void librseq_mempool_percpu_free(void __rseq_percpu *ptr, size_t stride);

#define rseq_mempool_percpu_free(...)					\
	RSEQ_MEMPOOL_PICK3_(__VA_ARGS__, librseq_mempool_percpu_free,	\
			    rseq_mempool_percpu_free_default_, unused)(__VA_ARGS__)
#define rseq_mempool_percpu_free_default_(ptr)				\
	librseq_mempool_percpu_free(ptr, RSEQ_MEMPOOL_STRIDE)
/* The same for an item of a global pool (a plain pointer).  */
#define rseq_mempool_free(...)						\
	RSEQ_MEMPOOL_PICK3_(__VA_ARGS__, rseq_mempool_free_stride_,	\
			    rseq_mempool_free_default_, unused)(__VA_ARGS__)
#define rseq_mempool_free_stride_(ptr, stride)				\
	librseq_mempool_percpu_free((void __rseq_percpu *) (ptr), stride)
#define rseq_mempool_free_default_(ptr)					\
	rseq_mempool_free_stride_(ptr, RSEQ_MEMPOOL_STRIDE)

/* A global pool has one copy of each item: its pointer is the item.  */
static inline void *rseq_mempool_malloc(struct rseq_mempool *pool)
{
	return (void *) rseq_mempool_percpu_malloc(pool);
}

static inline void *rseq_mempool_zmalloc(struct rseq_mempool *pool)
{
	return (void *) rseq_mempool_percpu_zmalloc(pool);
}

static inline void *rseq_mempool_malloc_init(struct rseq_mempool *pool, void *init_ptr,
					     size_t init_len)
{
	return (void *) rseq_mempool_percpu_malloc_init(pool, init_ptr, init_len);
}

/* Sets of pools of different item sizes: an allocation takes from the
   smallest pool whose items are large enough and which has room.  */
struct rseq_mempool_set *rseq_mempool_set_create(void);
/* Destroys the pools of the set too.  */
int rseq_mempool_set_destroy(struct rseq_mempool_set *pool_set);
/* -1 with EBUSY when the set has a pool of that item size already.  */
int rseq_mempool_set_add_pool(struct rseq_mempool_set *pool_set, struct rseq_mempool *pool);

void __rseq_percpu *rseq_mempool_set_percpu_malloc(struct rseq_mempool_set *pool_set, size_t len);
void __rseq_percpu *rseq_mempool_set_percpu_zmalloc(struct rseq_mempool_set *pool_set,
						    size_t len);
void __rseq_percpu *rseq_mempool_set_percpu_malloc_init(struct rseq_mempool_set *pool_set,
							void *init_ptr, size_t len);

static inline void *rseq_mempool_set_malloc(struct rseq_mempool_set *pool_set, size_t len)
{
	return (void *) rseq_mempool_set_percpu_malloc(pool_set, len);
}

static inline void *rseq_mempool_set_zmalloc(struct rseq_mempool_set *pool_set, size_t len)
{
	return (void *) rseq_mempool_set_percpu_zmalloc(pool_set, len);
}

static inline void *rseq_mempool_set_malloc_init(struct rseq_mempool_set *pool_set,
						 void *init_ptr, size_t len)
{
	return (void *) rseq_mempool_set_percpu_malloc_init(pool_set, init_ptr, len);
}

/* For an init callback: moves the pages of [ADDR, ADDR + LEN) that exist to
   the NUMA node of CPU (none for CPU -1) with move_pages(2) and NUMA_FLAGS
   (MPOL_MF_MOVE, MPOL_MF_MOVE_ALL).  0 when done or there is nothing to do
   (one node, no NUMA); -1 with errno.  */
int rseq_mempool_range_init_numa(void *addr, size_t len, int cpu, int numa_flags);

/* Attributes: copied by rseq_mempool_create(), so that they may be
   destroyed as soon as it returns.  Setters return 0, or -1 with EINVAL.  */
struct rseq_mempool_attr *rseq_mempool_attr_create(void);
void rseq_mempool_attr_destroy(struct rseq_mempool_attr *attr);
/* INIT is called for every range a pool maps, once per CPU (CPU -1 for a
   global pool), with the CPU's ADDR and LEN; non-zero fails the call that
   mapped the range.  */
int rseq_mempool_attr_set_init(struct rseq_mempool_attr *attr,
			       int (*init_func)(void *priv, void *addr, size_t len, int cpu),
			       void *init_priv);
int rseq_mempool_attr_set_robust(struct rseq_mempool_attr *attr);
/* 0 means the default for either.  */
int rseq_mempool_attr_set_percpu(struct rseq_mempool_attr *attr, size_t stride, int max_nr_cpus);
int rseq_mempool_attr_set_global(struct rseq_mempool_attr *attr, size_t stride);
/* 0 means no limit.  */
int rseq_mempool_attr_set_max_nr_ranges(struct rseq_mempool_attr *attr,
					unsigned long max_nr_ranges);
int rseq_mempool_attr_set_poison(struct rseq_mempool_attr *attr, uintptr_t poison);
int rseq_mempool_attr_set_populate_policy(struct rseq_mempool_attr *attr,
					  enum rseq_mempool_populate_policy policy);

/* The pool's number of CPUs; -1 with EINVAL for NULL or a global pool.  */
int rseq_mempool_get_max_nr_cpus(struct rseq_mempool *mempool);

RSEQ_END_DECLS

#endif /* _RSEQ_MEMPOOL_H */
