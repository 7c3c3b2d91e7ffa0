/* SPDX-License-Identifier: MIT */
/* cpu_opv() on bad input: each call must fail with the contract's errno and
   change nothing at all.  The bad operation comes after valid ones that
   would change memory (an ADD and a MEMCPY into the arena), so that an
   implementation that validates as it goes, rather than before running
   anything, is caught by the snapshot of the whole arena.  A few valid
   vectors at the limits show that the limits are where the contract puts
   them, and that read-only memory is readable.  */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include "opv-test.h"

enum { ARENA_PAGES = 40, BIG = 65537 };

static struct opv_arena arena;
static int here;

/* Where the valid operations point: a counter, a 64-byte destination and
   its source.  */
static char *word, *dst64, *src64;

static struct cpu_op prefix_add(void)
{
	return opv_add(CPU_ADD_OP, word, 8, 1);
}

static struct cpu_op prefix_copy(void)
{
	return opv_memcpy(CPU_MEMCPY_OP, dst64, src64, 64);
}

/* One check: the call fails with want_errno, and no byte of the arena (read
   only page included) changed.  */
static void expect_error_at(const char *name, struct cpu_op *ops, int n, int cpu, int flags,
			    int want_errno)
{
	struct opv_snapshot snap;

	opv_snapshot_take(&snap, &arena);
	errno = 0;
	const int ret = cpu_opv(ops, n, cpu, flags);
	const int err = errno;
	const long changed = opv_snapshot_diff(&snap, &arena);

	check_why(ret == -1 && err == want_errno && changed < 0, name,
		  "returned %d, errno %d (expected -1, %d); first changed byte at arena "
		  "offset %ld", ret, err, want_errno, changed);
}

/* The bad operation after the two valid ones.  */
static void expect_error(const char *name, struct cpu_op bad, int want_errno)
{
	struct cpu_op ops[3] = { prefix_add(), prefix_copy(), bad };

	expect_error_at(name, ops, 3, here, 0, want_errno);
}

/* A memcpy whose source or destination, a compare whose a or b, an ADD
   whose p, with the expect_fault byte of that operand set.  */
static struct cpu_op expecting_fault(struct cpu_op op, int which)
{
	switch (op.op) {
	case CPU_COMPARE_EQ_OP:
	case CPU_COMPARE_NE_OP:
		if (which == 0)
			op.u.compare_op.expect_fault_a = 1;
		else
			op.u.compare_op.expect_fault_b = 1;
		break;
	case CPU_MEMCPY_OP:
	case CPU_MEMCPY_RELEASE_OP:
		if (which == 0)
			op.u.memcpy_op.expect_fault_dst = 1;
		else
			op.u.memcpy_op.expect_fault_src = 1;
		break;
	case CPU_LSHIFT_OP:
	case CPU_RSHIFT_OP:
		op.u.shift_op.expect_fault_p = 1;
		break;
	case CPU_OR_OP:
	case CPU_AND_OP:
	case CPU_XOR_OP:
		op.u.bitwise_op.expect_fault_p = 1;
		break;
	default:
		op.u.arithmetic_op.expect_fault_p = 1;
		break;
	}
	return op;
}

/* Operands that cannot be accessed: EFAULT, or EAGAIN when the operand's
   expect_fault byte says the caller expected it.  which: 0 for a, dst, p;
   1 for b, src.  */
