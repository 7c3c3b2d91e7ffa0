/* SPDX-License-Identifier: MIT */
/* The per-CPU memory pools (rseq_mempool(3)): what the files mempool-*.cpp
   share.

   A range is one reservation: a header page, then max_nr_cpus strides, the
   first of which starts at a multiple of the stride.  An item is a slot at
   the same offset in every stride; its pointer is CPU 0's copy, so that
   rounding it down to the stride finds the range, whose descriptor the last
   word of the header page names.  What the allocator keeps about items (the
   free list, their states) lives in the descriptor, never in the per-CPU
   pages: allocating and freeing must not touch memory on every CPU.  */
#ifndef LIBRSEQ_INTERNAL_MEMPOOL_H
#define LIBRSEQ_INTERNAL_MEMPOOL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <rseq/mempool.h>

namespace librseq::mempool {

struct Pool;

struct Attr {
	int (*init_func)(void *priv, void *addr, size_t len, int cpu);
	void *init_priv;
	bool robust;
	bool global;
	bool poison_set;
	size_t stride;			// 0: RSEQ_MEMPOOL_STRIDE
	int max_nr_cpus;		// 0: rseq_get_max_nr_cpus()
	unsigned long max_nr_ranges;	// 0: no limit
	uintptr_t poison;
	rseq_mempool_populate_policy policy;
};

// What an item's copies hold, per slot.
enum ItemState : uint8_t {
	ITEM_NEVER_USED = 0,	// zero on every CPU
	ITEM_ALLOCATED = 1,
	ITEM_FREE = 2,		// free again: holds the poison when one is set
};

// A free slot in a per-CPU cache (mempool-cache.cpp): a list node of the
// per-CPU list operations, outside the items, so that caching a slot writes
// nothing in the CPUs' copies.
struct CacheLink {
	intptr_t next;		// CacheLink *
	uint8_t *item;
};

struct Range {
	Range *next;
	Pool *pool;
	uint8_t *base;		// CPU 0's stride
	// COW_INIT: a shared view of the file every CPU's stride maps
	// privately; writing the initial values there writes them for every
	// CPU that has not written its pages yet.  NULL otherwise.
	uint8_t *init_values;
	// Set at fork(): parent and child then share the file, so that
	// neither may write it any more.
	bool init_frozen;
	uint32_t nr_items;
	uint32_t nr_bumped;	// slots handed out at least once
	uint32_t nr_allocated;
	uint32_t free_head;	// slot + 1; 0 when the free list is empty
	uint32_t *free_next;	// per slot, the same encoding
	uint8_t *state;		// per slot, an ItemState
	CacheLink *links;	// per slot, when the pool caches
	// The pool's, copied here so that a free reads one line: its caches'
	// heads, its item length's log2, and whether a free is only a push.
	intptr_t *cache_heads;
	unsigned int item_order;
	bool push_only;
};

// The offset between an item and its Range * in the header page.
constexpr size_t RANGE_BACKPOINTER = sizeof(Range *);

// What a new item's copies are given.
struct Fill {
	enum Kind { NONE, ZERO, COPY } kind;
	const void *src;	// COPY: the bytes, then zeros to the item's end
	size_t len;
};

// Rounds up to a power of two, at least a pointer; 64 for too large.
unsigned int size_order(size_t len);

Range *range_map(Pool *pool);	// NULL with errno
void range_unmap(Range *range);
// The range of an item (any CPU 0 pointer into a pool of that stride).
inline Range *range_of(const void *item, size_t stride)
{
	const uintptr_t base = (uintptr_t) item & ~((uintptr_t) stride - 1);

	return reinterpret_cast<Range **>(base)[-1];
}

inline uint8_t *range_cpu(const Range *range, size_t stride, int cpu)
{
	return range->base + (size_t) cpu * stride;
}

// Gives the item at OFFSET of RANGE the same contents on every CPU: the
// shared initial values when they may still be written, then each CPU's copy
// that differs, so that reading, never writing, is what most CPUs cost.
void range_fill(Range *range, size_t offset, const Fill &fill);
void range_fill_word(Range *range, size_t offset, uintptr_t word);
// Whether every CPU's copy of the item at OFFSET is WORD repeated.
bool range_holds_word(const Range *range, size_t offset, uintptr_t word);

// Every pool, for destroy and fork() (mempool-registry.cpp).
void registry_insert(Pool *pool);
bool registry_remove(Pool *pool);

// Robust pools end here, naming the pool: "librseq: fatal: rseq_mempool
// "NAME": WHAT".
[[noreturn]] void robust_fatal(const Pool *pool, const char *what, const void *item);

void *pool_alloc(Pool *pool, const Fill &fill);	// NULL with errno
// Under the lock: SLOT of RANGE is free again.
void range_release_slot(Range *range, uint32_t slot);

// Per-CPU caches of free slots (mempool-cache.h), so that malloc and free of
// a registered thread take no lock.  Robust pools have none: their checks
// need the lock.
bool cache_create(Pool *pool);		// false with errno
void cache_destroy(Pool *pool);
void cache_drain(Pool *pool);		// under the lock: every slot back to its range

struct Pool {
	Pool *next;	// the registry's list
	pthread_mutex_t lock;	// the ranges and their items
	char *name;
	Attr attr;
	size_t item_len;
	unsigned int item_order;
	size_t stride;
	int nr_cpus;		// 1 for a global pool
	size_t page_len;
	Range *ranges;
	unsigned long nr_ranges;
	intptr_t *cache_heads;	// CacheLink *, one cache line per CPU; or NULL
	int cache_nr_cpus;
};

// The public types are only names for these: the exported functions'
// types stay incomplete, so that what a pool holds inside is no part of
// the ABI record.
inline Pool *pool_of(rseq_mempool *handle)
{
	return reinterpret_cast<Pool *>(handle);
}

inline rseq_mempool *handle_of(Pool *pool)
{
	return reinterpret_cast<rseq_mempool *>(pool);
}

inline Attr *attr_of(rseq_mempool_attr *handle)
{
	return reinterpret_cast<Attr *>(handle);
}

inline const Attr *attr_of(const rseq_mempool_attr *handle)
{
	return reinterpret_cast<const Attr *>(handle);
}

} // namespace librseq::mempool

#endif
