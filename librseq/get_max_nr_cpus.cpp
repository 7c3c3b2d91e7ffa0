/* SPDX-License-Identifier: MIT */
/* The bound for arrays indexed by CPU number or mm_cid: one more than the
   highest *possible* CPU, which covers CPUs that are offline now or outside
   the affinity mask and may come back.  */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "internal/export.h"
#include "internal/syscall.h"

namespace {

// The possible-CPU list ("0-3", "0,2-7\n"): one more than its highest number,
// or -errno.  open/read/close only, so that this is async-signal-safe.
int read_possible_cpus()
{
	int fd = open("/sys/devices/system/cpu/possible", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	char buf[512];
	ssize_t len = read(fd, buf, sizeof(buf));
	int err = len < 0 ? errno : 0;
	close(fd);
	if (len < 0)
		return -err;

	long highest = -1, value = -1;
	for (ssize_t i = 0; i <= len; i++) {
		if (i < len && buf[i] >= '0' && buf[i] <= '9') {
			value = (value < 0 ? 0 : value * 10) + (buf[i] - '0');
			if (value > 1L << 24)
				return -EOVERFLOW;
		} else {
			if (value > highest)
				highest = value;
			value = -1;
		}
	}
	return highest < 0 ? -EINVAL : (int) highest + 1;
}

int cached_nr_cpus;	// 0 until read; the list never changes while we run

} // namespace

extern "C" RSEQ_EXPORT int rseq_get_max_nr_cpus(void)
{
	int n = __atomic_load_n(&cached_nr_cpus, __ATOMIC_RELAXED);

	if (rseq_likely(n > 0))
		return n;
	n = read_possible_cpus();
	if (n < 0) {
		errno = -n;
		return -1;
	}
	__atomic_store_n(&cached_nr_cpus, n, __ATOMIC_RELAXED);
	return n;
}
