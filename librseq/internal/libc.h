/* SPDX-License-Identifier: MIT */
/* The registration libc made, if any (glibc >= 2.35).  */
#ifndef LIBRSEQ_INTERNAL_LIBC_H
#define LIBRSEQ_INTERNAL_LIBC_H

#include <stddef.h>
#include <stdint.h>

namespace librseq {

struct LibcRseq {
	bool exported;		// libc has __rseq_offset/__rseq_size/__rseq_flags
	ptrdiff_t offset;
	uint32_t size;		// 0: libc's registration failed or is disabled
	uint32_t flags;
};

LibcRseq libc_rseq();

// The number of bytes of libc's area the kernel keeps current.  glibc before
// 2.41 published 32 (2.35-2.39) or 20 (2.40 and some backports) whatever the
// kernel filled, in a 32-byte area.
uint32_t libc_active_size(uint32_t libc_size, uint32_t kernel_feature_size);

} // namespace librseq

#endif
