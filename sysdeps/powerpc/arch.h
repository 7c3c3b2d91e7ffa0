/* SPDX-License-Identifier: MIT */
/* Power, 32 and 64-bit, either byte order: what it provides to
   <rseq/rseq.h>.  */
#include "thread-pointer.h"
#include "signature.h"
#include "syscall-nr.h"
#include "barrier.h"
#define RSEQ_ARCH_PERCPU_TEMPLATE "sysdeps/powerpc/percpu-template.h"
