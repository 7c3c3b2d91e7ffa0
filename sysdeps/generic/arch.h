/* SPDX-License-Identifier: MIT */
/* Architectures without restartable-sequence support in librseq: a thread
   pointer so that the area libc registered can still be read, and no
   RSEQ_SIG, so that librseq never registers an area itself.  */
#include "thread-pointer.h"
#include "syscall-nr.h"
#include "barrier.h"
#define RSEQ_ARCH_PERCPU_TEMPLATE "sysdeps/generic/percpu-template.h"
