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

} // namespace librseq

#endif
