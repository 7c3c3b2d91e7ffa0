/* SPDX-License-Identifier: MIT */
#ifndef LIBRSEQ_INTERNAL_OPV_FENCES_H
#define LIBRSEQ_INTERNAL_OPV_FENCES_H

namespace librseq {

// Maps the cpu_opv() fence tables (one entry per possible CPU, for each
// per-CPU mode) and publishes them in rseq_opv_fence_table.  From the
// library constructor, before any per-CPU operation can run.
void allocate_opv_fences();

// Entries in each table.
int opv_fence_count();

// What cpu_opv() has learnt about this process from the kernel, which a
// fork child must learn again for itself: it lives in the mapping of the
// fence tables, which the child gets zero-filled (see opv-fences.cpp).
struct OpvProcessState {
	int method;	// enum rseq_cpu_opv_method; 0 until decided
};

// nullptr until the library constructor has mapped the fence tables.
OpvProcessState *opv_process_state();

} // namespace librseq

#endif
