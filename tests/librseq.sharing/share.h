/* SPDX-License-Identifier: MIT */
/* The libraries of the sharing group: share_a and share_b take and drop
   references through librseq (0 or -errno); raw calls rseq() itself.  */
#ifndef LIBRSEQ_TESTS_SHARE_H
#define LIBRSEQ_TESTS_SHARE_H

#include <stdint.h>

int share_a_enter(void);
int share_a_leave(void);
int share_b_enter(void);
int share_b_leave(void);

/* Registers or unregisters an area of the library's own, for the calling
   thread; registers AREA with LEN.  0 or -errno.  */
int raw_register_own(void);
int raw_unregister_own(void);
int raw_register(void *area, uint32_t len);

#endif
