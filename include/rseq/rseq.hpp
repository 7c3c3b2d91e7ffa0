// SPDX-License-Identifier: MIT
// The C++ face of librseq (C++11 and later, header-only): a registration
// guard, the current CPU, and per-CPU arrays whose operations retry their
// restartable sequence until it commits.  See rseq_cxx(3).
//
// Works with -fno-exceptions and -fno-rtti: nothing here throws, failures
// are states and return values.  The namespace is rseq_cxx because the
// global namespace already has the function rseq(2) of <rseq/rseq.h>, and
// a namespace cannot share a name with it.
//
// The test hooks RSEQ_INJECT_* (rseq_percpu_ops(3)) reach the retry loops
// below too: define them before including this header, the same way in
// every translation unit of the program.
#ifndef _RSEQ_RSEQ_HPP
#define _RSEQ_RSEQ_HPP

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>
#include <rseq/rseq.h>

namespace rseq_cxx {

// ---------------------------------------------------------------------------
// The calling thread.

// The CPU the thread runs on (through getcpu when it is not registered), or
// -1 with errno when even that fails.
inline int current_cpu() noexcept
{
	return rseq_current_cpu();
}

// The concurrency id (0 when the kernel does not provide one).
inline unsigned int current_mm_cid() noexcept
{
	return rseq_current_mm_cid();
}

// The NUMA node of the current CPU, or -1 with errno.
inline int current_node() noexcept
{
	return rseq_current_node_id();
}

// Whether the kernel keeps this thread's area up to date right now.
inline bool thread_registered() noexcept
{
	return rseq_current_cpu_raw() >= 0;
}

// The size of arrays indexed by CPU number or concurrency id, or -1 with
// errno.
inline int max_nr_cpus() noexcept
{
	return rseq_get_max_nr_cpus();
}

// A reference on the calling thread's registration for the lifetime of
// the object (rseq_register_current_thread(3)).  It belongs to the thread
// that made it: moving it to another thread is allowed only if it comes back
// before it is destroyed or reset, and destroying it on another thread is a
// programming error that rseq_fatal(3) reports.
class registration {
public:
	registration() noexcept
		: area_(rseq_get_abi()), registered_(false), error_(0)
	{
		if (rseq_register_current_thread() != 0)
			error_ = errno;
		registered_ = error_ == 0;
	}

	~registration()
	{
		reset();
	}

	registration(const registration &) = delete;
	registration &operator=(const registration &) = delete;

	registration(registration &&other) noexcept
		: area_(other.area_), registered_(other.registered_), error_(other.error_)
	{
		other.registered_ = false;
	}

	registration &operator=(registration &&other) noexcept
	{
		if (this != &other) {
			reset();
			area_ = other.area_;
			registered_ = other.registered_;
			error_ = other.error_;
			other.registered_ = false;
		}
		return *this;
	}

	// Whether this object holds a reference.
	bool registered() const noexcept
	{
		return registered_;
	}

	explicit operator bool() const noexcept
	{
		return registered_;
	}

	// Why registering failed (errno), 0 when it did not.
	int error() const noexcept
	{
		return error_;
	}

	// Drops the reference now rather than at destruction.
	void reset() noexcept
	{
		if (!registered_)
			return;
		// Each thread has its own area: a different address means another
		// thread, whose count this reference is not part of.
		if (rseq_get_abi() != area_)
			rseq_fatal("rseq_cxx::registration: released on a thread that did not take it");
		registered_ = false;
		(void) rseq_unregister_current_thread();
	}

private:
	struct rseq_abi *area_;
	bool registered_;
	int error_;
};

// ---------------------------------------------------------------------------
// Per-CPU arrays.

enum class percpu_mode {
	cpu_id = RSEQ_PERCPU_CPU_ID,	// one slot per CPU number
	mm_cid = RSEQ_PERCPU_MM_CID	// one slot per concurrency id
};

enum class status {
	done,			// the operation took effect
	compare_failed,		// a comparison did not hold: nothing stored
	unavailable		// the thread cannot run critical sections
};

// What an operation did, and on which slot.
struct result {
	status what;
	int index;		// the slot it ran on; -1 when unavailable

	explicit operator bool() const noexcept
	{
		return what == status::done;
	}
};

// After this many consecutive aborts, an operation leaves the fast path
// (see percpu::run).
constexpr unsigned int fast_path_attempts = 8;

// A T per CPU (or per concurrency id), each in cache lines of its own, for
// rseq_get_max_nr_cpus() CPUs.  The operations act on the slot of the CPU
// the thread runs on, as one restartable sequence, retried when aborted.
template <typename T, percpu_mode Mode = percpu_mode::cpu_id>
class percpu {
	static_assert(std::is_trivially_copyable<T>::value,
		      "rseq_cxx::percpu<T>: T must be trivially copyable");

