/* SPDX-License-Identifier: MIT */
/* The pieces of the user-space cpu_opv(): validating a vector, holding a
   fence, keeping per-CPU operations out, running the operations.  */
#ifndef LIBRSEQ_INTERNAL_OPV_H
#define LIBRSEQ_INTERNAL_OPV_H

#include <rseq/rseq.h>
#include <rseq/cpu-opv.h>

namespace librseq {

// Copies the caller's vector (so that another thread changing it cannot
// make what runs differ from what was checked) and checks the copy without
// running or touching anything: op codes, lengths, shift counts, total
// length, and that every operand can be read (sources, compared data) or
// written (destinations).  0 or -errno (EINVAL, EFAULT, or EAGAIN when the
// faulting operand expected a fault), in the order cpu_opv(2) documents.
int prepare_vector(struct cpu_op *copy, const struct cpu_op *ops, int opcount);

// Runs a validated vector: 0, or the 1-based index of the comparison that
// failed (nothing after it ran).
int run_vector(const struct cpu_op *ops, int opcount);

// The fence of CPU (or mm_cid) index: take it, serialising cpu_opv() calls
// on that index; every per-CPU operation on it aborts while it is held.
void take_fence(int mode, int index);
void release_fence(int mode, int index);

// After take_fence(): makes sure that no per-CPU operation that read the
// fence while it was free can still commit.  0, or -errno when the
// membarrier that does it failed.
int exclude_sequences(int mode, int index);

} // namespace librseq

#endif
