/* SPDX-License-Identifier: MIT */
/* What the machine under the suite can do.  A test never assumes a
   capability of the host: it tries it for real first (a breakpoint must
   fire, a traced child must stop), and when it is missing it says
   UNSUPPORTED with the reason, once, where the capability is needed.

   LIBRSEQ_TEST_ABSENT forces probes to answer "absent", so that the paths
   taken on a poorer machine run on a richer one too: a comma-separated list
   of probe names, or "all".  The names (tests/README.md lists them with
   what each guards):
     hw-breakpoint  perf_event_open() execute breakpoints that fire
     ptrace         tracing a child (Yama's ptrace_scope may forbid it)
     perf-event     perf_event_open() at all
     seccomp        installing a seccomp filter (the enosys and eperm modes)
     valgrind       running this build's programs under valgrind
     exec-32bit     running i386 programs on this kernel
     thp            transparent huge pages through madvise(MADV_HUGEPAGE)
     hugetlb        MAP_HUGETLB pages
     fuzzer         clang's libFuzzer runtime
     membarrier-rseq  membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ)
     membarrier-cpu   ... with MEMBARRIER_CMD_FLAG_CPU
     sys-cpu-lists  /sys/devices/system/cpu/{possible,online} readable
     qemu-system    booting kernels under qemu-system (tests/librseq.vm)
     kvm            KVM acceleration of those machines (else TCG)
     cmake, meson, pkg-config  the build systems of tests/librseq.consumers
     debian         building the Debian packages (librseq.consumers/debian.exp)
   The Tcl side (tests/lib/librseq.exp: librseq_forced_absent) reads the
   same variable.  */
#ifndef LIBRSEQ_TESTS_PROBE_H
#define LIBRSEQ_TESTS_PROBE_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define PROBE_ABSENT_ENV	"LIBRSEQ_TEST_ABSENT"

/* Whether LIBRSEQ_TEST_ABSENT names probe NAME (or says "all").  */
static inline bool probe_forced_absent(const char *name)
{
	const char *list = getenv(PROBE_ABSENT_ENV);
	const size_t len = strlen(name);

	if (!list)
		return false;
	for (const char *p = list; *p; ) {
		const char *end = strchr(p, ',');
		const size_t n = end ? (size_t) (end - p) : strlen(p);

		if ((n == 3 && !strncmp(p, "all", 3)) || (n == len && !strncmp(p, name, n)))
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

/* The reason to give when a probe was forced absent.  */
#define PROBE_FORCED_WHY	"forced absent by " PROBE_ABSENT_ENV

#endif
