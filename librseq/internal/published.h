/* SPDX-License-Identifier: MIT */
#ifndef LIBRSEQ_INTERNAL_PUBLISHED_H
#define LIBRSEQ_INTERNAL_PUBLISHED_H

#include <stddef.h>

struct rseq_opv_fence;

namespace librseq {

// Sets rseq_offset, rseq_size and rseq_flags.
void publish(ptrdiff_t offset, unsigned int size, unsigned int flags);

// Sets rseq_opv_fence_table (by per-CPU mode).
void publish_opv_fences(struct rseq_opv_fence *cpu, struct rseq_opv_fence *mm_cid);

} // namespace librseq

#endif
