/* SPDX-License-Identifier: MIT */
#include "internal/thread-area.h"

namespace librseq {
namespace {

constexpr ThreadArea make_area(int32_t cpu_id)
{
	ThreadArea area{};
	area.abi.cpu_id = (uint32_t) cpu_id;
	return area;
}

constexpr struct rseq_abi make_unavailable()
{
	struct rseq_abi abi{};
	abi.cpu_id = (uint32_t) RSEQ_ABI_CPU_ID_REGISTRATION_FAILED;
	return abi;
}

} // namespace

LIBRSEQ_TLS ThreadArea thread_area = make_area(RSEQ_ABI_CPU_ID_UNINITIALIZED);
LIBRSEQ_TLS struct rseq_abi unavailable_area = make_unavailable();
LIBRSEQ_TLS unsigned int thread_references;
LIBRSEQ_TLS bool thread_registered_elsewhere;

} // namespace librseq
