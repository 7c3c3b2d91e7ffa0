/* SPDX-License-Identifier: MIT */
/* What the running kernel offers for rseq.  */
#ifndef LIBRSEQ_INTERNAL_KERNEL_H
#define LIBRSEQ_INTERNAL_KERNEL_H

#include <stdint.h>

namespace librseq {

struct KernelRseq {
	uint32_t feature_size;	// bytes of the area the kernel fills
	uint32_t align;		// alignment it requires beyond 32 bytes
};

// From AT_RSEQ_FEATURE_SIZE / AT_RSEQ_ALIGN; kernels without them (before
// 6.3) fill the original 20 bytes of a 32-byte-aligned area.
KernelRseq kernel_rseq();

// rseq(NULL, 0, 0, 0): 0 when the kernel supports rseq (it answers EINVAL),
// otherwise the errno that makes it unavailable (ENOSYS, EPERM, ...).
int probe_kernel_rseq();

// The length librseq registers its area with: the legacy 32 bytes when the
// kernel fills no more than that, or cannot fit in our area; the whole area
// when it needs more.
uint32_t registration_length(const KernelRseq &k, uint32_t area_size, uint32_t area_align);

} // namespace librseq

#endif
