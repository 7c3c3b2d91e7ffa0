/* SPDX-License-Identifier: MIT */
/* remote-foreign NTHREADS SECONDS: remote-target.c without librseq, for a
   registration that belongs to neither glibc nor librseq (run it with
   glibc's registration off): the initial thread registers an area of its
   own with the system call and the signature REMOTE_FOREIGN_SIGNATURE; the
   other threads stay unregistered.  */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <rseq/abi.h>
#include "remote-target.h"

#define REMOTE_FOREIGN_SIGNATURE	0x1badc0deU

static struct rseq_abi own_area;
static long registered = -1;

static unsigned long area_of_self(void)
{
	return syscall(SYS_gettid) == getpid() && registered == 0 ? (unsigned long) &own_area : 0;
}

int main(int argc, char **argv)
{
	registered = syscall(SYS_rseq, &own_area, (uint32_t) sizeof(own_area), 0,
			     REMOTE_FOREIGN_SIGNATURE);
	return remote_target_main(argc, argv, area_of_self);
}
