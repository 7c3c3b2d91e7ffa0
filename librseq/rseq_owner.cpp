/* SPDX-License-Identifier: MIT */
#include <rseq/rseq.h>
#include "internal/export.h"
#include "internal/process.h"

extern "C" RSEQ_EXPORT int rseq_owner(void)
{
	return (int) librseq::process().owner;
}