static void faults(void)
{
	char *unmapped = arena.guard_after_rw;
	char *ro = arena.ro;
	/* A pointer slot whose upper half is not zero: on a 32-bit ABI its low
	   half alone is a valid address, which a truncating implementation
	   would use; on 64-bit, a non-canonical address.  */
	const uint64_t high = sizeof(void *) == 4 ? UINT64_C(1) << 32 : UINT64_C(1) << 63;
	static const int nr = 20;
	struct {
		const char *name;
		struct cpu_op op;
		int which;
	} cases[] = {
		{ "MEMCPY from NULL", opv_memcpy(CPU_MEMCPY_OP, dst64, NULL, 8), 1 },
		{ "MEMCPY from an unmapped page", opv_memcpy(CPU_MEMCPY_OP, dst64, unmapped, 8), 1 },
		{ "MEMCPY from a range that runs into an unmapped page",
		  opv_memcpy(CPU_MEMCPY_OP, dst64, unmapped - 4, 8), 1 },
		{ "MEMCPY to NULL", opv_memcpy(CPU_MEMCPY_OP, NULL, src64, 8), 0 },
		{ "MEMCPY to the read-only page", opv_memcpy(CPU_MEMCPY_OP, ro, src64, 8), 0 },
		{ "MEMCPY_RELEASE to the read-only page",
		  opv_memcpy(CPU_MEMCPY_RELEASE_OP, ro + 64, src64, 64), 0 },
		{ "MEMCPY to a range that runs into an unmapped page",
		  opv_memcpy(CPU_MEMCPY_OP, unmapped - 4, src64, 8), 0 },
		{ "EQ with a at NULL", opv_compare(CPU_COMPARE_EQ_OP, NULL, src64, 8), 0 },
		{ "EQ with b on an unmapped page", opv_compare(CPU_COMPARE_EQ_OP, src64, unmapped, 8),
		  1 },
		{ "NE with a on an unmapped page", opv_compare(CPU_COMPARE_NE_OP, unmapped, src64, 1),
		  0 },
		{ "ADD to the read-only page", opv_add(CPU_ADD_OP, ro, 8, 1), 0 },
		{ "ADD_RELEASE to an unmapped page", opv_add(CPU_ADD_RELEASE_OP, unmapped, 4, 1), 0 },
		{ "OR to the read-only page", opv_bitwise(CPU_OR_OP, ro, 4, 1), 0 },
		{ "AND to NULL", opv_bitwise(CPU_AND_OP, NULL, 2, 1), 0 },
		{ "XOR to the read-only page", opv_bitwise(CPU_XOR_OP, ro + 8, 1, 1), 0 },
		{ "LSHIFT to the read-only page", opv_shift(CPU_LSHIFT_OP, ro, 8, 1), 0 },
		{ "RSHIFT to an unmapped page", opv_shift(CPU_RSHIFT_OP, unmapped, 2, 1), 0 },
		{ "MEMCPY from a slot with the upper half set",
		  opv_memcpy(CPU_MEMCPY_OP, dst64, src64, 8), 1 },
		{ "ADD to a slot with the upper half set", opv_add(CPU_ADD_OP, dst64, 8, 1), 0 },
		{ "MEMCPY from a range that wraps around the address space",
		  opv_memcpy(CPU_MEMCPY_OP, dst64, NULL, 16), 1 },
	};

	REQUIRE(sizeof(cases) / sizeof(cases[0]) == (size_t) nr);
	cases[17].op.u.memcpy_op.src |= high;
	cases[18].op.u.arithmetic_op.p |= high;
	cases[19].op.u.memcpy_op.src = UINT64_MAX - 7;
	for (int i = 0; i < nr; i++) {
		char name[160];

		snprintf(name, sizeof(name), "%s: EFAULT, nothing changed", cases[i].name);
		expect_error(name, cases[i].op, EFAULT);
		snprintf(name, sizeof(name), "%s, fault expected: EAGAIN, nothing changed",
			 cases[i].name);
		expect_error(name, expecting_fault(cases[i].op, cases[i].which), EAGAIN);
	}
}
enum { NR_FAULT_CHECKS = 2 * 20 };

/* The expect_fault byte of one operand says nothing about the other.  */
static void other_operand_faults(void)
{
	struct cpu_op op;

	op = opv_memcpy(CPU_MEMCPY_OP, arena.ro, src64, 8);
	op.u.memcpy_op.expect_fault_src = 1;
	expect_error("MEMCPY to the read-only page, fault expected on the source: EFAULT, "
		     "nothing changed", op, EFAULT);
	op = opv_compare(CPU_COMPARE_EQ_OP, src64, arena.guard_after_rw, 8);
	op.u.compare_op.expect_fault_a = 1;
	expect_error("EQ with b on an unmapped page, fault expected on a: EFAULT, "
		     "nothing changed", op, EFAULT);
}
enum { NR_OTHER_OPERAND_CHECKS = 2 };

/* The vector itself cannot be read.  */
static void vector_faults(void)
{
	/* Two operations, the second on the inaccessible page.  */
	struct cpu_op *straddling = (struct cpu_op *) arena.guard_after_rw - 1;

	*straddling = prefix_add();
	expect_error_at("a vector at NULL: EFAULT, nothing changed", NULL, 1, here, 0, EFAULT);
	expect_error_at("a vector that runs into an unmapped page: EFAULT, nothing changed",
			straddling, 2, here, 0, EFAULT);
}
enum { NR_VECTOR_FAULT_CHECKS = 2 };

