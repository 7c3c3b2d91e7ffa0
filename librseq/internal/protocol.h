/* SPDX-License-Identifier: MIT */
/* The original sharing protocol: which area librseq registers when it owns
   the registration, and how its references show in __rseq_refcount.  */
#ifndef LIBRSEQ_INTERNAL_PROTOCOL_H
#define LIBRSEQ_INTERNAL_PROTOCOL_H

#include "internal/kernel.h"
#include "internal/process.h"

namespace librseq {

// Sets p's area_offset, area_is_protocol, area_is_foreign and
// registration_len: the __rseq_abi that won the symbol lookup, when the
// kernel can register it; librseq's own area otherwise, after saying why
// on stderr.
void choose_area(const KernelRseq &kernel, Process &p);

} // namespace librseq

#endif
