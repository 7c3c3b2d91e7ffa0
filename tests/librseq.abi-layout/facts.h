/* SPDX-License-Identifier: MIT */
/* A number about the rseq ABI (an offset, a size, a constant), named the
   same way on both sides of a comparison: layout.c states ours, upstream.c
   what the kernel's and glibc's headers say.  */
#ifndef LIBRSEQ_TESTS_ABI_LAYOUT_FACTS_H
#define LIBRSEQ_TESTS_ABI_LAYOUT_FACTS_H

#include <stddef.h>

struct abi_fact {
	const char *name;
	long long value;
	const char *source;	/* the header that says so */
};

extern const struct abi_fact upstream_facts[];
extern const size_t nr_upstream_facts;

#endif
