/* SPDX-License-Identifier: MIT */
/* Selects the sysdeps directory for the architecture being compiled for.
   This is the only place that tests architecture macros; everything else
   includes what the selected arch.h provides.  The quoted paths resolve
   next to this file once installed (<prefix>/include/rseq/sysdeps/) and
   through -I$(top_srcdir) in the source tree.  */
#ifndef _RSEQ_ARCH_H
#define _RSEQ_ARCH_H

#if defined(__x86_64__) && defined(__LP64__)
# include "sysdeps/x86_64/arch.h"
#elif defined(__i386__)
# include "sysdeps/i386/arch.h"
#else
# include "sysdeps/generic/arch.h"
#endif

#endif /* _RSEQ_ARCH_H */
