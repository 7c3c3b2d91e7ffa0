/* SPDX-License-Identifier: MIT */
/* The kernel's <linux/rseq.h> and glibc's <sys/rseq.h>, as numbers named
   after our counterparts in <rseq/abi.h>.  A translation unit of its own so
   that nothing here can come from our headers.  */
#include <stddef.h>
#include <linux/rseq.h>
#include <linux/version.h>
#if defined(__has_include)
# if __has_include(<sys/rseq.h>)
#  include <sys/rseq.h>
# endif
#endif
#include "facts.h"

#define KERNEL	"<linux/rseq.h>"
#define MEMBER(type, ours, member)						\
	{ ours "." #member " offset", offsetof(struct type, member), KERNEL },	\
	{ ours "." #member " size", sizeof(((struct type *) 0)->member), KERNEL }

const struct abi_fact upstream_facts[] = {
	{ "struct rseq_abi size", sizeof(struct rseq), KERNEL },
	{ "struct rseq_abi alignment", __alignof__(struct rseq), KERNEL },
	MEMBER(rseq, "struct rseq_abi", cpu_id_start),
	MEMBER(rseq, "struct rseq_abi", cpu_id),
	MEMBER(rseq, "struct rseq_abi", rseq_cs),
	MEMBER(rseq, "struct rseq_abi", flags),
/* Linux 6.3 made the area extensible, with these two as its first
   additions; older headers stop at flags.  */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	MEMBER(rseq, "struct rseq_abi", node_id),
	MEMBER(rseq, "struct rseq_abi", mm_cid),
#endif
	{ "RSEQ_ABI_ORIG_SIZE", sizeof(struct rseq), KERNEL },
	/* flags ends the area the first kernels filled.  */
	{ "RSEQ_ABI_ORIG_FEATURE_SIZE",
	  offsetof(struct rseq, flags) + sizeof(((struct rseq *) 0)->flags), KERNEL },

	{ "struct rseq_abi_cs size", sizeof(struct rseq_cs), KERNEL },
	{ "struct rseq_abi_cs alignment", __alignof__(struct rseq_cs), KERNEL },
	MEMBER(rseq_cs, "struct rseq_abi_cs", version),
	MEMBER(rseq_cs, "struct rseq_abi_cs", flags),
	MEMBER(rseq_cs, "struct rseq_abi_cs", start_ip),
	MEMBER(rseq_cs, "struct rseq_abi_cs", post_commit_offset),
	MEMBER(rseq_cs, "struct rseq_abi_cs", abort_ip),

	{ "RSEQ_ABI_CPU_ID_UNINITIALIZED", RSEQ_CPU_ID_UNINITIALIZED, KERNEL },
	{ "RSEQ_ABI_CPU_ID_REGISTRATION_FAILED", RSEQ_CPU_ID_REGISTRATION_FAILED, KERNEL },
	{ "RSEQ_ABI_FLAG_UNREGISTER", RSEQ_FLAG_UNREGISTER, KERNEL },
	{ "RSEQ_ABI_CS_FLAG_NO_RESTART_ON_PREEMPT", RSEQ_CS_FLAG_NO_RESTART_ON_PREEMPT, KERNEL },
	{ "RSEQ_ABI_CS_FLAG_NO_RESTART_ON_SIGNAL", RSEQ_CS_FLAG_NO_RESTART_ON_SIGNAL, KERNEL },
	{ "RSEQ_ABI_CS_FLAG_NO_RESTART_ON_MIGRATE", RSEQ_CS_FLAG_NO_RESTART_ON_MIGRATE, KERNEL },
#ifdef RSEQ_SIG
	{ "RSEQ_SIG", RSEQ_SIG, "<sys/rseq.h>" },
#endif
};

const size_t nr_upstream_facts = sizeof(upstream_facts) / sizeof(upstream_facts[0]);
