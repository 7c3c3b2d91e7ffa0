/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "internal/fatal.h"

namespace librseq {

void fatal(const char *what, int err)
{
	char num[12];
	char *p = num + sizeof(num);
	unsigned int v = err < 0 ? -(unsigned int) err : (unsigned int) err;

	do {
		*--p = (char) ('0' + v % 10);
		v /= 10;
	} while (v);
	const char *parts[] = { "librseq: fatal: ", what, " (errno ", p, ")", "\n" };
	for (const char *s : parts) {
		if (!err && (s == parts[2] || s == p || s == parts[4]))
			continue;
		size_t len = s == p ? (size_t) (num + sizeof(num) - p) : strlen(s);
		if (write(STDERR_FILENO, s, len) < 0)
			break;
	}
	abort();
}

} // namespace librseq