static void bad_shapes(void)
{
	static const struct {
		const char *name;
		int32_t code;
		uint32_t len;
		uint32_t bits;
	} cases[] = {
		{ "unknown op 12", NR_CPU_OPS, 8, 0 },
		{ "unknown op 13", NR_CPU_OPS + 1, 8, 0 },
		{ "unknown op -1", -1, 8, 0 },
		{ "unknown op INT32_MAX", INT32_MAX, 8, 0 },
		{ "ADD of len 0", CPU_ADD_OP, 0, 0 },
		{ "ADD of len 3", CPU_ADD_OP, 3, 0 },
		{ "ADD of len 16", CPU_ADD_OP, 16, 0 },
		{ "ADD_RELEASE of len 5", CPU_ADD_RELEASE_OP, 5, 0 },
		{ "OR of len 0", CPU_OR_OP, 0, 0 },
		{ "AND of len 6", CPU_AND_OP, 6, 0 },
		{ "XOR of len 9", CPU_XOR_OP, 9, 0 },
		{ "LSHIFT of len 3", CPU_LSHIFT_OP, 3, 1 },
		{ "RSHIFT of len 16", CPU_RSHIFT_OP, 16, 1 },
		{ "LSHIFT of len 1 by 8", CPU_LSHIFT_OP, 1, 8 },
		{ "RSHIFT of len 2 by 16", CPU_RSHIFT_OP, 2, 16 },
		{ "LSHIFT of len 4 by 32", CPU_LSHIFT_OP, 4, 32 },
		{ "RSHIFT of len 8 by 64", CPU_RSHIFT_OP, 8, 64 },
		{ "LSHIFT of len 8 by 2^32 - 1", CPU_LSHIFT_OP, 8, UINT32_MAX },
		{ "MEMCPY of 4097 bytes", CPU_MEMCPY_OP, CPU_OP_DATA_LEN_MAX + 1, 0 },
		{ "EQ on 4097 bytes", CPU_COMPARE_EQ_OP, CPU_OP_DATA_LEN_MAX + 1, 0 },
		{ "MEMCPY_RELEASE of 65537 bytes", CPU_MEMCPY_RELEASE_OP, BIG, 0 },
	};
	enum { N = sizeof(cases) / sizeof(cases[0]) };
	/* Operands that are all valid memory, big enough for every length
	   above: only the shape is wrong.  */
	char *p = arena.rw + 2 * arena.page;
	char *q = p + BIG + 64;

	for (int i = 0; i < N; i++) {
		struct cpu_op op;
		char name[160];

		memset(&op, 0, sizeof(op));
		op.op = cases[i].code;
		op.len = cases[i].len;
		switch (op.op) {
		case CPU_LSHIFT_OP:
		case CPU_RSHIFT_OP:
			op = opv_shift(op.op, p, op.len, cases[i].bits);
			break;
		case CPU_ADD_OP:
		case CPU_ADD_RELEASE_OP:
			op = opv_add(op.op, p, op.len, 1);
			break;
		case CPU_OR_OP:
		case CPU_AND_OP:
		case CPU_XOR_OP:
			op = opv_bitwise(op.op, p, op.len, 0xff);
			break;
		case CPU_COMPARE_EQ_OP:
			op = opv_compare(op.op, p, q, op.len);
			break;
		default:
			op = opv_memcpy(op.op, q, p, op.len);
			break;
		}
		snprintf(name, sizeof(name), "%s: EINVAL, nothing changed", cases[i].name);
		expect_error(name, op, EINVAL);
	}
}
enum { NR_SHAPE_CHECKS = 21 };

/* 16 operations at most, and 4096 + 15 * 8 bytes in all.  */
static void limits(void)
{
	struct cpu_op ops[CPU_OP_VEC_LEN_MAX + 1];
	char *big_dst = arena.rw + 2 * arena.page;
	char *big_src = big_dst + 2 * CPU_OP_DATA_LEN_MAX;
	uint64_t before;

	for (int i = 0; i <= CPU_OP_VEC_LEN_MAX; i++)
		ops[i] = prefix_add();
	memcpy(&before, word, 8);
	const int ret = cpu_opv(ops, CPU_OP_VEC_LEN_MAX, here, 0);
	uint64_t after;
	memcpy(&after, word, 8);
	check_why(ret == 0 && after == before + CPU_OP_VEC_LEN_MAX,
		  "16 operations: all ran", "returned %d, the counter went from %llu to %llu",
		  ret, (unsigned long long) before, (unsigned long long) after);
	expect_error_at("17 operations: EINVAL, nothing changed", ops, CPU_OP_VEC_LEN_MAX + 1,
			here, 0, EINVAL);
	expect_error_at("opcount -1: EINVAL, nothing changed", ops, -1, here, 0, EINVAL);
	expect_error_at("opcount INT_MIN: EINVAL, nothing changed", ops, INT_MIN, here, 0, EINVAL);

	/* Two full copies: 8192 bytes.  */
	ops[0] = opv_memcpy(CPU_MEMCPY_OP, big_dst, big_src, CPU_OP_DATA_LEN_MAX);
	ops[1] = opv_memcpy(CPU_MEMCPY_OP, big_dst + CPU_OP_DATA_LEN_MAX, big_src,
			    CPU_OP_DATA_LEN_MAX);
	expect_error_at("two MEMCPYs of 4096 bytes: EINVAL, nothing changed", ops, 2, here, 0,
			EINVAL);

	/* Exactly the maximum: one full copy and fifteen 8-byte ADDs; an MB,
	   whatever its len, does not count.  */
	ops[0] = opv_memcpy(CPU_MEMCPY_OP, big_dst, big_src, CPU_OP_DATA_LEN_MAX);
	for (int i = 1; i < CPU_OP_VEC_LEN_MAX; i++)
		ops[i] = prefix_add();
	check_why(cpu_opv(ops, CPU_OP_VEC_LEN_MAX, here, 0) == 0 &&
		  !memcmp(big_dst, big_src, CPU_OP_DATA_LEN_MAX),
		  "4096 + 15 * 8 = 4216 bytes in all: runs", "errno %d", errno);
	ops[1] = opv_mb();
	ops[1].len = UINT32_MAX;
	check_why(cpu_opv(ops, CPU_OP_VEC_LEN_MAX, here, 0) == 0,
		  "an MB's len does not count toward the total", "errno %d", errno);
	/* One byte over.  */
	memset(big_dst, 0, CPU_OP_DATA_LEN_MAX);
	ops[1] = opv_memcpy(CPU_MEMCPY_OP, dst64, src64, 9);
	expect_error_at("4217 bytes in all: EINVAL, nothing changed", ops, CPU_OP_VEC_LEN_MAX,
			here, 0, EINVAL);
}
enum { NR_LIMIT_CHECKS = 8 };

