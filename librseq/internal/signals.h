/* SPDX-License-Identifier: MIT */
#ifndef LIBRSEQ_INTERNAL_SIGNALS_H
#define LIBRSEQ_INTERNAL_SIGNALS_H

#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include "internal/syscall.h"

namespace librseq {

// Blocks every signal of the calling thread for the lifetime of the object,
// so that no handler runs on this thread while cpu_opv() holds a fence.
// The raw system call is used because libc wrappers refuse to block libc's
// internal signals, and cancellation must not cut the call in half either.
class SignalsBlocked {
public:
	SignalsBlocked()
	{
		uint64_t all[2] = { ~0ULL, ~0ULL };
		kernel_call(SYS_rt_sigprocmask, SIG_SETMASK, all, saved_, kSetBytes);
	}
	~SignalsBlocked()
	{
		kernel_call(SYS_rt_sigprocmask, SIG_SETMASK, saved_, nullptr, kSetBytes);
	}
	SignalsBlocked(const SignalsBlocked &) = delete;
	SignalsBlocked &operator=(const SignalsBlocked &) = delete;

private:
	// The kernel's sigset is _NSIG bits (64, or 128 on MIPS), not libc's
	// sigset_t size.
	static constexpr unsigned long kSetBytes = _NSIG / 8;
	uint64_t saved_[2] = { 0, 0 };
};

} // namespace librseq

#endif
