/* SPDX-License-Identifier: MIT */
/* A library that makes the rseq() system call itself, as code written
   before librseq might: it does not link librseq (only its header's
   constants are used).  */
#include <errno.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "share.h"

static __thread struct rseq_abi own_area;

static int raw_rseq(void *area, uint32_t len, int flags)
{
	return syscall(RSEQ_NR_rseq, area, len, flags, RSEQ_SIG) == 0 ? 0 : -errno;
}

int raw_register_own(void)
{
	return raw_rseq(&own_area, sizeof(own_area), 0);
}

int raw_unregister_own(void)
{
	return raw_rseq(&own_area, sizeof(own_area), RSEQ_ABI_FLAG_UNREGISTER);
}

int raw_register(void *area, uint32_t len)
{
	return raw_rseq(area, len, 0);
}
