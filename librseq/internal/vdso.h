/* SPDX-License-Identifier: MIT */
#ifndef LIBRSEQ_INTERNAL_VDSO_H
#define LIBRSEQ_INTERNAL_VDSO_H

namespace librseq {

// getcpu(2) through the vDSO when it has one, else the system call:
// 0 or -errno.  Async-signal-safe.
int getcpu(unsigned int *cpu, unsigned int *node);

// Looks the vDSO's getcpu up once, from the library constructor.
void resolve_vdso();

// A symbol of the vDSO, by name and version; nullptr when absent.
void *vdso_symbol(const char *name, const char *version);

} // namespace librseq

#endif
