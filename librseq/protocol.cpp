/* SPDX-License-Identifier: MIT */
/* Adopting the winning __rseq_abi.  librseq's own references to it go
   through the GOT (R_*_TPOFF relocations against the symbol), so they
   resolve to the first definition in the process: the program's, or that
   of a library loaded before librseq.so.  Then that object is the area:
   every participant of the protocol registers, reads and counts on the
   same one.  */
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "internal/protocol.h"
#include "internal/thread-area.h"
#include "internal/tls-symbol.h"

namespace librseq {
namespace {

uint32_t alignment_of(const void *p)
{
	const uintptr_t a = (uintptr_t) p;
	const uintptr_t low = a & -a;

	return low == 0 || low > 4096 ? 4096 : (uint32_t) low;
}

// One line on stderr, without stdio: we may run before anything else.
void warn_refused(const char *object, const char *why)
{
	const char *parts[] = {
		"librseq: not using the __rseq_abi of ", *object ? object : "the program", ": ", why,
		"; librseq registers its own area and code using __rseq_abi falls back\n",
	};
	for (const char *s : parts)
		if (write(STDERR_FILENO, s, strlen(s)) < 0)
			return;
}

constexpr struct rseq_abi protocol_initial_area = initial_abi(RSEQ_ABI_CPU_ID_UNINITIALIZED);

} // namespace

void choose_area(const KernelRseq &kernel, Process &p)
{
	const void *const symbol = &__rseq_abi;
	struct librseq_tls_symbol found;

	p.area_offset = offset_from_thread_pointer(&thread_area);
	p.area_is_protocol = true;
	p.area_is_foreign = false;
	p.registration_len = registration_length(kernel, kAreaSize, kAreaAlign);
	if (symbol == &thread_area)
		return;
	// Not in the dynamic symbol table: a static program, whose definition
	// we take to be the protocol's 32-byte struct, initialized as it says
	// (its current bytes may already show a registration).
	if (!librseq_find_tls_symbol("__rseq_abi", symbol, &found))
		found = { "", RSEQ_ABI_ORIG_SIZE, &protocol_initial_area };
	if (const char *why = librseq_protocol_refusal(&found, symbol)) {
		p.area_is_protocol = false;
		warn_refused(found.object, why);
		return;
	}
	p.area_offset = offset_from_thread_pointer(symbol);
	p.area_is_foreign = true;
	p.registration_len = registration_length(kernel, (uint32_t) found.size, alignment_of(symbol));
}

} // namespace librseq
