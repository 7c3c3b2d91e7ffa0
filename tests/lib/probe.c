/* SPDX-License-Identifier: MIT */
/* probe NAME: the C probes, for the .exp scripts (librseq_probe in
   lib/librseq.exp).  Prints "present", or "absent: WHY"; exits 0 either
   way, 2 for a name it does not know.  */
#define _GNU_SOURCE
#include <stdio.h>
#include "probe-membarrier.h"
#include "probe-ptrace.h"

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		bool (*probe)(char *why, size_t size);
	} probes[] = {
		{ "ptrace", probe_ptrace },
		{ "membarrier-rseq", probe_membarrier_rseq },
		{ "membarrier-cpu", probe_membarrier_cpu },
	};
	char why[256];

	for (size_t i = 0; argc == 2 && i < sizeof(probes) / sizeof(probes[0]); i++) {
		if (strcmp(argv[1], probes[i].name))
			continue;
		if (probes[i].probe(why, sizeof(why)))
			puts("present");
		else
			printf("absent: %s\n", why);
		return 0;
	}
	fprintf(stderr, "usage: probe ptrace|membarrier-rseq|membarrier-cpu\n");
	return 2;
}
