/* SPDX-License-Identifier: MIT */
/* i386: what this architecture provides to <rseq/rseq.h>.  */
#define RSEQ_X86_SP	"esp"
#include "thread-pointer.h"
#include "../x86/signature.h"
#include "syscall-nr.h"
#include "../x86/barrier.h"
#define RSEQ_ARCH_PERCPU_TEMPLATE "sysdeps/i386/percpu-template.h"
