/* SPDX-License-Identifier: MIT */
#include "internal/export.h"
#include "internal/thread-area.h"

namespace librseq {
namespace {

constexpr ThreadArea make_area(int32_t cpu_id)
{
	ThreadArea area{};
	area.abi = initial_abi(cpu_id);
	return area;
}

} // namespace
} // namespace librseq

// Weak, as every participant of the protocol defines them: in a static link
// a program's own definition then takes the place of ours instead of
// clashing with it.  (ld.so treats weak and strong definitions alike.)
extern "C" {
RSEQ_EXPORT __attribute__((weak)) LIBRSEQ_TLS librseq::ThreadArea __rseq_abi =
	librseq::make_area(RSEQ_ABI_CPU_ID_UNINITIALIZED);
RSEQ_EXPORT __attribute__((weak)) LIBRSEQ_TLS uint32_t __rseq_refcount;
}

namespace librseq {

extern LIBRSEQ_TLS ThreadArea thread_area __attribute__((alias("__rseq_abi")));
LIBRSEQ_TLS struct rseq_abi unavailable_area = initial_abi(RSEQ_ABI_CPU_ID_REGISTRATION_FAILED);
LIBRSEQ_TLS unsigned int thread_references;
LIBRSEQ_TLS bool thread_registered_elsewhere;
LIBRSEQ_TLS unsigned int thread_counted_in_protocol;

} // namespace librseq
