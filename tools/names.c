/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include "facts.h"

/* The errors the rseq, membarrier and getcpu calls are documented to
   return, and what a sandbox may substitute; strerrorname_np() would be
   glibc-only.  */
const char *errno_name(int err)
{
	static char other[24];

	switch (err) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINTR: return "EINTR";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EINVAL: return "EINVAL";
	case ENOSYS: return "ENOSYS";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	}
	snprintf(other, sizeof(other), "errno %d", err);
	return other;
}