	static constexpr std::size_t slot_align = alignof(T) > 64 ? alignof(T) : 64;

	struct alignas(slot_align) slot {
		T value;
	};

public:
	using value_type = T;

	// Value-initialised slots; check valid() before use.
	percpu() noexcept
	{
		allocate(T());
	}

	explicit percpu(const T &initial) noexcept
	{
		allocate(initial);
	}

	~percpu()
	{
		::free(slots_);
	}

	percpu(const percpu &) = delete;
	percpu &operator=(const percpu &) = delete;

	percpu(percpu &&other) noexcept
		: slots_(other.slots_), size_(other.size_)
	{
		other.slots_ = nullptr;
		other.size_ = 0;
	}

	percpu &operator=(percpu &&other) noexcept
	{
		if (this != &other) {
			::free(slots_);
			slots_ = other.slots_;
			size_ = other.size_;
			other.slots_ = nullptr;
			other.size_ = 0;
		}
		return *this;
	}

	// False when the array could not be made (no CPU count, no memory,
	// or moved from): it has no slot, and every operation is unavailable.
	bool valid() const noexcept
	{
		return slots_ != nullptr;
	}

	explicit operator bool() const noexcept
	{
		return valid();
	}

	std::size_t size() const noexcept
	{
		return size_;
	}

	// Plain access, for set-up and for when no operation runs concurrently.
	T &operator[](std::size_t index) noexcept
	{
		return slots_[index].value;
	}

	const T &operator[](std::size_t index) const noexcept
	{
		return slots_[index].value;
	}

	// The slot the calling thread would use now (it may move right after).
	int current_index() const noexcept
	{
		return Mode == percpu_mode::cpu_id ? (int) rseq_cpu_start()
						  : (int) rseq_current_mm_cid();
	}

	// A slot's value, read atomically while operations may run.
	T load(std::size_t index) const noexcept
	{
		static_assert(sizeof(T) == sizeof(intptr_t),
			      "rseq_cxx::percpu<T>::load: T must have the size of intptr_t");
		return from_word(__atomic_load_n(word(index), __ATOMIC_RELAXED));
	}

	// Stores into any slot, ordered after the caller's earlier accesses
	// (e.g. to release a per-CPU lock taken with compare_store()).
	void store_release(std::size_t index, T value) noexcept
	{
		static_assert(sizeof(T) == sizeof(intptr_t),
			      "rseq_cxx::percpu<T>::store_release: T must have the size of intptr_t");
		__atomic_store_n(word(index), to_word(value), __ATOMIC_RELEASE);
	}

	// The sum of every slot, each read atomically (not a snapshot of all).
	T sum() const noexcept
	{
		static_assert(std::is_integral<T>::value,
			      "rseq_cxx::percpu<T>::sum: T must be an integer type");
		T total = T();
		for (std::size_t i = 0; i < size_; i++)
			total = (T) (total + load(i));
		return total;
	}

	// Calls f(index, value) for every slot (plain access: see operator[]).
	template <typename F>
	void visit(F &&f)
	{
		for (std::size_t i = 0; i < size_; i++)
			f(i, slots_[i].value);
	}

	template <typename F>
	void visit(F &&f) const
	{
		for (std::size_t i = 0; i < size_; i++)
			f(i, static_cast<const T &>(slots_[i].value));
	}

	// slot += count.
	result add(T count) noexcept
	{
		static_assert(std::is_integral<T>::value && sizeof(T) == sizeof(intptr_t),
			      "rseq_cxx::percpu<T>::add: T must be an integer of the size of intptr_t");
		const intptr_t c = to_word(count);
		return run([&](int cpu) {
			return rseq_load_add_store__ptr(RSEQ_MO_RELAXED, c_mode, word(cpu), c, cpu);
		});
	}

	// If slot == expected, slot = desired: done; otherwise compare_failed.
	// Compares the object representations (bytes), not with operator==.
	result compare_store(T expected, T desired) noexcept
	{
		static_assert(sizeof(T) == sizeof(intptr_t),
			      "rseq_cxx::percpu<T>::compare_store: T must have the size of intptr_t");
		const intptr_t e = to_word(expected), d = to_word(desired);
		return run([&](int cpu) {
			return rseq_load_cbne_store__ptr(RSEQ_MO_RELAXED, c_mode, word(cpu), e, d, cpu);
		});
	}

