/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <rseq/rseq.h>
#include "internal/export.h"
#include "internal/process.h"

extern "C" RSEQ_EXPORT bool rseq_available(unsigned int query)
{
	const librseq::Process &p = librseq::process();

	switch (query) {
	case RSEQ_AVAILABLE_QUERY_KERNEL:
		return p.kernel_has_rseq;
	case RSEQ_AVAILABLE_QUERY_LIBC:
		return p.owner == librseq::Owner::libc;
	default:
		errno = EINVAL;
		return false;
	}
}
