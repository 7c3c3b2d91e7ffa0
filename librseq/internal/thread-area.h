/* SPDX-License-Identifier: MIT */
/* Per-thread objects of librseq.  Initial-exec TLS: one instruction to reach,
   no allocation, valid from a thread's first instruction; small enough to fit
   glibc's static-TLS surplus when librseq is dlopen()ed.  */
#ifndef LIBRSEQ_INTERNAL_THREAD_AREA_H
#define LIBRSEQ_INTERNAL_THREAD_AREA_H

#include <stddef.h>
#include <stdint.h>
#include <rseq/rseq.h>

namespace librseq {

// Room for fields later kernels add (AT_RSEQ_FEATURE_SIZE > 32); the
// registration falls back to the 32-byte legacy length beyond this.
constexpr unsigned int kAreaSize = 64;
// The rseq ABI's own alignment, and no more: this sets the alignment of
// librseq.so's whole TLS segment, and ld.so refuses to dlopen() an
// initial-exec module whose TLS alignment exceeds the process's static TLS
// alignment.  glibc 2.36 takes 32 on every architecture, but 64 on x86
// only: with 64, a program that did not link librseq could not dlopen() a
// library that did anywhere else.
constexpr unsigned int kAreaAlign = 32;

struct alignas(kAreaAlign) ThreadArea {
	struct rseq_abi abi;
	unsigned char extension[kAreaSize - sizeof(struct rseq_abi)];
};
static_assert(sizeof(ThreadArea) == kAreaSize, "thread area size");

#define LIBRSEQ_TLS __thread __attribute__((tls_model("initial-exec")))

// Where a thread-local object of the calling thread is, in the terms of
// rseq_offset: the same for every thread (initial-exec TLS).
inline ptrdiff_t offset_from_thread_pointer(const void *p)
{
	return (const char *) p - (const char *) rseq_thread_pointer();
}

// An area as it is before any registration: all zero but cpu_id.
constexpr struct rseq_abi initial_abi(int32_t cpu_id)
{
	struct rseq_abi abi{};
	abi.cpu_id = (uint32_t) cpu_id;
	return abi;
}

// librseq's own area: its definition of __rseq_abi, under a name that
// binds locally whichever definition of __rseq_abi won.
extern LIBRSEQ_TLS ThreadArea thread_area;

// What rseq_offset points at when nobody can register: reads as
// "registration failed" in every thread, without any per-thread set-up.
extern LIBRSEQ_TLS struct rseq_abi unavailable_area;

// References this thread holds (rseq_register_current_thread() minus
// rseq_unregister_current_thread(), plus the thread hooks' own).
extern LIBRSEQ_TLS unsigned int thread_references;

// Set when librseq's last attempt to register this thread found an area
// that some other code had registered (see rseq_owner(3)).
extern LIBRSEQ_TLS bool thread_registered_elsewhere;

// Whether librseq's references are counted (as one) in __rseq_refcount:
// 0 or 1, a word so that every architecture exchanges it without
// libatomic (riscv64 has no byte-sized exchange).
extern LIBRSEQ_TLS unsigned int thread_counted_in_protocol;

} // namespace librseq

// The original sharing protocol's symbols (see __rseq_abi(3)).  Declared
// here without a visibility so that every reference goes through the
// dynamic symbol table: the first definition in the process wins.
extern "C" {
extern LIBRSEQ_TLS librseq::ThreadArea __rseq_abi;
extern LIBRSEQ_TLS uint32_t __rseq_refcount;
}

#endif
