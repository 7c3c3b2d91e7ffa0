/* SPDX-License-Identifier: MIT */
/* A shared library that speaks the protocol, defining both symbols weakly
   as tcmalloc does: whoever loads it after librseq.so (or dlopen()s it)
   finds its references bound to the definition that came first.  */
#define DEFINE_PROTOCOL_SYMBOLS
#include "libparticipant.h"
#include "participant.h"

const void *participant_lib_area(void)
{
	return &__rseq_abi;
}

uint32_t participant_lib_count(void)
{
	return __rseq_refcount;
}

int32_t participant_lib_cpu_id(void)
{
	return (int32_t) RSEQ_READ_ONCE(__rseq_abi.cpu_id);
}
