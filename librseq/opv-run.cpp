/* SPDX-License-Identifier: MIT */
/* Running a validated cpu_opv() vector while the target's fence is held.
   Accesses of 1, 2, 4 or 8 aligned bytes are single loads and stores, so
   that other CPUs never see them torn (8 bytes: where the architecture has
   such an access); anything else is copied bytewise.  */
#include <string.h>
#include <rseq/rseq.h>
#include "internal/opv.h"

namespace librseq {
namespace {

// Single-copy atomic where the CPU has a plain access of that size: not
// for 8 bytes on 32-bit architectures without one (ppc32, mips32), which
// would need libatomic (and its locks) instead.  A compile-time choice, so
// that no unoptimised build refers to libatomic either.
template <typename T> constexpr bool has_plain_access()
{
	return __atomic_always_lock_free(sizeof(T), 0);
}

template <typename T> bool aligned_for(uint64_t addr)
{
	return has_plain_access<T>() && (addr & (sizeof(T) - 1)) == 0;
}

template <typename T> T load(uint64_t addr)
{
	T v;
	if constexpr (has_plain_access<T>()) {
		if (aligned_for<T>(addr))
			return __atomic_load_n((T *) (uintptr_t) addr, __ATOMIC_RELAXED);
	}
	memcpy(&v, (const void *) (uintptr_t) addr, sizeof(v));
	return v;
}

template <typename T> void store(uint64_t addr, T v)
{
	if constexpr (has_plain_access<T>()) {
		if (aligned_for<T>(addr)) {
			__atomic_store_n((T *) (uintptr_t) addr, v, __ATOMIC_RELAXED);
			return;
		}
	}
	memcpy((void *) (uintptr_t) addr, &v, sizeof(v));
}

// Calls f.template operator()<T>() with T the unsigned type of len bytes.
template <typename F> void with_size(uint32_t len, F &&f)
{
	switch (len) {
	case 1: f(uint8_t()); break;
	case 2: f(uint16_t()); break;
	case 4: f(uint32_t()); break;
	case 8: f(uint64_t()); break;
	}
}

bool equal(uint64_t a, uint64_t b, uint32_t len)
{
	bool same = false;
	bool done = false;

	// Zero bytes are equal wherever they are; and memcmp() must not see
	// the NULL a zero-length operand may name.
	if (len == 0)
		return true;

	with_size(len, [&](auto t) {
		using T = decltype(t);
		if (aligned_for<T>(a) && aligned_for<T>(b)) {
			same = load<T>(a) == load<T>(b);
			done = true;
		}
	});
	if (done)
		return same;
	return memcmp((const void *) (uintptr_t) a, (const void *) (uintptr_t) b, len) == 0;
}

void copy(uint64_t dst, uint64_t src, uint32_t len)
{
	bool done = false;

	if (len == 0)
		return;	// as in equal(): no NULL for memmove()

	with_size(len, [&](auto t) {
		using T = decltype(t);
		if (aligned_for<T>(dst) && aligned_for<T>(src)) {
			store<T>(dst, load<T>(src));
			done = true;
		}
	});
	if (!done)
		memmove((void *) (uintptr_t) dst, (const void *) (uintptr_t) src, len);
}

// *p = f(*p) on the len-byte integer at p.
template <typename F> void update(uint64_t p, uint32_t len, F &&f)
{
	with_size(len, [&](auto t) {
		using T = decltype(t);
		store<T>(p, (T) f((uint64_t) load<T>(p)));
	});
}

} // namespace

int run_vector(const struct cpu_op *ops, int opcount)
{
	for (int i = 0; i < opcount; i++) {
		const struct cpu_op &op = ops[i];
		switch (op.op) {
		case CPU_COMPARE_EQ_OP:
			if (!equal(op.u.compare_op.a, op.u.compare_op.b, op.len))
				return i + 1;
			break;
		case CPU_COMPARE_NE_OP:
			if (equal(op.u.compare_op.a, op.u.compare_op.b, op.len))
				return i + 1;
			break;
		case CPU_MEMCPY_RELEASE_OP:
			__atomic_thread_fence(__ATOMIC_RELEASE);
			/* fall through */
		case CPU_MEMCPY_OP:
			copy(op.u.memcpy_op.dst, op.u.memcpy_op.src, op.len);
			break;
		case CPU_ADD_RELEASE_OP:
			__atomic_thread_fence(__ATOMIC_RELEASE);
			/* fall through */
		case CPU_ADD_OP: {
			const uint64_t count = (uint64_t) op.u.arithmetic_op.count;
			update(op.u.arithmetic_op.p, op.len, [=](uint64_t v) { return v + count; });
			break;
		}
		case CPU_OR_OP: {
			const uint64_t mask = op.u.bitwise_op.mask;
			update(op.u.bitwise_op.p, op.len, [=](uint64_t v) { return v | mask; });
			break;
		}
		case CPU_AND_OP: {
			const uint64_t mask = op.u.bitwise_op.mask;
			update(op.u.bitwise_op.p, op.len, [=](uint64_t v) { return v & mask; });
			break;
		}
		case CPU_XOR_OP: {
			const uint64_t mask = op.u.bitwise_op.mask;
			update(op.u.bitwise_op.p, op.len, [=](uint64_t v) { return v ^ mask; });
			break;
		}
		case CPU_LSHIFT_OP: {
			const uint32_t bits = op.u.shift_op.bits;
			update(op.u.shift_op.p, op.len, [=](uint64_t v) { return v << bits; });
			break;
		}
		case CPU_RSHIFT_OP: {
			// Logical shift of the len-byte unsigned value: the bits
			// above it are zero after the load.
			const uint32_t bits = op.u.shift_op.bits;
			update(op.u.shift_op.p, op.len, [=](uint64_t v) { return v >> bits; });
			break;
		}
		case CPU_MB_OP:
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			break;
		}
	}
	return 0;
}

} // namespace librseq