/* The CPU and the flags.  */
static void bad_targets(void)
{
	const int nr = rseq_get_max_nr_cpus();
	struct cpu_op ops[2] = { prefix_add(), prefix_copy() };
	static const struct {
		const char *name;
		int cpu;	/* INT_MAX - 1 stands for rseq_get_max_nr_cpus() */
		int flags;
	} cases[] = {
		{ "cpu -1", -1, 0 },
		{ "cpu INT_MIN", INT_MIN, 0 },
		{ "cpu rseq_get_max_nr_cpus()", INT_MAX - 1, 0 },
		{ "cpu INT_MAX", INT_MAX, 0 },
		{ "mm_cid -1", -1, CPU_OP_MM_CID_FLAG },
		{ "mm_cid rseq_get_max_nr_cpus()", INT_MAX - 1, CPU_OP_MM_CID_FLAG },
		{ "flag 1 << 3", 0, 1 << 3 },
		{ "flag 1 << 31", 0, INT_MIN },
		{ "CPU_OP_MM_CID_FLAG | 1 << 3", 0, CPU_OP_MM_CID_FLAG | 1 << 3 },
		{ "CPU_OP_NR_FLAG | 1 << 4", 0, CPU_OP_NR_FLAG | 1 << 4 },
	};
	enum { N = sizeof(cases) / sizeof(cases[0]) };

	REQUIRE(nr > 0);
	for (int i = 0; i < N; i++) {
		char name[160];
		const int cpu = cases[i].cpu == INT_MAX - 1 ? nr : cases[i].cpu;

		snprintf(name, sizeof(name), "%s: EINVAL, nothing changed", cases[i].name);
		expect_error_at(name, ops, 2, cpu, cases[i].flags, EINVAL);
	}
}
enum { NR_TARGET_CHECKS = 10 };

/* Read-only memory is fine to read: the EFAULTs above are about writing.  */
static void read_only_sources(void)
{
	struct cpu_op ops[2];
	uint64_t copy = 0, want;

	memcpy(&want, arena.ro + 16, 8);
	ops[0] = opv_compare(CPU_COMPARE_EQ_OP, arena.ro + 16, &want, 8);
	ops[1] = opv_memcpy(CPU_MEMCPY_OP, &copy, arena.ro + 16, 8);
	check_why(cpu_opv(ops, 2, here, 0) == 0 && copy == want,
		  "EQ on and MEMCPY from the read-only page work", "errno %d", errno);
}
enum { NR_READ_ONLY_CHECKS = 1 };

int main(void)
{
	plan(NR_FAULT_CHECKS + NR_OTHER_OPERAND_CHECKS + NR_VECTOR_FAULT_CHECKS + NR_SHAPE_CHECKS + NR_LIMIT_CHECKS +
	     NR_TARGET_CHECKS + NR_READ_ONLY_CHECKS);
	here = opv_here();
	opv_arena_init(&arena, ARENA_PAGES);
	word = arena.rw;
	dst64 = arena.rw + 64;
	src64 = arena.rw + 256;

	faults();
	other_operand_faults();
	vector_faults();
	bad_shapes();
	limits();
	bad_targets();
	read_only_sources();
	return 0;
}
