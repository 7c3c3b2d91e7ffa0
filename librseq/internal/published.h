/* SPDX-License-Identifier: MIT */
#ifndef LIBRSEQ_INTERNAL_PUBLISHED_H
#define LIBRSEQ_INTERNAL_PUBLISHED_H

#include <stddef.h>

namespace librseq {

// Sets rseq_offset, rseq_size and rseq_flags.
void publish(ptrdiff_t offset, unsigned int size, unsigned int flags);

} // namespace librseq

#endif
