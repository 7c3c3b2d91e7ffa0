/* SPDX-License-Identifier: MIT */
/* One of two libraries that share the registration through librseq, each
   knowing nothing of the other (built twice, as libshare-a and libshare-b,
   with SHARE_PREFIX set to share_a or share_b).  */
#include <errno.h>
#include <rseq/rseq.h>
#include "share.h"

#define SHARE_JOIN2(a, b) a##b
#define SHARE_JOIN(a, b) SHARE_JOIN2(a, b)
#define SHARE_FUNCTION(name) SHARE_JOIN(SHARE_PREFIX, name)

int SHARE_FUNCTION(_enter)(void)
{
	return rseq_register_current_thread() == 0 ? 0 : -errno;
}

int SHARE_FUNCTION(_leave)(void)
{
	return rseq_unregister_current_thread() == 0 ? 0 : -errno;
}