	// Intrusive per-CPU lists, for percpu<Node *> where Node has a member
	// `Node *next'.  push() links node in front of the current CPU's list;
	// pop() unlinks the first node of the current CPU's list into node, or
	// returns compare_failed when that list is empty.
	template <typename Node>
	result push(Node *node) noexcept
	{
		check_list_node<Node>();
		const intptr_t n = to_word(node);
		for (;;) {
			const result r = run([&](int cpu) {
				const intptr_t head = __atomic_load_n(word(cpu), __ATOMIC_RELAXED);
				// Private until the commit publishes it.
				node->next = reinterpret_cast<Node *>(head);
				return rseq_load_cbne_store__ptr(RSEQ_MO_RELAXED, c_mode, word(cpu),
								 head, n, cpu);
			});
			if (r.what != status::compare_failed)
				return r;
		}
	}

	template <typename Node>
	result pop(Node *&node) noexcept
	{
		check_list_node<Node>();
		intptr_t first = 0;
		const result r = run([&](int cpu) {
			return rseq_load_cbeq_store_add_load_store__ptr(
				RSEQ_MO_RELAXED, c_mode, word(cpu), 0,
				(long) offsetof(Node, next), &first, cpu);
		});
		node = r.what == status::done ? reinterpret_cast<Node *>(first) : nullptr;
		return r;
	}

private:
	static constexpr rseq_percpu_mode c_mode = (rseq_percpu_mode) Mode;

	template <typename Node>
	static void check_list_node() noexcept
	{
		static_assert(std::is_same<T, Node *>::value,
			      "rseq_cxx::percpu<T>: push and pop need T = Node *");
		static_assert(std::is_standard_layout<Node>::value,
			      "rseq_cxx::percpu<Node *>: Node must be standard-layout (offsetof)");
		static_assert(std::is_same<decltype(Node::next), Node *>::value,
			      "rseq_cxx::percpu<Node *>: Node needs a member `Node *next'");
	}

	void allocate(const T &initial) noexcept
	{
		const int n = rseq_get_max_nr_cpus();
		void *mem = nullptr;
		if (n <= 0 || ::posix_memalign(&mem, alignof(slot), (std::size_t) n * sizeof(slot)))
			return;
		slots_ = static_cast<slot *>(mem);
		size_ = (std::size_t) n;
		for (std::size_t i = 0; i < size_; i++)
			::new (static_cast<void *>(&slots_[i])) slot{ initial };
	}

	// The operations see a slot as one intptr_t.  They never access it as
	// such in C++: the asm takes its address and declares a memory clobber.
	intptr_t *word(std::size_t index) const noexcept
	{
		return reinterpret_cast<intptr_t *>(&slots_[index].value);
	}

	static intptr_t to_word(const T &value) noexcept
	{
		intptr_t w;
		memcpy(&w, &value, sizeof(w));
		return w;
	}

	static T from_word(intptr_t w) noexcept
	{
		T value;
		memcpy(&value, &w, sizeof(value));
		return value;
	}

	// The retry loop every operation shares.  attempt(cpu) runs one
	// critical section on slot cpu and returns what it returned (0 done,
	// 1 comparison failed, -1 aborted).
	//
	// An abort on a registered thread is transient (preemption, migration,
	// a signal, a cpu_opv() fence): try again on the CPU the thread is on
	// now.  A thread that is not registered aborts every time; so does
	// every thread in mm_cid mode when the kernel keeps no mm_cid.  That is
	// where the slow path comes in: after fast_path_attempts consecutive
	// aborts, cpu_opv() (a later version of librseq) will complete the
	// operation whatever the state of the thread.  Until it exists, an
	// operation that cannot run reports status::unavailable instead of
	// spinning.
	template <typename Attempt>
	result run(Attempt attempt) noexcept
	{
		// Without mm_cid in the area, every thread would read 0 there and
		// commit on slot 0 from several CPUs at once.
		if (!valid() || (Mode == percpu_mode::mm_cid && !rseq_mm_cid_available()))
			return slow_path();
		for (unsigned int aborts = 0;;) {
			RSEQ_INJECT_C(7);
			const int cpu = current_index();
			const int ret = (std::size_t) cpu < size_ ? attempt(cpu) : -1;
			if (rseq_likely(ret == 0))
				return result{ status::done, cpu };
			if (ret > 0) {
				RSEQ_INJECT_C(9);
				return result{ status::compare_failed, cpu };
			}
			RSEQ_INJECT_C(8);
			if (++aborts < fast_path_attempts)
				continue;
			if (!thread_registered())
				return slow_path();
			aborts = 0;
		}
	}

	// The hook for cpu_opv(): it will run the operation here.
	static result slow_path() noexcept
	{
		return result{ status::unavailable, -1 };
	}

	slot *slots_ = nullptr;
	std::size_t size_ = 0;
};

} // namespace rseq_cxx

#endif // _RSEQ_RSEQ_HPP
