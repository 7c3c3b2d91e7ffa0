/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <sys/auxv.h>
#include <rseq/rseq.h>
#include "internal/kernel.h"
#include "internal/syscall.h"

#ifndef AT_RSEQ_FEATURE_SIZE
# define AT_RSEQ_FEATURE_SIZE	27
#endif
#ifndef AT_RSEQ_ALIGN
# define AT_RSEQ_ALIGN		28
#endif

namespace librseq {

KernelRseq kernel_rseq()
{
	KernelRseq k;

	k.feature_size = (uint32_t) getauxval(AT_RSEQ_FEATURE_SIZE);
	k.align = (uint32_t) getauxval(AT_RSEQ_ALIGN);
	if (k.feature_size == 0)
		k.feature_size = RSEQ_ABI_ORIG_FEATURE_SIZE;
	if (k.align == 0)
		k.align = RSEQ_ABI_ORIG_SIZE;
	return k;
}

int probe_kernel_rseq()
{
#ifdef RSEQ_NR_rseq
	long ret = kernel_call(RSEQ_NR_rseq, nullptr, 0, 0, 0);

	// EINVAL is the kernel rejecting the NULL area: it has rseq.  Anything
	// else (ENOSYS, or EPERM and friends from a seccomp sandbox) means no.
	if (ret == -EINVAL)
		return 0;
	return ret < 0 ? (int) -ret : EINVAL;
#else
	return ENOSYS;
#endif
}

uint32_t registration_length(const KernelRseq &k, uint32_t area_size, uint32_t area_align)
{
	// The kernel accepts exactly 32 bytes at 32-byte alignment whatever its
	// feature size; any other length must cover the feature size at
	// AT_RSEQ_ALIGN alignment.
	if (k.feature_size <= RSEQ_ABI_ORIG_SIZE)
		return RSEQ_ABI_ORIG_SIZE;
	if (k.feature_size <= area_size && k.align <= area_align)
		return area_size;
	return RSEQ_ABI_ORIG_SIZE;
}

} // namespace librseq
