/* SPDX-License-Identifier: MIT */
/* The kernel's restartable-sequences ABI, under names of our own so that this
   header can be included together with <linux/rseq.h> and <sys/rseq.h>, in
   any order.  Layout facts: see rseq(2).  */
#ifndef _RSEQ_ABI_H
#define _RSEQ_ABI_H

#include <stddef.h>
#include <stdint.h>
#include <rseq/compiler.h>

enum rseq_abi_cpu_id_state {
	RSEQ_ABI_CPU_ID_UNINITIALIZED		= -1,
	RSEQ_ABI_CPU_ID_REGISTRATION_FAILED	= -2
};

enum rseq_abi_flags {
	RSEQ_ABI_FLAG_UNREGISTER = (1 << 0)
};

/* Deprecated by the kernel: setting any of these gets the process killed.
   They are listed only so that nobody reuses the bits by accident.  */
enum rseq_abi_cs_flags {
	RSEQ_ABI_CS_FLAG_NO_RESTART_ON_PREEMPT	= (1U << 0),
	RSEQ_ABI_CS_FLAG_NO_RESTART_ON_SIGNAL	= (1U << 1),
	RSEQ_ABI_CS_FLAG_NO_RESTART_ON_MIGRATE	= (1U << 2)
};

/* Size of the area the first kernels defined (and the minimum length the
   rseq system call accepts), and the feature size those kernels filled.  */
#define RSEQ_ABI_ORIG_SIZE		32
#define RSEQ_ABI_ORIG_FEATURE_SIZE	20

/* A critical-section descriptor.  32-byte aligned so that it never straddles
   a cache line; normally placed in its own section by the asm that uses it.  */
struct rseq_abi_cs {
	uint32_t version;
	uint32_t flags;
	uint64_t start_ip;
	uint64_t post_commit_offset;	/* from start_ip */
	uint64_t abort_ip;
} __attribute__((aligned(32)));

/* A 64-bit slot holding a pointer.  On 32-bit the pointer is the low half,
   which is the first or second word depending on endianness; the other half
   stays zero.  */
union rseq_abi_ptr {
	uint64_t ptr64;
	struct {
#if defined(__LP64__)
		uint64_t ptr;
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		uint32_t padding;
		uint32_t ptr;
#else
		uint32_t ptr;
		uint32_t padding;
#endif
	} arch;
};

/* Time-slice extension control word (newer kernels).  `granted' is written by
   the kernel only.  */
union rseq_abi_slice_ctrl {
	uint32_t all;
	struct {
		uint8_t request;
		uint8_t granted;
		uint16_t reserved;
	} bits;
};

/* The per-thread area.  Fields marked "kernel" must never be written by user
   space once the area is registered.  */
struct rseq_abi {
	uint32_t cpu_id_start;		/* kernel: always a possible CPU */
	uint32_t cpu_id;		/* kernel: current CPU, or < 0 */
	union rseq_abi_ptr rseq_cs;	/* user: active struct rseq_abi_cs */
	uint32_t flags;			/* user: must stay 0 */
	uint32_t node_id;		/* kernel (feature size >= 24) */
	uint32_t mm_cid;		/* kernel (feature size >= 28) */
	union rseq_abi_slice_ctrl slice_ctrl;	/* feature size >= 32 */
} __attribute__((aligned(32)));

RSEQ_STATIC_ASSERT(sizeof(struct rseq_abi_cs) == 32, "rseq_abi_cs size");
RSEQ_STATIC_ASSERT(offsetof(struct rseq_abi_cs, version) == 0, "rseq_abi_cs.version");
RSEQ_STATIC_ASSERT(offsetof(struct rseq_abi_cs, flags) == 4, "rseq_abi_cs.flags");
RSEQ_STATIC_ASSERT(offsetof(struct rseq_abi_cs, start_ip) == 8, "rseq_abi_cs.start_ip");
RSEQ_STATIC_ASSERT(offsetof(struct rseq_abi_cs, post_commit_offset) == 16,
		   "rseq_abi_cs.post_commit_offset");
RSEQ_STATIC_ASSERT(offsetof(struct rseq_abi_cs, abort_ip) == 24, "rseq_abi_cs.abort_ip");
RSEQ_STATIC_ASSERT(sizeof(union rseq_abi_ptr) == 8, "rseq_abi_ptr size");
RSEQ_STATIC_ASSERT(sizeof(union rseq_abi_slice_ctrl) == 4, "rseq_abi_slice_ctrl size");
RSEQ_STATIC_ASSERT(offsetof(struct rseq_abi, cpu_id_start) == 0, "rseq_abi.cpu_id_start");
RSEQ_STATIC_ASSERT(offsetof(struct rseq_abi, cpu_id) == 4, "rseq_abi.cpu_id");
RSEQ_STATIC_ASSERT(offsetof(struct rseq_abi, rseq_cs) == 8, "rseq_abi.rseq_cs");
RSEQ_STATIC_ASSERT(offsetof(struct rseq_abi, flags) == 16, "rseq_abi.flags");
RSEQ_STATIC_ASSERT(offsetof(struct rseq_abi, node_id) == 20, "rseq_abi.node_id");
RSEQ_STATIC_ASSERT(offsetof(struct rseq_abi, mm_cid) == 24, "rseq_abi.mm_cid");
RSEQ_STATIC_ASSERT(offsetof(struct rseq_abi, slice_ctrl) == 28, "rseq_abi.slice_ctrl");
RSEQ_STATIC_ASSERT(sizeof(struct rseq_abi) == RSEQ_ABI_ORIG_SIZE, "rseq_abi size");
RSEQ_STATIC_ASSERT(__alignof__(struct rseq_abi) == 32, "rseq_abi alignment");

#endif /* _RSEQ_ABI_H */
