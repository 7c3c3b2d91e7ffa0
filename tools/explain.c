/* SPDX-License-Identifier: MIT */
/* Why the registration has the owner it has, in one sentence, from the
   facts librseq decided on (see REGISTRATION.md, "Ownership").  */
#include <errno.h>
#include <stdio.h>
#include <rseq/rseq.h>
#include "facts.h"

void explain_owner(struct facts *f)
{
	const struct libc_facts *l = &f->libc;
	const int probe = f->kernel.rseq_probe_errno;
	const char *libc = l->name[0] ? l->name : "the C library";
	char *out = f->registration.reason;
	const size_t size = sizeof(f->registration.reason);
	const bool exported = l->rseq_offset && l->rseq_size && l->rseq_flags;

	switch (f->registration.owner) {
	case RSEQ_OWNER_LIBC:
		snprintf(out, size, "%s registered every thread (__rseq_size=%u)", libc,
			 exported ? *l->rseq_size : 0);
		break;
	case RSEQ_OWNER_LIBRSEQ:
		if (!exported)
			snprintf(out, size, "%s does not export __rseq_offset/__rseq_size "
				 "(glibc < 2.35 or another C library); the kernel supports "
				 "rseq, so librseq registers threads", libc);
		else if (l->rseq_tunable_off)
			snprintf(out, size, "%s's registration is disabled "
				 "(glibc.pthread.rseq=0); the kernel supports rseq, so librseq "
				 "registers threads", libc);
		else
			snprintf(out, size, "%s's registration failed or is disabled "
				 "(__rseq_size=0); the kernel supports rseq, so librseq "
				 "registers threads", libc);
		break;
	case RSEQ_OWNER_OTHER:
		snprintf(out, size, "some other code registered its own area on this thread "
			 "before librseq could (librseq registers the other threads)");
		break;
	default:
		if (probe == ENOSYS)
			snprintf(out, size, "the kernel has no rseq (ENOSYS; or valgrind or a "
				 "sandbox hides it), so no thread is registered");
		else if (probe == EPERM)
			snprintf(out, size, "rseq is blocked (EPERM), e.g. by a seccomp "
				 "sandbox, so no thread is registered");
		else if (f->kernel.rseq_supported) {
			/* Nobody owns it, so registering says what went wrong.  */
			errno = 0;
			const int err = rseq_register_current_thread() ? errno : 0;
			if (!err)
				rseq_unregister_current_thread();
			snprintf(out, size, "the kernel supports rseq but registering the "
				 "first thread failed (%s), so no thread is registered",
				 errno_name(err));
		}
		else
			snprintf(out, size, "rseq(NULL, 0, 0, 0) fails with %s, so no thread "
				 "is registered", errno_name(probe));
		break;
	}
}
