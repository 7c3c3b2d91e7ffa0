/* SPDX-License-Identifier: MIT */
/* What each cpu_opv() operation does, alone and in vectors: comparisons and
   the index of the one that failed, copies, arithmetic, bitwise and shift
   operations on every operand size (and nothing around the operand), the
   release forms, compare-and-exchange built from operations, the query
   flags, and vectors aimed at every CPU and every mm_cid index.  */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include "opv-test.h"

enum { DATA = CPU_OP_DATA_LEN_MAX, HALF = DATA / 2 };

static int here;

static int run(struct cpu_op *ops, int n)
{
	return cpu_opv(ops, n, here, 0);
}

__attribute__((format(printf, 3, 4)))
static bool check_ret(int ret, int want, const char *fmt, ...)
{
	char name[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	return check_why(ret == want, name, "returned %d (errno %d), expected %d", ret,
			 ret < 0 ? errno : 0, want);
}

/* Two 4096-byte buffers with equal contents, and copies that differ in the
   first or the last byte: a comparison that stops early or starts late is
   caught.  */
static unsigned char data[DATA], same[DATA], diff_first[DATA], diff_last[DATA];

static void fill(unsigned char *p, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char) (i * 31 + seed);
}

enum { NR_COMPARE_CHECKS = 6 };

static void compares(void)
{
	static const struct {
		int32_t code;
		const unsigned char *other;
		const char *what;
		int want;
	} cases[NR_COMPARE_CHECKS] = {
		{ CPU_COMPARE_EQ_OP, same, "EQ on equal data", 0 },
		{ CPU_COMPARE_EQ_OP, diff_first, "EQ on data differing in the first byte", 1 },
		{ CPU_COMPARE_EQ_OP, diff_last, "EQ on data differing in the last byte", 1 },
		{ CPU_COMPARE_NE_OP, same, "NE on equal data", 1 },
		{ CPU_COMPARE_NE_OP, diff_first, "NE on data differing in the first byte", 0 },
		{ CPU_COMPARE_NE_OP, diff_last, "NE on data differing in the last byte", 0 },
	};

	for (int i = 0; i < NR_COMPARE_CHECKS; i++) {
		struct cpu_op op = opv_compare(cases[i].code, data, cases[i].other, DATA);
		check_ret(run(&op, 1), cases[i].want, "compare: %s (4096 bytes) returns %d",
			  cases[i].what, cases[i].want);
	}
}

enum { NR_INDEX_CHECKS = 7 };

/* The 1-based index of the failing comparison; the operations before it
   took effect, the ones after it did not.  */
static void failing_index(void)
{
	struct cpu_op ops[3];
	intptr_t word = 5;

	/* Two halves, so that the total stays within CPU_OP_VEC_DATA_LEN_MAX.  */
	ops[0] = opv_compare(CPU_COMPARE_EQ_OP, data, same, HALF);
	ops[1] = opv_compare(CPU_COMPARE_EQ_OP, data + HALF, diff_last + HALF, HALF);
	check_ret(run(ops, 2), 2, "two comparisons, the second fails: returns 2");
	ops[0] = opv_compare(CPU_COMPARE_EQ_OP, data, diff_first, HALF);
	ops[1] = opv_compare(CPU_COMPARE_EQ_OP, data + HALF, same + HALF, HALF);
	check_ret(run(ops, 2), 1, "two comparisons, the first fails: returns 1");
	ops[0] = opv_compare(CPU_COMPARE_EQ_OP, data, diff_last, HALF);
	ops[1] = opv_compare(CPU_COMPARE_NE_OP, data + HALF, diff_last + HALF, HALF);
	check_ret(run(ops, 2), 0, "two comparisons, both hold: returns 0");

	ops[0] = opv_add(CPU_ADD_OP, &word, sizeof(word), 1);
	ops[1] = opv_compare(CPU_COMPARE_NE_OP, data, same, 8);
	ops[2] = opv_add(CPU_ADD_OP, &word, sizeof(word), 100);
	check_ret(run(ops, 3), 2, "add, failing NE, add: returns 2");
	check_why(word == 6, "add, failing NE, add: only the first add took effect",
		  "word is %ld, expected 6", (long) word);
	ops[1] = opv_compare(CPU_COMPARE_NE_OP, data, diff_first, DATA - 16);
	check_ret(run(ops, 3), 0, "add, NE that holds, add: returns 0");
	check_why(word == 107, "add, NE that holds, add: both adds took effect",
		  "word is %ld, expected 107", (long) word);
}

