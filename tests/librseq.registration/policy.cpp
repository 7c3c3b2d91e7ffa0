/* SPDX-License-Identifier: MIT */
/* White-box checks of the sizing rules, for kernels and libcs this machine
   does not have: the registration length for any AT_RSEQ_FEATURE_SIZE /
   AT_RSEQ_ALIGN, and the active size for each glibc __rseq_size convention.
   Built from the library's own sources.  Argument: the errno name the
   availability probe must report here ("none" when rseq is available).  */
#include <errno.h>
#include <string.h>
#include "../../librseq/kernel.cpp"
#include "../../librseq/libc.cpp"
#include "check.h"

int main(int argc, char **argv)
{
	using librseq::KernelRseq;
	struct {
		uint32_t feature, align, expected;
	} lengths[] = {
		{ 20, 32, 32 },		// before 6.3: no auxv entries
		{ 28, 32, 32 },		// this machine: node_id and mm_cid
		{ 32, 32, 32 },
		{ 33, 32, 64 },		// beyond the legacy size: the whole area
		{ 64, 64, 64 },
		{ 65, 32, 32 },		// larger than our area: legacy length
		{ 40, 128, 32 },	// stricter alignment than our area's
	};
	struct {
		uint32_t libc_size, feature, expected;
	} active[] = {
		{ 32, 28, 28 },		// glibc 2.35-2.39
		{ 20, 28, 28 },		// glibc 2.40 and backports (Debian 12)
		{ 32, 20, 20 },
		{ 20, 40, 32 },		// a 32-byte area: no more than 32 usable
		{ 33, 33, 33 },		// glibc 2.41+: the feature size itself
	};

	REQUIRE(argc == 2);
	plan(sizeof(lengths) / sizeof(lengths[0]) + sizeof(active) / sizeof(active[0]) + 2);
	for (const auto &c : lengths) {
		const KernelRseq k = { c.feature, c.align };
		const uint32_t len = librseq::registration_length(k, 64, 64);
		check(len == c.expected,
		      "feature size %u, alignment %u: register %u bytes of a 64-byte area (got %u)",
		      c.feature, c.align, c.expected, len);
	}
	for (const auto &c : active) {
		const uint32_t size = librseq::libc_active_size(c.libc_size, c.feature);
		check(size == c.expected, "libc __rseq_size %u, kernel feature size %u: %u usable (got %u)",
		      c.libc_size, c.feature, c.expected, size);
	}
	const KernelRseq k = librseq::kernel_rseq();
	check_why(k.feature_size >= 20 && k.align >= 32 && (k.align & (k.align - 1)) == 0,
		  "this kernel's feature size and alignment are plausible", "%u, %u",
		  k.feature_size, k.align);
	const int err = librseq::probe_kernel_rseq();
	const char *want = argv[1];
	check(!strcmp(want, "none") ? err == 0 : err == (!strcmp(want, "EPERM") ? EPERM : ENOSYS),
	      "the availability probe reports %s (got %d)", want, err);
	return 0;
}
