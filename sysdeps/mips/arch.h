/* SPDX-License-Identifier: MIT */
/* MIPS (o32, n32, n64; either byte order): what it provides to
   <rseq/rseq.h>.  The critical sections are written for the standard
   instruction set; microMIPS, MIPS16 and nanoMIPS code uses the generic
   template, whose operations always abort.  */
#include "thread-pointer.h"
#include "signature.h"
#include "syscall-nr.h"
#include "barrier.h"
#if defined(__mips_micromips) || defined(__mips16) || defined(__nanomips__)
# define RSEQ_ARCH_PERCPU_TEMPLATE "sysdeps/generic/percpu-template.h"
#else
# define RSEQ_ARCH_PERCPU_TEMPLATE "sysdeps/mips/percpu-template.h"
#endif
