/* SPDX-License-Identifier: MIT */
/* What a robust pool reports before it aborts.  */
#include <stdio.h>
#include "internal/fatal.h"
#include "internal/mempool.h"

namespace librseq::mempool {

void robust_fatal(const Pool *pool, const char *what, const void *item)
{
	char message[256];

	snprintf(message, sizeof(message), "rseq_mempool \"%s\": %s: item %p",
		 pool->name ? pool->name : "", what, item);
	fatal(message, 0);
}

} // namespace librseq::mempool
