/* SPDX-License-Identifier: MIT */
/* aarch64 (LP64, either byte order): what it provides to <rseq/rseq.h>.  */
#include "thread-pointer.h"
#include "signature.h"
#include "syscall-nr.h"
#include "barrier.h"
#define RSEQ_ARCH_PERCPU_TEMPLATE "sysdeps/aarch64/percpu-template.h"
