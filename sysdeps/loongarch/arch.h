/* SPDX-License-Identifier: MIT */
/* LoongArch64 (LP64): what it provides to <rseq/rseq.h>.  Written from the
   architecture manual and the kernel's rseq rules; Debian 12 has no
   LoongArch compiler, so the test suite cannot even compile it.  */
#include "thread-pointer.h"
#include "signature.h"
#include "syscall-nr.h"
#include "barrier.h"
#define RSEQ_ARCH_PERCPU_TEMPLATE "sysdeps/loongarch/percpu-template.h"
