/* SPDX-License-Identifier: MIT */
/* The software breakpoint of ops-trace.c, for each architecture whose
   programs run under a real kernel (librseq.vm):
     TRACE_BREAKPOINT	its bytes in memory order, so that copying them
			over the start of a word read with PTRACE_PEEKTEXT
			patches the instruction whatever the byte order;
     TRACE_PC_PAST	how far past the breakpoint the PC is at the
			SIGTRAP stop (the child resumes at the breakpoint's
			address, so the PC goes back by that much);
     trace_regs		the NT_PRSTATUS register set, and TRACE_PC its PC.
   Each of these breakpoints is one the kernel reports as SIGTRAP to a
   ptraced thread, where another undefined instruction would be SIGILL.
   Elsewhere (riscv64, loongarch64: only compiled, never run under a real
   kernel here) TRACE_BREAKPOINT is left undefined and the check is
   UNSUPPORTED.  Only included by ops-trace.c.  */
#ifndef LIBRSEQ_TESTS_PERCPU_OPS_TRACE_ARCH_H
#define LIBRSEQ_TESTS_PERCPU_OPS_TRACE_ARCH_H

#include <sys/ptrace.h>
#include <sys/user.h>

#if defined(__x86_64__) || defined(__i386__)

/* int3 traps, and reports the PC of the instruction after it.  */
# define TRACE_BREAKPOINT	{ 0xcc }
# define TRACE_PC_PAST		1
typedef struct user_regs_struct trace_regs;
# if defined(__x86_64__)
#  define TRACE_PC(regs)	((regs).rip)
# else
#  define TRACE_PC(regs)	((regs).eip)
# endif

#elif defined(__aarch64__)

/* brk #0: the kernel sends SIGTRAP for any brk of user space it did not
   plant itself, with the PC at the brk.  */
# define TRACE_BREAKPOINT	{ 0x00, 0x00, 0x20, 0xd4 }
# define TRACE_PC_PAST		0
typedef struct user_regs_struct trace_regs;
# define TRACE_PC(regs)		((regs).pc)

#elif defined(__arm__) && defined(__ARMEL__)

/* The sequences are inline asm of the program's own units, in the
   instruction set it is compiled for (Debian's armhf: Thumb-2).  The
   kernel's undefined-instruction hooks for ptrace take only these two
   encodings (0xde01 in Thumb state, 0xe7f001f0 in ARM state) as
   breakpoints.  A 16-bit Thumb one is enough over a 32-bit instruction:
   its first halfword alone decodes as the breakpoint.  */
# ifdef __thumb__
#  define TRACE_BREAKPOINT	{ 0x01, 0xde }
# else
#  define TRACE_BREAKPOINT	{ 0xf0, 0x01, 0xf0, 0xe7 }
# endif
# define TRACE_PC_PAST		0
typedef struct user_regs trace_regs;
/* uregs[15] is r15, the PC.  */
# define TRACE_PC(regs)		((regs).uregs[15])

#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)

/* trap (tw 31,0,0): a program check the kernel turns into SIGTRAP, with
   NIP at the trap.  */
# define TRACE_BREAKPOINT	{ 0x08, 0x00, 0xe0, 0x7f }
# define TRACE_PC_PAST		0
typedef struct pt_regs trace_regs;
# define TRACE_PC(regs)		((regs).nip)

#elif defined(__s390x__)

/* 0x0001, an illegal 2-byte opcode the kernel reports as a breakpoint to
   a ptraced thread.  The operation exception suppresses it: the PSW
   address is past it, by its length.  */
# define TRACE_BREAKPOINT	{ 0x00, 0x01 }
# define TRACE_PC_PAST		2
/* Longer than NT_PRSTATUS (psw, gprs, acrs, orig_gpr2), which the kernel
   copies alone; psw comes first in both.  */
typedef struct _user_regs_struct trace_regs;
# define TRACE_PC(regs)		((regs).psw.addr)

#elif defined(__mips__) && defined(_ABI64) && _MIPS_SIM == _ABI64 && defined(__MIPSEL__)

/* After <sys/ptrace.h>, whose enum has the names it defines as macros.  */
# include <asm/ptrace.h>
/* break 0: SIGTRAP (other codes mean overflow or division by zero), with
   EPC at the break.  The post-commit instruction follows a store, never a
   branch, so it is not in a delay slot.  */
# define TRACE_BREAKPOINT	{ 0x0d, 0x00, 0x00, 0x00 }
# define TRACE_PC_PAST		0
/* NT_PRSTATUS of a 64-bit thread: r0..r31, lo, hi, then EPC, as here.  */
typedef struct pt_regs trace_regs;
# define TRACE_PC(regs)		((regs).cp0_epc)

#endif

#endif
