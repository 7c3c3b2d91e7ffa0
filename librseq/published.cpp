/* SPDX-License-Identifier: MIT */
/* The exported variables.  Kept apart from <rseq/rseq.h>, which declares
   them const for users: only this file writes them, once, at load.  */
#include <stddef.h>
#include "internal/export.h"
#include "internal/published.h"

extern "C" {
RSEQ_EXPORT ptrdiff_t rseq_offset;
RSEQ_EXPORT unsigned int rseq_size;
RSEQ_EXPORT unsigned int rseq_flags;
RSEQ_EXPORT struct rseq_opv_fence *rseq_opv_fence_table[2];
}

namespace librseq {

// In a static link, an object file comes in only when something it defines
// is used.  Programs that only read rseq_offset and rseq_size (through the
// inline functions) pull this file in; this reference pulls in the
// constructor that sets them.
extern const char constructor_linked;
__attribute__((used)) static const char *const pull_in_constructor = &constructor_linked;

void publish(ptrdiff_t offset, unsigned int size, unsigned int flags)
{
	__atomic_store_n(&rseq_offset, offset, __ATOMIC_RELAXED);
	__atomic_store_n(&rseq_size, size, __ATOMIC_RELAXED);
	__atomic_store_n(&rseq_flags, flags, __ATOMIC_RELAXED);
}

void publish_opv_fences(struct rseq_opv_fence *cpu, struct rseq_opv_fence *mm_cid)
{
	__atomic_store_n(&rseq_opv_fence_table[0], cpu, __ATOMIC_RELAXED);
	__atomic_store_n(&rseq_opv_fence_table[1], mm_cid, __ATOMIC_RELAXED);
}

} // namespace librseq
