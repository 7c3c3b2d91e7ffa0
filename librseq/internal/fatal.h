/* SPDX-License-Identifier: MIT */
#ifndef LIBRSEQ_INTERNAL_FATAL_H
#define LIBRSEQ_INTERNAL_FATAL_H

namespace librseq {

// Writes "librseq: fatal: <what> (errno N)" to stderr (without the errno
// part when err is 0) and aborts.  No stdio,
// no allocation: usable from any context, including a thread's first
// instruction and a signal handler.
[[noreturn]] void fatal(const char *what, int err);

} // namespace librseq

#endif
