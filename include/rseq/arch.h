/* SPDX-License-Identifier: MIT */
/* Selects the sysdeps directory for the architecture being compiled for.
   This is the only place that tests architecture macros; everything else
   includes what the selected arch.h provides.  The quoted paths resolve
   next to this file once installed (<prefix>/include/rseq/sysdeps/) and
   through -I$(top_srcdir) in the source tree.  */
#ifndef _RSEQ_ARCH_H
#define _RSEQ_ARCH_H

/* RSEQ_ARCH_GENERIC forces the fallback (no critical sections) on any
   architecture, e.g. to test callers' cpu_opv() paths.  ILP32 flavours of
   64-bit architectures (x32, aarch64 ILP32) have no templates.  */
#if defined(RSEQ_ARCH_GENERIC)
# include "sysdeps/generic/arch.h"
#elif defined(__x86_64__) && defined(__LP64__)
# include "sysdeps/x86_64/arch.h"
#elif defined(__i386__)
# include "sysdeps/i386/arch.h"
#elif defined(__aarch64__) && defined(__LP64__)
# include "sysdeps/aarch64/arch.h"
#elif defined(__arm__)
# include "sysdeps/arm/arch.h"
#elif defined(__powerpc__)
# include "sysdeps/powerpc/arch.h"
#elif defined(__riscv)
# include "sysdeps/riscv/arch.h"
#elif defined(__s390__)
# include "sysdeps/s390/arch.h"
#elif defined(__mips__)
# include "sysdeps/mips/arch.h"
#elif defined(__loongarch__) && defined(__loongarch_lp64)
# include "sysdeps/loongarch/arch.h"
#else
# include "sysdeps/generic/arch.h"
#endif

#endif /* _RSEQ_ARCH_H */
