/* SPDX-License-Identifier: MIT */
/* remote-target NTHREADS SECONDS: a process for rseq-info -p to read (see
   remote.exp).  It starts NTHREADS more threads, prints one line per thread,
   "TID AREA" (AREA in hex, 0 when the thread is not registered), then
   "ready", and stays until killed or SECONDS pass.  It links librseq:
   whoever owns rseq (the mode says) registers every thread, and AREA is
   where librseq reads it, rseq_get_abi().  */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "remote-target.h"

static unsigned long area_of_self(void)
{
	return rseq_current_cpu_raw() >= 0 ? (unsigned long) rseq_get_abi() : 0;
}

int main(int argc, char **argv)
{
	return remote_target_main(argc, argv, area_of_self);
}
