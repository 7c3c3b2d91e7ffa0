/* SPDX-License-Identifier: MIT */
/* The cpu_opv() fence tables: one cache line per CPU and per mm_cid, read
   by every per-CPU operation inside its critical section.  A fence is also
   the lock that serialises cpu_opv() calls on its index: 0 free, 1 held,
   2 held with waiters (futex).  */
#include <errno.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <rseq/rseq.h>
#include "internal/fatal.h"
#include "internal/opv-fences.h"
#include "internal/opv.h"
#include "internal/published.h"
#include "internal/syscall.h"

namespace librseq {
namespace {

// Used when the possible-CPU list cannot be read (no /sys in a sandbox):
// the largest NR_CPUS of common configurations.  The pages are only
// touched for the CPUs that exist.
constexpr int kFallbackCount = 8192;

int fence_count;
OpvProcessState *process_state;

uint32_t *fence_word(int mode, int index)
{
	return &rseq_opv_fence_table[mode][index].held;
}

} // namespace

void allocate_opv_fences()
{
	int count = rseq_get_max_nr_cpus();
	if (count <= 0)
		count = kFallbackCount;
	// The two tables, then the process state on a cache line of its own.
	const size_t tables = 2 * (size_t) count * sizeof(struct rseq_opv_fence);
	const size_t bytes = tables + sizeof(struct rseq_opv_fence);
	static_assert(sizeof(OpvProcessState) <= sizeof(struct rseq_opv_fence),
		      "the process state fits in one fence-sized line");
	// Anonymous memory rather than malloc: no allocator state at load, and
	// zero pages until a fence is first written.
	void *mem = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		fatal("cannot map the cpu_opv fence tables", errno);
	// A fork child has only the forking thread, which was not inside
	// cpu_opv() (signals are blocked there, so not even a handler): any
	// fence held in the parent belongs to a thread the child does not
	// have.  The child starts with them all free.
	//
	// The process state is wiped for another reason: it caches what the
	// kernel keeps per mm, the membarrier registration, and fork() copies
	// the two at different times.  The child's mm_struct, with its
	// membarrier state, is copied first; the parent's pages only later,
	// after fork() has taken the parent's mmap lock, which other threads
	// (MADV_POPULATE_* in cpu_opv(), page faults) may be holding.  A
	// thread that finishes the first registration in that window leaves
	// a child that reads "registered" in the copied cache but whose mm is
	// not registered: its membarrier() fails with EPERM, and cpu_opv()
	// with it.  A child that finds the cache empty registers its own mm.
	// (MADV_WIPEONFORK came with the private expedited membarrier, in
	// Linux 4.14: a kernel that refuses the advice has no registration
	// for a child to miss.)
	madvise(mem, bytes, MADV_WIPEONFORK);
	auto *table = static_cast<struct rseq_opv_fence *>(mem);
	fence_count = count;
	__atomic_store_n(&process_state,
			 reinterpret_cast<OpvProcessState *>(static_cast<char *>(mem) + tables),
			 __ATOMIC_RELEASE);
	publish_opv_fences(table, table + count);
}

int opv_fence_count()
{
	return fence_count;
}

OpvProcessState *opv_process_state()
{
	return __atomic_load_n(&process_state, __ATOMIC_ACQUIRE);
}

void take_fence(int mode, int index)
{
	uint32_t *word = fence_word(mode, index);
	uint32_t expected = 0;

	// Acquire: the operations run after the fence is ours.  Sequentially
	// consistent: the store must be ordered before exclude_sequences()
	// looks at where this thread runs.
	if (__atomic_compare_exchange_n(word, &expected, 1, false, __ATOMIC_SEQ_CST,
					__ATOMIC_RELAXED))
		return;
	while (__atomic_exchange_n(word, 2, __ATOMIC_SEQ_CST) != 0)
		kernel_call(SYS_futex, word, FUTEX_WAIT_PRIVATE, 2, nullptr);
}

void release_fence(int mode, int index)
{
	uint32_t *word = fence_word(mode, index);

	// Release: pairs with the fence load of the per-CPU operations (and
	// with take_fence() of the next cpu_opv()), so that a sequence that
	// sees the fence free also sees what the vector wrote.
	if (__atomic_exchange_n(word, 0, __ATOMIC_RELEASE) == 2)
		kernel_call(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1);
}

} // namespace librseq