/* Operands sit in the middle of a buffer of known bytes: an operation that
   writes one byte too many, or the wrong half of a word, is caught.  */
enum { GUARD = 16, CANARY = 0xa5 };

struct operand {
	unsigned char bytes[GUARD + 8 + GUARD];
};

static void *operand_init(struct operand *o, uint64_t value, uint32_t len)
{
	memset(o->bytes, CANARY, sizeof(o->bytes));
	memcpy(o->bytes + GUARD, &value, len);	/* little-endian: the low bytes */
	return o->bytes + GUARD;
}

static uint64_t size_mask(uint32_t len)
{
	return len == 8 ? UINT64_MAX : (UINT64_C(1) << (8 * len)) - 1;
}

/* Whether the operand holds want (truncated to len bytes) and every byte
   around it is untouched.  */
static bool operand_is(const struct operand *o, uint64_t want, uint32_t len)
{
	uint64_t got = 0;

	memcpy(&got, o->bytes + GUARD, len);
	if (got != (want & size_mask(len)))
		return false;
	for (size_t i = 0; i < sizeof(o->bytes); i++)
		if ((i < GUARD || i >= GUARD + len) && o->bytes[i] != CANARY)
			return false;
	return true;
}

static const uint32_t sizes[] = { 1, 2, 4, 8 };
enum { NR_SIZES = 4 };

enum opv_kind { ARITH, BITWISE, SHIFT };

struct integer_case {
	int32_t code;
	const char *name;
	enum opv_kind kind;
	uint64_t start;
	uint64_t operand;	/* count, mask or bits */
	uint64_t (*expect)(uint64_t value, uint64_t operand, uint32_t len);
};

static uint64_t do_add(uint64_t v, uint64_t n, uint32_t len) { (void) len; return v + n; }
static uint64_t do_or(uint64_t v, uint64_t m, uint32_t len) { (void) len; return v | m; }
static uint64_t do_and(uint64_t v, uint64_t m, uint32_t len) { (void) len; return v & m; }
static uint64_t do_xor(uint64_t v, uint64_t m, uint32_t len) { (void) len; return v ^ m; }
static uint64_t do_lshift(uint64_t v, uint64_t b, uint32_t len) { (void) len; return v << b; }
/* Logical: of the len-byte value, not of the 64-bit pattern it came from.  */
static uint64_t do_rshift(uint64_t v, uint64_t b, uint32_t len) { return (v & size_mask(len)) >> b; }

/* Values with the top bit of every size set, so that a signed shift, a
   carry into the next byte or a mask applied beyond the operand shows.  */
static const struct integer_case integer_cases[] = {
	{ CPU_ADD_OP, "ADD +3 (wraps)", ARITH, 0xfffffffffffffffeULL, 3, do_add },
	{ CPU_ADD_OP, "ADD -5", ARITH, 0x8000000080008002ULL, (uint64_t) -5, do_add },
	{ CPU_ADD_RELEASE_OP, "ADD_RELEASE +0x11", ARITH, 0x80f0f0f0f0f0f0f0ULL, 0x11, do_add },
	{ CPU_OR_OP, "OR", BITWISE, 0x8100810081008100ULL, 0x0f0f0f0f0f0f0f0fULL, do_or },
	{ CPU_AND_OP, "AND", BITWISE, 0xf3f3f3f3f3f3f3f3ULL, 0x3c3c3c3c3c3c3c3cULL, do_and },
	{ CPU_XOR_OP, "XOR", BITWISE, 0x8877665544332211ULL, 0xffff0000ffff00ffULL, do_xor },
	{ CPU_LSHIFT_OP, "LSHIFT by 1", SHIFT, 0xc3c3c3c3c3c3c3c3ULL, 1, do_lshift },
	{ CPU_RSHIFT_OP, "RSHIFT by 1", SHIFT, 0xc3c3c3c3c3c3c3c3ULL, 1, do_rshift },
	{ CPU_LSHIFT_OP, "LSHIFT by the width - 1", SHIFT, 0x8181818181818181ULL, 0, do_lshift },
	{ CPU_RSHIFT_OP, "RSHIFT by the width - 1", SHIFT, 0x8181818181818181ULL, 0, do_rshift },
};
enum { NR_INTEGER_CASES = sizeof(integer_cases) / sizeof(integer_cases[0]) };

static struct cpu_op integer_op(const struct integer_case *c, void *p, uint32_t len,
				uint64_t operand)
{
	switch (c->kind) {
	case ARITH:
		return opv_add(c->code, p, len, (int64_t) operand);
	case BITWISE:
		return opv_bitwise(c->code, p, len, operand);
	default:
		return opv_shift(c->code, p, len, (uint32_t) operand);
	}
}

