/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <rseq/rseq.h>
#include "internal/export.h"
#include "internal/syscall.h"

// The system call, as stat() stands beside struct stat.  Registering through
// it on a thread that librseq or libc registered fails (EINVAL/EBUSY): use
// rseq_register_current_thread() instead.
extern "C" RSEQ_EXPORT int rseq(struct rseq_abi *rseq_abi, uint32_t rseq_len, int flags,
				uint32_t sig)
{
#ifdef RSEQ_NR_rseq
	return (int) librseq::set_errno_from(
		librseq::kernel_call(RSEQ_NR_rseq, rseq_abi, rseq_len, flags, sig));
#else
	(void) rseq_abi, (void) rseq_len, (void) flags, (void) sig;
	errno = ENOSYS;
	return -1;
#endif
}
