/* SPDX-License-Identifier: MIT */
#include <rseq/abi.h>
#include "internal/libc.h"

// Weak references rather than dlsym(): they resolve in a fully static
// program, and in a dlopen()ed librseq they bind to ld.so's definitions
// (GLIBC_2.35) at load time.  Absent symbols read as null addresses; the
// linker marks the version requirement weak, so older glibc still loads us.
extern "C" {
extern const ptrdiff_t __rseq_offset __attribute__((weak));
extern const unsigned int __rseq_size __attribute__((weak));
extern const unsigned int __rseq_flags __attribute__((weak));
}

namespace librseq {

LibcRseq libc_rseq()
{
	LibcRseq l = { false, 0, 0, 0 };

	if (&__rseq_offset && &__rseq_size && &__rseq_flags) {
		l.exported = true;
		l.offset = __rseq_offset;
		l.size = __rseq_size;
		l.flags = __rseq_flags;
	}
	return l;
}

uint32_t libc_active_size(uint32_t libc_size, uint32_t kernel_feature_size)
{
	if (libc_size == RSEQ_ABI_ORIG_FEATURE_SIZE || libc_size == RSEQ_ABI_ORIG_SIZE)
		return kernel_feature_size < RSEQ_ABI_ORIG_SIZE ? kernel_feature_size
								: RSEQ_ABI_ORIG_SIZE;
	return libc_size;
}

} // namespace librseq
