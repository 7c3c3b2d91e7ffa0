/* SPDX-License-Identifier: MIT */
/* 32-bit Arm (EABI, A32 or T32, either byte order): what it provides to
   <rseq/rseq.h>.  The critical sections need ARMv7 (dmb, movw/movt) and
   A32 or Thumb-2; older processors and Thumb-1 code use the generic
   template, whose operations always abort.  */
#include "thread-pointer.h"
#include "signature.h"
#include "syscall-nr.h"
#include "barrier.h"
#if __ARM_ARCH >= 7 && (!defined(__thumb__) || defined(__thumb2__))
# define RSEQ_ARCH_PERCPU_TEMPLATE "sysdeps/arm/percpu-template.h"
#else
# define RSEQ_ARCH_PERCPU_TEMPLATE "sysdeps/generic/percpu-template.h"
#endif
