/* SPDX-License-Identifier: MIT */
/* s390x, and 31-bit s390: what it provides to <rseq/rseq.h>.  */
#include "thread-pointer.h"
#include "signature.h"
#include "syscall-nr.h"
#include "barrier.h"
#define RSEQ_ARCH_PERCPU_TEMPLATE "sysdeps/s390/percpu-template.h"
