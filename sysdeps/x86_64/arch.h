/* SPDX-License-Identifier: MIT */
/* x86_64: what this architecture provides to <rseq/rseq.h>.  */
#define RSEQ_X86_SP	"rsp"
#include "thread-pointer.h"
#include "../x86/signature.h"
#include "syscall-nr.h"
#include "../x86/barrier.h"
#define RSEQ_ARCH_PERCPU_TEMPLATE "sysdeps/x86_64/percpu-template.h"
