/* SPDX-License-Identifier: MIT */
#include <rseq/rseq.h>
#include "internal/export.h"
#include "internal/process.h"
#include "internal/thread-area.h"

extern "C" RSEQ_EXPORT int rseq_owner(void)
{
	const librseq::Process &p = librseq::process();

	// The one case where the calling thread's answer is not the process's:
	// librseq's registration found another area registered (EBUSY).
	if (p.owner == librseq::Owner::librseq && librseq::thread_registered_elsewhere)
		return RSEQ_OWNER_OTHER;
	return (int) p.owner;
}