static void integers(void)
{
	for (int i = 0; i < NR_INTEGER_CASES; i++) {
		const struct integer_case *c = &integer_cases[i];
		for (int s = 0; s < NR_SIZES; s++) {
			const uint32_t len = sizes[s];
			/* A shift count of 0 in the table stands for the widest
			   one the size allows.  */
			const uint64_t operand = c->kind == SHIFT && c->operand == 0
						 ? 8 * len - 1 : c->operand;
			struct operand o;
			void *p = operand_init(&o, c->start, len);
			struct cpu_op op = integer_op(c, p, len, operand);
			const int ret = run(&op, 1);
			const uint64_t want = c->expect(c->start & size_mask(len), operand, len);
			uint64_t got = 0;

			char name[100];

			memcpy(&got, p, len);
			snprintf(name, sizeof(name), "%s, len %u: the operand, and only it, changed",
				 c->name, len);
			check_why(ret == 0 && operand_is(&o, want, len), name,
				  "returned %d, value %#llx, expected %#llx, or a byte around the "
				  "operand changed", ret, (unsigned long long) got,
				  (unsigned long long) (want & size_mask(len)));
		}
	}
}

enum { NR_SEQUENCE_CHECKS = 4 };

/* Several operations on one word see each other's results; unaligned
   operands work (they are only not single-copy atomic).  */
static void sequences(void)
{
	struct cpu_op ops[2];
	uint64_t word = 1000;
	unsigned char bytes[16];

	ops[0] = opv_add(CPU_ADD_OP, &word, 8, 5);
	ops[1] = opv_add(CPU_ADD_OP, &word, 8, 7);
	check_ret(run(ops, 2), 0, "two ADDs on one word: returns 0");
	check_why(word == 1012, "two ADDs on one word: both counted", "word is %llu",
		  (unsigned long long) word);

	memset(bytes, 0, sizeof(bytes));
	ops[0] = opv_add(CPU_ADD_OP, bytes + 3, 8, 0x0102030405060708LL);
	ops[1] = opv_add(CPU_ADD_OP, bytes + 3, 8, 0x0101010101010101LL);
	uint64_t got = 0;
	const int ret = run(ops, 2);
	memcpy(&got, bytes + 3, 8);
	check_why(ret == 0 && got == 0x0203040506070809ULL && bytes[2] == 0 && bytes[11] == 0,
		  "two ADDs on an unaligned word", "returned %d, value %#llx", ret,
		  (unsigned long long) got);
	ops[0] = opv_compare(CPU_COMPARE_EQ_OP, bytes + 3, &got, 8);
	check_ret(run(ops, 1), 0, "EQ on an unaligned word");
}

/* A buffer with known bytes on both sides of the destination.  */
static unsigned char dst_area[64 + DATA + 64];

static bool copied(const unsigned char *dst, const unsigned char *src, size_t len)
{
	if (memcmp(dst, src, len))
		return false;
	for (const unsigned char *p = dst_area; p < dst_area + sizeof(dst_area); p++)
		if ((p < dst || p >= dst + len) && *p != CANARY)
			return false;
	return true;
}

enum { NR_COPY_CHECKS = 5 };
#define WRONG_COPY	"%s", "the destination or a byte around it is wrong"

static void copies(void)
{
	unsigned char *dst = dst_area + 64;
	uint32_t u32 = 0xdeadbeef;
	struct cpu_op ops[3];

	memset(dst_area, CANARY, sizeof(dst_area));
	ops[0] = opv_memcpy(CPU_MEMCPY_OP, dst, data, DATA);
	check_why(run(ops, 1) == 0 && copied(dst, data, DATA),
		  "MEMCPY of 4096 bytes: the destination, and only it, changed", WRONG_COPY);

	memset(dst_area, CANARY, sizeof(dst_area));
	ops[0] = opv_memcpy(CPU_MEMCPY_OP, dst, &u32, 4);
	check_why(run(ops, 1) == 0 && copied(dst, (const unsigned char *) &u32, 4),
		  "MEMCPY of a u32", WRONG_COPY);

	memset(dst_area, CANARY, sizeof(dst_area));
	ops[0] = opv_memcpy(CPU_MEMCPY_RELEASE_OP, dst, data, DATA);
	check_why(run(ops, 1) == 0 && copied(dst, data, DATA),
		  "MEMCPY_RELEASE of 4096 bytes", WRONG_COPY);

	/* The second copy reads what the first wrote.  */
	static unsigned char middle[DATA / 2];
	memset(dst_area, CANARY, sizeof(dst_area));
	memset(middle, 0, sizeof(middle));
	ops[0] = opv_memcpy(CPU_MEMCPY_OP, middle, diff_first, DATA / 2);
	ops[1] = opv_mb();
	ops[2] = opv_memcpy(CPU_MEMCPY_OP, dst, middle, DATA / 2);
	check_why(run(ops, 3) == 0 && copied(dst, diff_first, DATA / 2),
		  "MEMCPY, MB, MEMCPY of what the first copied", WRONG_COPY);

	memset(dst_area, CANARY, sizeof(dst_area));
	ops[0] = opv_memcpy(CPU_MEMCPY_OP, dst, data, 0);
	check_why(run(ops, 1) == 0 && copied(dst, data, 0), "MEMCPY of 0 bytes changes nothing",
		  WRONG_COPY);
}

