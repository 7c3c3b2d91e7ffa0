/* SPDX-License-Identifier: MIT */
/* x86_64: what this architecture provides to <rseq/rseq.h>.  */
#include "thread-pointer.h"
#include "signature.h"
#include "syscall-nr.h"
