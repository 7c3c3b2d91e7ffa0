/* SPDX-License-Identifier: MIT */
/* Which object holds this thread's rseq area, and the length the kernel
   has it registered with.  The length comes from the kernel itself: asked
   to register the area that is already registered, it answers EBUSY for
   the exact length and EINVAL for any other, and changes nothing.  */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <rseq/rseq.h>
#include "facts.h"
#include "../librseq/internal/tls-symbol.h"

static const char *object_name(const char *object)
{
	return *object ? object : program_invocation_name;
}

static void describe_area(struct registration_facts *r, const void *area)
{
	/* dlsym() gives the calling thread's instance of a thread-local
	   symbol: the definition every reference to it resolves to.  */
	const void *winner = dlsym(RTLD_DEFAULT, "__rseq_abi");
	struct librseq_tls_symbol found = { "", 0, NULL };
	const bool known = winner && librseq_find_tls_symbol("__rseq_abi", winner, &found);
	const size_t size = sizeof(r->area);

	if (r->owner == RSEQ_OWNER_LIBC)
		snprintf(r->area, size, "libc's (in its thread descriptor; __rseq_abi is not registered)");
	else if (r->owner == RSEQ_OWNER_NONE)
		snprintf(r->area, size, "none (a placeholder that reads as not registered)");
	else if (r->owner == RSEQ_OWNER_OTHER)
		snprintf(r->area, size, "another area, registered on this thread by other code");
	else if (area == winner && known)
		snprintf(r->area, size, "the __rseq_abi of %s (%zu bytes)", object_name(found.object),
			 found.size);
	else if (area == winner)
		snprintf(r->area, size, "__rseq_abi");
	else if (known)
		snprintf(r->area, size, "librseq's own; the __rseq_abi of %s is refused: %s",
			 object_name(found.object),
			 librseq_protocol_refusal(&found, winner) ?: "unknown reason");
	else
		snprintf(r->area, size, "librseq's own");
}

static unsigned int registered_length(const void *area)
{
#ifdef RSEQ_SIG
	if ((int32_t) RSEQ_READ_ONCE(((const struct rseq_abi *) area)->cpu_id) < 0)
		return 0;
	for (unsigned int len = 32; len <= 1024; len += 4)
		if (rseq((struct rseq_abi *) area, len, 0, RSEQ_SIG) != 0 && errno == EBUSY)
			return len;
#else
	(void) area;
#endif
	return 0;
}

void collect_area(struct registration_facts *r)
{
	const void *area = rseq_get_abi();

	describe_area(r, area);
	r->area_length = registered_length(area);
}
