/* SPDX-License-Identifier: MIT */
#ifndef LIBRSEQ_INTERNAL_EXPORT_H
#define LIBRSEQ_INTERNAL_EXPORT_H

// The library is built with -fvisibility=hidden; this marks the definitions
// that librseq.map exports.
#define RSEQ_EXPORT __attribute__((visibility("default")))

#endif
