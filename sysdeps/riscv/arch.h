/* SPDX-License-Identifier: MIT */
/* RISC-V, 64 and 32-bit: what it provides to <rseq/rseq.h>.  */
#include "thread-pointer.h"
#include "signature.h"
#include "syscall-nr.h"
#include "barrier.h"
#define RSEQ_ARCH_PERCPU_TEMPLATE "sysdeps/riscv/percpu-template.h"
