/* SPDX-License-Identifier: MIT */
/* What libparticipant.so offers its test programs: what its own references
   to the protocol's symbols resolve to, and mix_run() (mix.h) run by its
   code.  */
#ifndef LIBRSEQ_TESTS_PROTOCOL_LIBPARTICIPANT_H
#define LIBRSEQ_TESTS_PROTOCOL_LIBPARTICIPANT_H

#include <stdint.h>
#include "mix.h"

const void *participant_lib_area(void);
uint32_t participant_lib_count(void);
int32_t participant_lib_cpu_id(void);

#endif
