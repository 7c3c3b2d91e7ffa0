/* SPDX-License-Identifier: MIT */
/* System calls for the library's own use: they return -errno instead of
   setting errno, so that internal paths never disturb the caller's errno and
   the public functions set it in one place.  */
#ifndef LIBRSEQ_INTERNAL_SYSCALL_H
#define LIBRSEQ_INTERNAL_SYSCALL_H

#include <errno.h>
#include <unistd.h>

namespace librseq {

// libc's syscall(2) is the portable way to trap; it reports failure through
// errno, which we put back as it was (async-signal-safe callers rely on it).
template <typename... Args>
inline long kernel_call(long nr, Args... args)
{
	int saved = errno;
	long ret = ::syscall(nr, args...);

	if (ret == -1) {
		ret = -errno;
		errno = saved;
	}
	return ret;
}

// Sets errno from a kernel_call() result; returns the public -1 / value.
inline long set_errno_from(long ret)
{
	if (ret < 0) {
		errno = (int) -ret;
		return -1;
	}
	return ret;
}

} // namespace librseq

#endif
