/* SPDX-License-Identifier: MIT */
/* Which loaded object a thread-local variable belongs to, from the dynamic
   symbol tables: ld.so's "first definition wins" picks one definition of a
   symbol like __rseq_abi for every object, and the address a reference
   resolves to says which one it picked, but not its name or size.  C, so
   that rseq-info can compile the same file.  */
#ifndef LIBRSEQ_INTERNAL_TLS_SYMBOL_H
#define LIBRSEQ_INTERNAL_TLS_SYMBOL_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct librseq_tls_symbol {
	const char *object;	/* dl_iterate_phdr()'s name: "" for the program */
	size_t size;		/* st_size of the definition */
	const void *image;	/* its initial bytes, NULL if all zero (.tbss) */
};

/* Looks for the object that defines the thread-local NAME at ADDR in the
   calling thread.  False when none does in its dynamic symbol table (a
   static program, or a definition the program does not export).  */
bool librseq_find_tls_symbol(const char *name, const void *addr,
			     struct librseq_tls_symbol *found);

/* Why librseq cannot register the __rseq_abi found by SYMBOL at ADDR, or
   NULL when it can: the kernel takes no less than 32 bytes at 32-byte
   alignment, and a thread that never registered must read cpu_id -1, as
   every participant of the protocol initializes it, or it would look
   registered.  */
const char *librseq_protocol_refusal(const struct librseq_tls_symbol *symbol,
				     const void *addr);

#ifdef __cplusplus
}
#endif

#endif
