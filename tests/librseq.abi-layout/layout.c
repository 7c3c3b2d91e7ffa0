/* SPDX-License-Identifier: MIT */
/* Every offset, size and alignment in <rseq/abi.h>, and its constants,
   against the numbers of the kernel ABI and against what the kernel's and
   glibc's headers say wherever they have the same thing.  abi.h asserts
   much of this itself; the test does not rely on it continuing to.  */
#include <string.h>
#include <rseq/rseq.h>
#include "check.h"
#include "facts.h"

enum fact_kind {
	EXPECTED = 1,	/* `expected' holds the ABI's number */
	UPSTREAM = 2,	/* the kernel's or glibc's headers have it too */
};

struct our_fact {
	const char *name;
	long long value;
	long long expected;
	int kind;
};

#define SIZE(type, size, kind)	{ #type " size", sizeof(type), size, EXPECTED | (kind) }
#define ALIGNMENT(type, align, kind) \
	{ #type " alignment", __alignof__(type), align, EXPECTED | (kind) }
#define MEMBER(type, member, offset, size, kind)				\
	{ #type "." #member " offset", offsetof(type, member), offset,		\
	  EXPECTED | (kind) },							\
	{ #type "." #member " size", sizeof(((type *) 0)->member), size,	\
	  EXPECTED | (kind) }
#define CONSTANT(name, value, kind)	{ #name, name, value, EXPECTED | (kind) }

static const struct our_fact our_facts[] = {
	SIZE(struct rseq_abi, 32, UPSTREAM),
	ALIGNMENT(struct rseq_abi, 32, UPSTREAM),
	MEMBER(struct rseq_abi, cpu_id_start, 0, 4, UPSTREAM),
	MEMBER(struct rseq_abi, cpu_id, 4, 4, UPSTREAM),
	MEMBER(struct rseq_abi, rseq_cs, 8, 8, UPSTREAM),
	MEMBER(struct rseq_abi, flags, 16, 4, UPSTREAM),
	MEMBER(struct rseq_abi, node_id, 20, 4, UPSTREAM),
	MEMBER(struct rseq_abi, mm_cid, 24, 4, UPSTREAM),
	/* The kernel headers that have it are too new to detect by version
	   here yet; the total size still ties it to them.  */
	MEMBER(struct rseq_abi, slice_ctrl, 28, 4, 0),
	CONSTANT(RSEQ_ABI_ORIG_SIZE, 32, UPSTREAM),
	CONSTANT(RSEQ_ABI_ORIG_FEATURE_SIZE, 20, UPSTREAM),

	SIZE(struct rseq_abi_cs, 32, UPSTREAM),
	ALIGNMENT(struct rseq_abi_cs, 32, UPSTREAM),
	MEMBER(struct rseq_abi_cs, version, 0, 4, UPSTREAM),
	MEMBER(struct rseq_abi_cs, flags, 4, 4, UPSTREAM),
	MEMBER(struct rseq_abi_cs, start_ip, 8, 8, UPSTREAM),
	MEMBER(struct rseq_abi_cs, post_commit_offset, 16, 8, UPSTREAM),
	MEMBER(struct rseq_abi_cs, abort_ip, 24, 8, UPSTREAM),

	SIZE(union rseq_abi_ptr, 8, 0),
	MEMBER(union rseq_abi_ptr, ptr64, 0, 8, 0),
	/* Its offset depends on the byte order: see check_pointer_half().  */
	{ "union rseq_abi_ptr.arch.ptr size", sizeof(((union rseq_abi_ptr *) 0)->arch.ptr),
	  sizeof(void *), EXPECTED },

	SIZE(union rseq_abi_slice_ctrl, 4, 0),
	MEMBER(union rseq_abi_slice_ctrl, all, 0, 4, 0),
	MEMBER(union rseq_abi_slice_ctrl, bits.request, 0, 1, 0),
	MEMBER(union rseq_abi_slice_ctrl, bits.granted, 1, 1, 0),
	MEMBER(union rseq_abi_slice_ctrl, bits.reserved, 2, 2, 0),

	CONSTANT(RSEQ_ABI_CPU_ID_UNINITIALIZED, -1, UPSTREAM),
	CONSTANT(RSEQ_ABI_CPU_ID_REGISTRATION_FAILED, -2, UPSTREAM),
	CONSTANT(RSEQ_ABI_FLAG_UNREGISTER, 1, UPSTREAM),
	CONSTANT(RSEQ_ABI_CS_FLAG_NO_RESTART_ON_PREEMPT, 1, UPSTREAM),
	CONSTANT(RSEQ_ABI_CS_FLAG_NO_RESTART_ON_SIGNAL, 2, UPSTREAM),
	CONSTANT(RSEQ_ABI_CS_FLAG_NO_RESTART_ON_MIGRATE, 4, UPSTREAM),
#if defined(__x86_64__) || defined(__i386__)
	CONSTANT(RSEQ_SIG, 0x53053053, UPSTREAM),
#else
	{ "RSEQ_SIG", RSEQ_SIG, 0, UPSTREAM },
#endif
};

enum { NR_OUR_FACTS = sizeof(our_facts) / sizeof(our_facts[0]) };

static const struct abi_fact *upstream_fact(const char *name)
{
	for (size_t i = 0; i < nr_upstream_facts; i++)
		if (!strcmp(upstream_facts[i].name, name))
			return &upstream_facts[i];
	return NULL;
}

static const struct our_fact *our_fact(const char *name)
{
	for (size_t i = 0; i < NR_OUR_FACTS; i++)
		if (!strcmp(our_facts[i].name, name))
			return &our_facts[i];
	return NULL;
}

/* Large numbers (RSEQ_SIG) read better in hexadecimal.  */
static const char *show(long long value, char buf[32])
{
	snprintf(buf, 32, value > 0xffff ? "%#llx" : "%lld", value);
	return buf;
}

/* The values appear in the name only on failure, so that the name of a
   check stays the same from run to run.  */
static void check_fact(const struct our_fact *f)
{
	char ours[32], theirs[32];

	show(f->value, ours);
	if (f->kind & EXPECTED) {
		if (f->value == f->expected)
			check(true, "%s is %s", f->name, ours);
		else
			check(false, "%s is %s (got %s)", f->name, show(f->expected, theirs),
			      ours);
	}
	if (!(f->kind & UPSTREAM))
		return;
	const struct abi_fact *u = upstream_fact(f->name);
	if (!u)
		unsupported("%s: the installed kernel and libc headers do not have it",
			    f->name);
	else if (f->value == u->value)
		check(true, "%s agrees with %s", f->name, u->source);
	else
		check(false, "%s agrees with %s (ours %s, theirs %s)", f->name, u->source,
		      ours, show(u->value, theirs));
}

/* A comparison under a misspelt name would never happen: every upstream
   number must have a counterpart here.  */
static void check_upstream_matched(void)
{
	size_t unmatched = 0;

	for (size_t i = 0; i < nr_upstream_facts; i++) {
		const struct our_fact *f = our_fact(upstream_facts[i].name);
		if (!f || !(f->kind & UPSTREAM)) {
			note("no counterpart for %s from %s", upstream_facts[i].name,
			     upstream_facts[i].source);
			unmatched++;
		}
	}
	if (unmatched == 0)
		check(true, "every upstream number has a counterpart");
	else
		check(false, "every upstream number has a counterpart (%zu of %zu do not)",
		      unmatched, nr_upstream_facts);
}

/* The kernel reads rseq_cs as a 64-bit number; a 32-bit program stores a
   pointer into arch.ptr, which must therefore be the low half of ptr64
   whatever the byte order.  */
static void check_pointer_half(void)
{
	static int object;
	const uintptr_t address = (uintptr_t) &object;
	const union { uint64_t word; unsigned char bytes[8]; } one = { 1 };
	const size_t low_half = one.bytes[0] == 1 ? 0 : 8 - sizeof(void *);
	union rseq_abi_ptr p;

	check(offsetof(union rseq_abi_ptr, arch.ptr) == low_half,
	      "union rseq_abi_ptr.arch.ptr offset is %zu, the low half", low_half);
	p.ptr64 = 0;
	p.arch.ptr = address;
	if (!check(p.ptr64 == (uint64_t) address, "a pointer stored in arch.ptr reads back "
						 "as ptr64"))
		note("stored %#jx, read %#jx", (uintmax_t) address, (uintmax_t) p.ptr64);
	p.ptr64 = (uint64_t) address;
	if (!check(p.arch.ptr == address, "a pointer stored in ptr64 reads back as arch.ptr"))
		note("stored %#jx, read %#jx", (uintmax_t) address, (uintmax_t) p.arch.ptr);
}

int main(void)
{
	int planned = 3 + 1;

	for (size_t i = 0; i < NR_OUR_FACTS; i++)
		planned += !!(our_facts[i].kind & EXPECTED) + !!(our_facts[i].kind & UPSTREAM);
	plan(planned);
	for (size_t i = 0; i < NR_OUR_FACTS; i++)
		check_fact(&our_facts[i]);
	check_upstream_matched();
	check_pointer_half();
	return 0;
}