enum { NR_CAS_CHECKS = 4 };

/* compare-and-exchange: EQ on the word, then MEMCPY of the new value.  */
static void compare_exchange(void)
{
	intptr_t word = 10, expect = 10, newv = 20;
	struct cpu_op ops[2];

	ops[0] = opv_compare(CPU_COMPARE_EQ_OP, &word, &expect, sizeof(word));
	ops[1] = opv_memcpy(CPU_MEMCPY_OP, &word, &newv, sizeof(word));
	check_ret(run(ops, 2), 0, "compare-and-exchange that succeeds: returns 0");
	check_why(word == 20, "compare-and-exchange that succeeds: the new value is stored",
		  "word is %ld", (long) word);
	newv = 30;
	check_ret(run(ops, 2), 1, "compare-and-exchange that fails: returns 1");
	check_why(word == 20, "compare-and-exchange that fails: the word is unchanged",
		  "word is %ld", (long) word);
}

enum { NR_QUERY_CHECKS = 4 };

/* With a query flag, the vector, its length and the CPU are ignored.  */
static void queries(void)
{
	check_ret(cpu_opv(NULL, 0, 0, CPU_OP_NR_FLAG), NR_CPU_OPS, "CPU_OP_NR_FLAG returns 12");
	check_ret(cpu_opv(NULL, 0, 0, CPU_OP_VEC_LEN_MAX_FLAG), CPU_OP_VEC_LEN_MAX,
		  "CPU_OP_VEC_LEN_MAX_FLAG returns 16");
	check_ret(cpu_opv((struct cpu_op *) 8, -1, -1, CPU_OP_NR_FLAG), NR_CPU_OPS,
		  "CPU_OP_NR_FLAG ignores the vector, its length and the CPU");
	check_ret(cpu_opv((struct cpu_op *) 8, 1000, INT32_MAX, CPU_OP_VEC_LEN_MAX_FLAG),
		  CPU_OP_VEC_LEN_MAX,
		  "CPU_OP_VEC_LEN_MAX_FLAG ignores the vector, its length and the CPU");
}

enum { NR_TARGET_CHECKS = 2 };

/* An ADD on the counter of every possible CPU, remote ones included, then of
   every mm_cid index: each lands where it was aimed.  */
static void targets(void)
{
	const int nr = rseq_get_max_nr_cpus();
	static const struct { int flags; const char *name; } modes[NR_TARGET_CHECKS] = {
		{ 0, "an ADD on every possible CPU's counter lands there" },
		{ CPU_OP_MM_CID_FLAG, "CPU_OP_MM_CID_FLAG: an ADD on every mm_cid's counter "
				      "lands there" },
	};

	REQUIRE(nr > 0);
	uint64_t *counters = calloc((size_t) nr, sizeof(*counters));
	REQUIRE(counters);
	for (int m = 0; m < NR_TARGET_CHECKS; m++) {
		int bad = -1, ret = 0;
		memset(counters, 0, (size_t) nr * sizeof(*counters));
		for (int i = 0; i < nr && ret == 0; i++) {
			struct cpu_op op = opv_add(CPU_ADD_OP, &counters[i], 8, i + 1);
			ret = cpu_opv(&op, 1, i, modes[m].flags);
		}
		for (int i = 0; i < nr && bad < 0; i++)
			if (counters[i] != (uint64_t) i + 1)
				bad = i;
		check_why(ret == 0 && bad < 0, modes[m].name,
			  "last return %d (errno %d), first wrong counter %d", ret, errno, bad);
	}
	free(counters);
}

