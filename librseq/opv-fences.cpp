/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <sys/mman.h>
#include <rseq/rseq.h>
#include "internal/fatal.h"
#include "internal/opv-fences.h"
#include "internal/published.h"

namespace librseq {
namespace {

// Used when the possible-CPU list cannot be read (no /sys in a sandbox):
// the largest NR_CPUS of common configurations.  The pages are only
// touched for the CPUs that exist.
constexpr int kFallbackCount = 8192;

int fence_count;

} // namespace

void allocate_opv_fences()
{
	int count = rseq_get_max_nr_cpus();
	if (count <= 0)
		count = kFallbackCount;
	const size_t bytes = 2 * (size_t) count * sizeof(struct rseq_opv_fence);
	// Anonymous memory rather than malloc: no allocator state at load, and
	// zero pages until a fence is first written.
	void *mem = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		fatal("cannot map the cpu_opv fence tables", errno);
	auto *table = static_cast<struct rseq_opv_fence *>(mem);
	fence_count = count;
	publish_opv_fences(table, table + count);
}

int opv_fence_count()
{
	return fence_count;
}

} // namespace librseq
