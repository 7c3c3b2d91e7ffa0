/* SPDX-License-Identifier: MIT */
#include <rseq/rseq.h>
#include "internal/export.h"
#include "internal/fatal.h"

// Programming errors found by the inline operations end here, so that the
// headers need neither stdio nor abort().
extern "C" RSEQ_EXPORT void rseq_fatal(const char *message)
{
	librseq::fatal(message, 0);
}
