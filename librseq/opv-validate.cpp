/* SPDX-License-Identifier: MIT */
/* Validation of a cpu_opv() vector, complete before anything runs: an
   invalid vector changes nothing.  Accessibility is checked by asking the
   kernel to populate the operands' pages for reading or for writing
   (MADV_POPULATE_READ/WRITE, Linux 5.14), which faults them in without
   changing their contents.  Memory unmapped by another thread between this
   check and the run still faults (SIGSEGV): unlike the kernel proposal, a
   user-space implementation cannot catch that.  */
#include <errno.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "internal/opv.h"
#include "internal/syscall.h"

#ifndef MADV_POPULATE_READ
# define MADV_POPULATE_READ	22
#endif
#ifndef MADV_POPULATE_WRITE
# define MADV_POPULATE_WRITE	23
#endif

namespace librseq {
namespace {

enum class Access { read, write };

// 1: MADV_POPULATE_* works; -1: the kernel predates it; 0: not probed yet.
int populate_state;
uintptr_t page_mask;	// page size - 1, once known

uintptr_t get_page_mask()
{
	uintptr_t mask = __atomic_load_n(&page_mask, __ATOMIC_RELAXED);
	if (rseq_unlikely(!mask)) {
		mask = (uintptr_t) getauxval(AT_PAGESZ) - 1;
		__atomic_store_n(&page_mask, mask, __ATOMIC_RELAXED);
	}
	return mask;
}

bool populate_supported()
{
	int state = __atomic_load_n(&populate_state, __ATOMIC_RELAXED);
	if (state == 0) {
		// Our own stack page is certainly readable and writable: only a
		// kernel without the advice refuses it.
		char probe;
		const uintptr_t page = (uintptr_t) &probe & ~get_page_mask();
		state = kernel_call(SYS_madvise, page, 1, MADV_POPULATE_WRITE) == 0 ? 1 : -1;
		__atomic_store_n(&populate_state, state, __ATOMIC_RELAXED);
	}
	return state > 0;
}

// Whether [start, end), whole pages, can be accessed.
bool populate(uintptr_t start, uintptr_t end, Access access)
{
	if (populate_supported())
		return kernel_call(SYS_madvise, start, end - start,
				   access == Access::write ? MADV_POPULATE_WRITE
							   : MADV_POPULATE_READ) == 0;
	// Before Linux 5.14: reading through process_vm_readv() proves
	// readability; writability cannot be proven without writing, so a
	// read-only destination faults when the vector runs (documented).
	char buf[256];
	for (uintptr_t at = start; at < end; at += sizeof(buf)) {
		struct iovec local = { buf, sizeof(buf) };
		struct iovec remote = { (void *) at, sizeof(buf) };
		if (kernel_call(SYS_process_vm_readv, getpid(), &local, 1, &remote, 1, 0) !=
		    (long) sizeof(buf))
			return false;
	}
	return true;
}

// The page ranges one call has checked, so that the operands of a vector,
// which mostly share a few pages (the caller's stack, the per-CPU slot),
// cost one system call per page range rather than one per operand.  A
// range that can be written can be read.
class Checks {
public:
	// Whether [addr, addr + len) can be accessed; len may be 0.
	bool accessible(uint64_t addr, uint64_t len, Access access)
	{
		if (len == 0)
			return true;
		// On 32-bit the upper half of a slot must be 0; and no wrap-around.
		if (addr > UINTPTR_MAX || len > UINTPTR_MAX - addr)
			return false;
		const uintptr_t mask = get_page_mask();
		const uintptr_t start = (uintptr_t) addr & ~mask;
		const uintptr_t end = ((uintptr_t) (addr + len) + mask) & ~mask;
		if (end <= start)
			return false;	// the range reaches the top of the address space
		for (int i = 0; i < count_; i++) {
			const Entry &e = entries_[i];
			if (e.start > start || end > e.end)
				continue;
			if (e.ok && (e.access == Access::write || access == Access::read))
				return true;
			if (!e.ok && e.access == access && e.start == start && e.end == end)
				return false;
		}
		const bool ok = populate(start, end, access);
		if (count_ < kMaxEntries)
			entries_[count_++] = { start, end, access, ok };
		return ok;
	}

private:
	struct Entry {
		uintptr_t start, end;
		Access access;
		bool ok;
	};
	// Two ranges per operand, two operands per operation, and the vector.
	static constexpr int kMaxEntries = 4 * CPU_OP_VEC_LEN_MAX + 1;
	Entry entries_[kMaxEntries];
	int count_ = 0;
};

// -EFAULT, or -EAGAIN when the caller said the operand may fault.
int check(Checks &checks, uint64_t addr, uint64_t len, Access access, uint8_t expect_fault)
{
	if (checks.accessible(addr, len, access))
		return 0;
	return expect_fault ? -EAGAIN : -EFAULT;
}

bool is_operand_size(uint32_t len)
{
	return len == 1 || len == 2 || len == 4 || len == 8;
}

// The checks of one operation that need no memory access.
int check_shape(const struct cpu_op &op)
{
	switch (op.op) {
	case CPU_COMPARE_EQ_OP:
	case CPU_COMPARE_NE_OP:
	case CPU_MEMCPY_OP:
	case CPU_MEMCPY_RELEASE_OP:
		return op.len <= CPU_OP_DATA_LEN_MAX ? 0 : -EINVAL;
	case CPU_ADD_OP:
	case CPU_ADD_RELEASE_OP:
	case CPU_OR_OP:
	case CPU_AND_OP:
	case CPU_XOR_OP:
		return is_operand_size(op.len) ? 0 : -EINVAL;
	case CPU_LSHIFT_OP:
	case CPU_RSHIFT_OP:
		return is_operand_size(op.len) && op.u.shift_op.bits < 8 * op.len ? 0 : -EINVAL;
	case CPU_MB_OP:
		return 0;
	default:
		return -EINVAL;
	}
}

// A memory operand of an operation.
struct Operand {
	uint64_t addr;
	Access access;
	uint8_t expect_fault;
};

// The memory operands of OP (each op.len bytes long), in the order in
// which their faults are reported; returns how many.
int operands_of(const struct cpu_op &op, Operand out[2])
{
	switch (op.op) {
	case CPU_COMPARE_EQ_OP:
	case CPU_COMPARE_NE_OP:
		out[0] = { op.u.compare_op.a, Access::read, op.u.compare_op.expect_fault_a };
		out[1] = { op.u.compare_op.b, Access::read, op.u.compare_op.expect_fault_b };
		return 2;
	case CPU_MEMCPY_OP:
	case CPU_MEMCPY_RELEASE_OP:
		out[0] = { op.u.memcpy_op.src, Access::read, op.u.memcpy_op.expect_fault_src };
		out[1] = { op.u.memcpy_op.dst, Access::write, op.u.memcpy_op.expect_fault_dst };
		return 2;
	case CPU_ADD_OP:
	case CPU_ADD_RELEASE_OP:
		out[0] = { op.u.arithmetic_op.p, Access::write, op.u.arithmetic_op.expect_fault_p };
		return 1;
	case CPU_OR_OP:
	case CPU_AND_OP:
	case CPU_XOR_OP:
		out[0] = { op.u.bitwise_op.p, Access::write, op.u.bitwise_op.expect_fault_p };
		return 1;
	case CPU_LSHIFT_OP:
	case CPU_RSHIFT_OP:
		out[0] = { op.u.shift_op.p, Access::write, op.u.shift_op.expect_fault_p };
		return 1;
	default:
		return 0;
	}
}

// Populates an operation's destination for writing, for check_memory() to
// find in checks; the answer itself comes from check_memory().
void check_destination(Checks &checks, const struct cpu_op &op)
{
	Operand operands[2];
	const int n = operands_of(op, operands);

	for (int i = 0; i < n; i++)
		if (operands[i].access == Access::write)
			checks.accessible(operands[i].addr, op.len, Access::write);
}

// 0, -EFAULT or -EAGAIN (see check()), for the first operand that fails.
int check_memory(Checks &checks, const struct cpu_op &op)
{
	Operand operands[2];
	const int n = operands_of(op, operands);

	for (int i = 0; i < n; i++)
		if (int err = check(checks, operands[i].addr, op.len, operands[i].access,
				    operands[i].expect_fault))
			return err;
	return 0;
}

} // namespace

int prepare_vector(struct cpu_op *copy, const struct cpu_op *ops, int opcount)
{
	Checks checks;
	uint64_t total = 0;

	if (opcount < 0 || opcount > CPU_OP_VEC_LEN_MAX)
		return -EINVAL;
	if (opcount > 0 &&
	    !checks.accessible((uintptr_t) ops, opcount * sizeof(*ops), Access::read))
		return -EFAULT;
	memcpy(copy, ops, opcount * sizeof(*ops));
	for (int i = 0; i < opcount; i++) {
		if (int err = check_shape(copy[i]))
			return err;
		if (copy[i].op != CPU_MB_OP)
			total += copy[i].len;
	}
	if (total > CPU_OP_VEC_DATA_LEN_MAX)
		return -EINVAL;
	// Every shape first, then memory: EINVAL wins over EFAULT, whatever
	// the order of the operations.  Destinations are looked at first, so
	// that a page populated for writing serves the reads of it too; the
	// verdict then follows the operations' order.
	for (int i = 0; i < opcount; i++)
		check_destination(checks, copy[i]);
	for (int i = 0; i < opcount; i++)
		if (int err = check_memory(checks, copy[i]))
			return err;
	return 0;
}

} // namespace librseq
