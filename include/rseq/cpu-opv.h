/* SPDX-License-Identifier: MIT */
/* cpu_opv(2): run a short vector of simple operations on the data of one
   CPU (or one mm_cid), atomically with respect to librseq's per-CPU
   operations there and to other cpu_opv() calls.  The ABI is the one
   proposed for the kernel (2018 generation, plus the two release
   variants); no mainline kernel has the system call, so librseq implements
   it in user space.  See cpu_opv(2).  */
#ifndef _RSEQ_CPU_OPV_H
#define _RSEQ_CPU_OPV_H

#include <stddef.h>
#include <stdint.h>
#include <rseq/compiler.h>

#define CPU_OP_VEC_LEN_MAX	16
/* A compare or memcpy moves at most this much ...  */
#define CPU_OP_DATA_LEN_MAX	4096
/* ... and the other operations of a vector at most this much each.  */
#define CPU_OP_EXPECT_LEN	8
#define CPU_OP_VEC_DATA_LEN_MAX	\
	(CPU_OP_DATA_LEN_MAX + (CPU_OP_VEC_LEN_MAX - 1) * CPU_OP_EXPECT_LEN)

/* flags */
#define CPU_OP_NR_FLAG		(1U << 0)	/* return NR_CPU_OPS */
#define CPU_OP_VEC_LEN_MAX_FLAG	(1U << 1)	/* return CPU_OP_VEC_LEN_MAX */
#define CPU_OP_MM_CID_FLAG	(1U << 2)	/* cpu is an mm_cid index */

enum cpu_op_type {
	CPU_COMPARE_EQ_OP = 0,
	CPU_COMPARE_NE_OP = 1,
	CPU_MEMCPY_OP = 2,
	CPU_ADD_OP = 3,
	CPU_OR_OP = 4,
	CPU_AND_OP = 5,
	CPU_XOR_OP = 6,
	CPU_LSHIFT_OP = 7,
	CPU_RSHIFT_OP = 8,
	CPU_MB_OP = 9,
	CPU_MEMCPY_RELEASE_OP = 10,
	CPU_ADD_RELEASE_OP = 11,
	NR_CPU_OPS = 12
};

/* 64-bit slots, 8-byte aligned on every ABI (i386 aligns uint64_t to 4).
   An address is stored zero-extended: on 32-bit the pointer is the low
   half, the other half must be 0.  */
typedef uint64_t cpu_op_u64 __attribute__((aligned(8)));
typedef int64_t cpu_op_s64 __attribute__((aligned(8)));

struct cpu_op {
	int32_t op;		/* enum cpu_op_type */
	uint32_t len;		/* bytes: data length, or operand size 1, 2, 4, 8 */
	union {
		struct {
			cpu_op_u64 a;
			cpu_op_u64 b;
			uint8_t expect_fault_a;
			uint8_t expect_fault_b;
		} compare_op;
		struct {
			cpu_op_u64 dst;
			cpu_op_u64 src;
			uint8_t expect_fault_dst;
			uint8_t expect_fault_src;
		} memcpy_op;
		struct {
			cpu_op_u64 p;
			cpu_op_s64 count;
			uint8_t expect_fault_p;
		} arithmetic_op;
		struct {
			cpu_op_u64 p;
			cpu_op_u64 mask;
			uint8_t expect_fault_p;
		} bitwise_op;
		struct {
			cpu_op_u64 p;
			uint32_t bits;
			uint8_t expect_fault_p;
		} shift_op;
		char __padding[24];
	} u;
};

RSEQ_STATIC_ASSERT(sizeof(struct cpu_op) == 32, "struct cpu_op size");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, op) == 0, "cpu_op.op");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, len) == 4, "cpu_op.len");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, u) == 8, "cpu_op.u");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, u.compare_op.b) == 16, "compare_op.b");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, u.compare_op.expect_fault_a) == 24,
		   "compare_op.expect_fault_a");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, u.compare_op.expect_fault_b) == 25,
		   "compare_op.expect_fault_b");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, u.memcpy_op.src) == 16, "memcpy_op.src");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, u.memcpy_op.expect_fault_dst) == 24,
		   "memcpy_op.expect_fault_dst");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, u.memcpy_op.expect_fault_src) == 25,
		   "memcpy_op.expect_fault_src");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, u.arithmetic_op.count) == 16, "arithmetic_op.count");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, u.arithmetic_op.expect_fault_p) == 24,
		   "arithmetic_op.expect_fault_p");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, u.bitwise_op.mask) == 16, "bitwise_op.mask");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, u.bitwise_op.expect_fault_p) == 24,
		   "bitwise_op.expect_fault_p");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, u.shift_op.bits) == 16, "shift_op.bits");
RSEQ_STATIC_ASSERT(offsetof(struct cpu_op, u.shift_op.expect_fault_p) == 20,
		   "shift_op.expect_fault_p");

RSEQ_BEGIN_DECLS

/* 0 when every operation ran; the 1-based index of the comparison that
   failed (the operations before it took effect, the ones after it did
   not); -1 with errno (EINVAL, EFAULT, EAGAIN) when nothing ran.  */
int cpu_opv(struct cpu_op *ops, int opcount, int cpu, int flags);

/* How cpu_opv() keeps the per-CPU operations of other threads out of a CPU
   (or mm_cid) the caller is not running on, decided on first use from what
   membarrier(2) offers (see cpu_opv(2)).  A call for the CPU (or mm_cid)
   the caller is running on needs no membarrier at all.  */
enum rseq_cpu_opv_method {
	/* membarrier(PRIVATE_EXPEDITED_RSEQ): sequences running on that CPU
	   (FLAG_CPU; on every CPU for an mm_cid) restart (Linux 5.10).  */
	RSEQ_CPU_OPV_MEMBARRIER_RSEQ = 1,
	/* membarrier(PRIVATE_EXPEDITED): a memory barrier on every CPU only.  */
	RSEQ_CPU_OPV_MEMBARRIER = 2,
	/* no membarrier: the fence alone.  */
	RSEQ_CPU_OPV_FENCE_ONLY = 3
};

int rseq_cpu_opv_method(void);

RSEQ_END_DECLS

#endif /* _RSEQ_CPU_OPV_H */
