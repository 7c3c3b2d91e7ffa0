/* SPDX-License-Identifier: MIT */
/* The per-CPU operations expressed as cpu_opv() vectors: the slow path that
   always completes (see <rseq/percpu-opv.h>).  Same results as the rseq
   fast path: 0 done, 1 a comparison failed, -1 with errno.  */
#include <errno.h>
#include <rseq/rseq.h>
#include "internal/export.h"

namespace {

constexpr uint32_t kWord = sizeof(intptr_t);

uint64_t addr(const void *p)
{
	return (uint64_t) (uintptr_t) p;
}

int opv_flags(enum rseq_percpu_mode mode)
{
	return mode == RSEQ_PERCPU_MM_CID ? (int) CPU_OP_MM_CID_FLAG : 0;
}

// The same memory orders and modes as the fast path accept; anything else is
// the same programming error.
void check_order(const char *op, enum rseq_mo mo, enum rseq_percpu_mode mode, bool has_release)
{
	if ((mo != RSEQ_MO_RELAXED && !(has_release && mo == RSEQ_MO_RELEASE)) ||
	    (mode != RSEQ_PERCPU_CPU_ID && mode != RSEQ_PERCPU_MM_CID))
		rseq_fatal(op);
}

struct cpu_op compare_eq(const void *a, const void *b, uint32_t len)
{
	struct cpu_op op = {};
	op.op = CPU_COMPARE_EQ_OP;
	op.len = len;
	op.u.compare_op.a = addr(a);
	op.u.compare_op.b = addr(b);
	return op;
}

struct cpu_op copy(void *dst, const void *src, uint32_t len, bool release = false)
{
	struct cpu_op op = {};
	op.op = release ? CPU_MEMCPY_RELEASE_OP : CPU_MEMCPY_OP;
	op.len = len;
	op.u.memcpy_op.dst = addr(dst);
	op.u.memcpy_op.src = addr(src);
	return op;
}

struct cpu_op add(void *p, intptr_t count)
{
	struct cpu_op op = {};
	op.op = CPU_ADD_OP;
	op.len = kWord;
	op.u.arithmetic_op.p = addr(p);
	op.u.arithmetic_op.count = count;
	return op;
}

// After cpu_opv() failed on a vector that reads through a pointer first
// read from *where: EAGAIN is the expected fault of memory that went away
// because the pointer changed, so read it again; if it did not change, the
// memory it names is simply not accessible (EFAULT).
bool retry_after_fault(const intptr_t *where, intptr_t seen)
{
	if (errno != EAGAIN)
		return false;
	if (__atomic_load_n(where, __ATOMIC_RELAXED) != seen)
		return true;
	errno = EFAULT;
	return false;
}

// cpu_opv() returns the 1-based index of a failed comparison: the public
// result is 1 whichever it was.
int result(int ret)
{
	return ret > 0 ? 1 : ret;
}

} // namespace

extern "C" RSEQ_EXPORT int rseq_load_cbne_store__ptr_opv(enum rseq_mo mo,
							 enum rseq_percpu_mode mode, intptr_t *v,
							 intptr_t expect, intptr_t newv, int cpu)
{
	check_order("rseq_load_cbne_store__ptr_opv: unsupported memory order or per-CPU mode",
		    mo, mode, false);
	struct cpu_op ops[] = { compare_eq(v, &expect, kWord), copy(v, &newv, kWord) };
	return result(cpu_opv(ops, 2, cpu, opv_flags(mode)));
}

extern "C" RSEQ_EXPORT int rseq_load_cbeq_store_add_load_store__ptr_opv(
	enum rseq_mo mo, enum rseq_percpu_mode mode, intptr_t *v, intptr_t expectnot, long voffp,
	intptr_t *load, int cpu)
{
	check_order("rseq_load_cbeq_store_add_load_store__ptr_opv: unsupported memory order or "
		    "per-CPU mode", mo, mode, false);
	for (;;) {
		// The head read here is confirmed inside the vector; if it
		// changed in between, read it again.  The node it names may be
		// gone by the time the vector is checked: expect that fault.
		const intptr_t head = __atomic_load_n(v, __ATOMIC_RELAXED);
		if (head == expectnot)
			return 1;
		struct cpu_op ops[] = { compare_eq(v, &head, kWord),
					copy(v, (const void *) (head + voffp), kWord) };
		ops[1].u.memcpy_op.expect_fault_src = 1;
		const int ret = cpu_opv(ops, 2, cpu, opv_flags(mode));
		if (ret == 0) {
			*load = head;
			return 0;
		}
		if (ret < 0 && !retry_after_fault(v, head))
			return -1;
	}
}