enum { NR_FENCE_CHECKS = 8 };

/* The fence of the target, and only it, is held while the vector runs (a
   comparison inside the vector reads it), and free again afterwards: that
   is what keeps the per-CPU operations and other cpu_opv() calls out.  */
static void fences(void)
{
	const int nr = rseq_get_max_nr_cpus();
	static const uint32_t zero;
	static const char *const modes[2] = { "cpu_id", "mm_cid" };

	for (int mode = 0; mode < 2; mode++) {
		const int other_mode = !mode;
		for (int remote = 0; remote < 2; remote++) {
			const int index = remote ? (here + 1) % nr : here;
			uint32_t *held = &rseq_opv_fence_table[mode][index].held;
			uint32_t *other = &rseq_opv_fence_table[other_mode][index].held;
			struct cpu_op ops[2] = {
				opv_compare(CPU_COMPARE_NE_OP, held, &zero, 4),
				opv_compare(CPU_COMPARE_EQ_OP, other, &zero, 4),
			};
			char name[120];

			snprintf(name, sizeof(name), "%s %s fence held during the vector, the %s "
				 "one not", remote ? "another" : "this", modes[mode],
				 modes[other_mode]);
			const int ret = cpu_opv(ops, 2, index, mode ? CPU_OP_MM_CID_FLAG : 0);
			check_ret(ret, 0, "%s", name);
			snprintf(name, sizeof(name), "%s %s fence free after the call",
				 remote ? "another" : "this", modes[mode]);
			check_why(__atomic_load_n(held, __ATOMIC_ACQUIRE) == 0, name, "it is %u",
				  *held);
		}
	}
}

enum { NR_CALL_CHECKS = 2 };

/* The signal mask when the program started, before any cpu_opv().  */
static sigset_t initial_mask;

/* cpu_opv() blocks every signal while it holds a fence: the caller's mask
   must come back exactly, after this call and all the ones before.  And
   the method it uses is one of the four.  */
static void call_state(void)
{
	sigset_t mask, after;
	intptr_t word = 0;
	struct cpu_op op = opv_add(CPU_ADD_OP, &word, sizeof(word), 1);
	bool same = true;

	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGRTMIN + 3);
	REQUIRE(pthread_sigmask(SIG_BLOCK, &mask, NULL) == 0);
	const int local = cpu_opv(&op, 1, here, 0);
	const int remote = cpu_opv(&op, 1, (here + 1) % rseq_get_max_nr_cpus(), CPU_OP_MM_CID_FLAG);
	REQUIRE(pthread_sigmask(SIG_BLOCK, NULL, &after) == 0);
	for (int sig = 1; sig <= SIGRTMAX; sig++)
		if ((sigismember(&initial_mask, sig) || sigismember(&mask, sig)) !=
		    sigismember(&after, sig))
			same = false;
	REQUIRE(pthread_sigmask(SIG_UNBLOCK, &mask, NULL) == 0);
	check_why(local == 0 && remote == 0 && word == 2 && same,
		  "the signal mask is the caller's after the calls",
		  "returned %d and %d, word %ld, mask %s", local, remote, (long) word,
		  same ? "same" : "changed");

	const int method = rseq_cpu_opv_method();
	note("rseq_cpu_opv_method() is %d", method);
	check_why(method >= RSEQ_CPU_OPV_MEMBARRIER_RSEQ && method <= RSEQ_CPU_OPV_FENCE_ONLY,
		  "rseq_cpu_opv_method() is one of the four methods", "it is %d", method);
}

int main(void)
{
	plan(NR_COMPARE_CHECKS + NR_INDEX_CHECKS + NR_INTEGER_CASES * NR_SIZES +
	     NR_SEQUENCE_CHECKS + NR_COPY_CHECKS + NR_CAS_CHECKS + NR_QUERY_CHECKS +
	     NR_TARGET_CHECKS + NR_FENCE_CHECKS + NR_CALL_CHECKS);
	REQUIRE(pthread_sigmask(SIG_BLOCK, NULL, &initial_mask) == 0);
	here = opv_here();
	fill(data, DATA, 1);
	memcpy(same, data, DATA);
	memcpy(diff_first, data, DATA);
	diff_first[0] ^= 1;
	memcpy(diff_last, data, DATA);
	diff_last[DATA - 1] ^= 0x80;

	compares();
	failing_index();
	integers();
	sequences();
	copies();
	compare_exchange();
	queries();
	targets();
	fences();
	call_state();
	return 0;
}
