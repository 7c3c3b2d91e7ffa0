/* SPDX-License-Identifier: MIT */
/* Injected asm written for i386 in the established style reaches its own
   data through RSEQ_ASM_REF_LABEL and the [ref_ip] operand, which position-
   independent code needs (no PC-relative addressing on i386).  Each
   injection point adds its number to a counter (%eax only), so the sum
   proves that every point ran once and addressed the right word.  */
#include <stdint.h>
#include <stdio.h>

#if defined(__i386__)
int injected_sum;
# define RSEQ_INJECT_CLOBBER	, "eax"
# define RSEQ_INJECT_ASM(n)						\
	"movl %[ref_ip], %%eax\n\t"					\
	"addl $" #n ", (injected_sum - " __rseq_str(RSEQ_ASM_REF_LABEL) "b)(%%eax)\n\t"
#endif

#include <rseq/rseq.h>
#include "check.h"

int main(void)
{
#if defined(__i386__)
	static intptr_t counter[1024];

	plan(2);
	for (;;) {
		const int cpu = (int) rseq_cpu_start();
		injected_sum = 0;
		if (rseq_load_add_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, &counter[cpu], 1,
					     cpu) == 0)
			break;
	}
	check_why(injected_sum == 1 + 2 + 3 + 4 + 5 + 6,
		  "injected asm addressed its data through [ref_ip] at points 1 to 6",
		  "sum %d", injected_sum);
	long total = 0;
	for (int i = 0; i < 1024; i++)
		total += counter[i];
	check(total == 1, "the operation completed once");
#else
	plan(1);
	unsupported("RSEQ_ASM_REF_LABEL and [ref_ip] exist for i386 only");
#endif
	return 0;
}