extern "C" RSEQ_EXPORT int rseq_load_add_store__ptr_opv(enum rseq_mo mo,
							enum rseq_percpu_mode mode, intptr_t *v,
							intptr_t count, int cpu)
{
	check_order("rseq_load_add_store__ptr_opv: unsupported memory order or per-CPU mode", mo,
		    mode, false);
	struct cpu_op ops[] = { add(v, count) };
	return result(cpu_opv(ops, 1, cpu, opv_flags(mode)));
}

extern "C" RSEQ_EXPORT int rseq_load_add_load_load_add_store__ptr_opv(
	enum rseq_mo mo, enum rseq_percpu_mode mode, intptr_t *ptr, long off, intptr_t inc,
	int cpu)
{
	check_order("rseq_load_add_load_load_add_store__ptr_opv: unsupported memory order or "
		    "per-CPU mode", mo, mode, false);
	for (;;) {
		// As for the list pop: confirm the pointer read here inside the
		// vector, and read it again if it changed.
		const intptr_t base = __atomic_load_n(ptr, __ATOMIC_RELAXED);
		struct cpu_op ops[] = { compare_eq(ptr, &base, kWord),
					add((void *) (base + off), inc) };
		ops[1].u.arithmetic_op.expect_fault_p = 1;
		const int ret = cpu_opv(ops, 2, cpu, opv_flags(mode));
		if (ret == 0)
			return 0;
		if (ret < 0 && !retry_after_fault(ptr, base))
			return -1;
	}
}

extern "C" RSEQ_EXPORT int rseq_load_cbne_store_store__ptr_opv(
	enum rseq_mo mo, enum rseq_percpu_mode mode, intptr_t *v, intptr_t expect, intptr_t *v2,
	intptr_t newv2, intptr_t newv, int cpu)
{
	check_order("rseq_load_cbne_store_store__ptr_opv: unsupported memory order or per-CPU "
		    "mode", mo, mode, true);
	struct cpu_op ops[] = { compare_eq(v, &expect, kWord), copy(v2, &newv2, kWord),
				copy(v, &newv, kWord, mo == RSEQ_MO_RELEASE) };
	return result(cpu_opv(ops, 3, cpu, opv_flags(mode)));
}

extern "C" RSEQ_EXPORT int rseq_load_cbne_load_cbne_store__ptr_opv(
	enum rseq_mo mo, enum rseq_percpu_mode mode, intptr_t *v, intptr_t expect, intptr_t *v2,
	intptr_t expect2, intptr_t newv, int cpu)
{
	check_order("rseq_load_cbne_load_cbne_store__ptr_opv: unsupported memory order or "
		    "per-CPU mode", mo, mode, false);
	struct cpu_op ops[] = { compare_eq(v, &expect, kWord), compare_eq(v2, &expect2, kWord),
				copy(v, &newv, kWord) };
	return result(cpu_opv(ops, 3, cpu, opv_flags(mode)));
}

extern "C" RSEQ_EXPORT int rseq_load_cbne_memcpy_store__ptr_opv(
	enum rseq_mo mo, enum rseq_percpu_mode mode, intptr_t *v, intptr_t expect, void *dst,
	void *src, size_t len, intptr_t newv, int cpu)
{
	check_order("rseq_load_cbne_memcpy_store__ptr_opv: unsupported memory order or per-CPU "
		    "mode", mo, mode, true);
	if (len > CPU_OP_DATA_LEN_MAX) {
		errno = EINVAL;
		return -1;
	}
	struct cpu_op ops[] = { compare_eq(v, &expect, kWord), copy(dst, src, (uint32_t) len),
				copy(v, &newv, kWord, mo == RSEQ_MO_RELEASE) };
	return result(cpu_opv(ops, 3, cpu, opv_flags(mode)));
}
