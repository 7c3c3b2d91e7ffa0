/* SPDX-License-Identifier: MIT */
/* The process-wide decision: who owns the rseq registration, and with which
   parameters librseq registers when it does.  Decided once, at load.  */
#ifndef LIBRSEQ_INTERNAL_PROCESS_H
#define LIBRSEQ_INTERNAL_PROCESS_H

#include <stddef.h>
#include <stdint.h>
#include <rseq/rseq.h>

namespace librseq {

enum class Owner : int {
	none = RSEQ_OWNER_NONE,
	libc = RSEQ_OWNER_LIBC,
	librseq = RSEQ_OWNER_LIBRSEQ,
};

struct Process {
	Owner owner;
	bool kernel_has_rseq;
	int unavailable_errno;		// owner none: what the kernel said
	uint32_t registration_len;	// owner librseq: length given to rseq()
	ptrdiff_t area_offset;		// owner librseq: the area it registers
	bool area_is_protocol;		// ... is __rseq_abi, counted in __rseq_refcount
	bool area_is_foreign;		// ... another object's __rseq_abi
};

// The decision, made on first use (normally by the library constructor).
const Process &process();

// The constructor found that even the first thread cannot register: nobody
// owns the registration after all.  Only valid before any thread registered.
void give_up_ownership(int err);

} // namespace librseq

#endif
