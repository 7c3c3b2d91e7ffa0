/* SPDX-License-Identifier: MIT */
/* Compiler helpers shared by the public headers.  Everything here must work
   in C99 and C++11 with -Wall -Wextra -pedantic.  */
#ifndef _RSEQ_COMPILER_H
#define _RSEQ_COMPILER_H

#define rseq_likely(x)		__builtin_expect(!!(x), 1)
#define rseq_unlikely(x)	__builtin_expect(!!(x), 0)

/* Compiler-only barrier: no code, but no memory access moves across it.  */
#define rseq_barrier()		__asm__ __volatile__("" : : : "memory")

/* Single-copy-atomic accesses for word-sized objects that another context
   (the kernel, a signal handler, another thread) changes under us.  */
#define RSEQ_READ_ONCE(x)	(*(__volatile__ __typeof__(x) *)&(x))
/* A statement, not an expression: C++20 deprecates using the value of an
   assignment to a volatile object.  */
#define RSEQ_WRITE_ONCE(x, v)	do { RSEQ_READ_ONCE(x) = (v); } while (0)

#define __rseq_str_1(x)		#x
#define __rseq_str(x)		__rseq_str_1(x)

#define rseq_offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *) 0)->member))

/* A compile-time check usable at file scope in every supported dialect;
   __extension__ keeps C99 -pedantic quiet about the C11 keyword.  */
#if defined(__cplusplus)
# define RSEQ_STATIC_ASSERT(cond, msg)	static_assert(cond, msg)
#else
# define RSEQ_STATIC_ASSERT(cond, msg)	__extension__ _Static_assert(cond, msg)
#endif

#ifdef __cplusplus
# define RSEQ_BEGIN_DECLS	extern "C" {
# define RSEQ_END_DECLS		}
#else
# define RSEQ_BEGIN_DECLS
# define RSEQ_END_DECLS
#endif

#endif /* _RSEQ_COMPILER_H */
