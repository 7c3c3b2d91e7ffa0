// SPDX-License-Identifier: MIT
// libFuzzer target for cpu_opv(): arbitrary vectors (operations, count,
// CPU, flags) with every operand aimed at memory the target controls:
//
//   [none][arena: rw ...][none][ro][none]   [none][vector page][none]
//   [none ... a 1 MB inaccessible hole ...]
//
// plus NULL-page and non-canonical addresses.  Each input is run through
// cpu_opv() and through an independent model of the contract
// (CPU_OPV.md), and the target aborts (a libFuzzer crash) when
//   1. the call's result is not one the contract allows for the vector;
//   2. an error return changed any byte of the arena or of the vector page;
//   3. a run that returned 0 or a comparison's index changed a byte outside
//      the destinations of the operations that ran, or left the arena
//      different from the model's (when no copy overlaps itself, where the
//      contract does not say what happens).
// ASan and UBSan, compiled into the library too, catch the rest.
//
// Input: a 12-byte header, then up to 17 records of 40 bytes (see Header
// and Record).  Written by the seeds in corpus/ and by the fuzzer.
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include <rseq/cpu-opv.h>

namespace {

constexpr size_t kPage = 4096;
constexpr size_t kArenaPages = 3;
constexpr size_t kArena = kArenaPages * kPage;
constexpr size_t kHole = 1 << 20;
constexpr size_t kSlack = 64;	// how far pointers may stray before or after a region
constexpr int kMaxRecords = CPU_OP_VEC_LEN_MAX + 1;

struct __attribute__((packed)) Header {
	uint32_t flags;
	uint8_t flags_kind;	// even: flags & CPU_OP_MM_CID_FLAG; odd: flags as given
	uint8_t cpu_kind;	// 0: the current CPU; 1: cpu mod the possible CPUs; 2+: as given
	int8_t opcount;
	uint8_t placement;	// % 3: vector page start; ending at its guard; in the arena
	int32_t cpu;
};

enum Region { ARENA, READ_ONLY, NULL_PAGE, HOLE, WILD, NR_REGIONS };

struct __attribute__((packed)) Record {
	int32_t op;
	uint32_t len;
	uint8_t region[2];	// % NR_REGIONS, for a/dst/p and b/src
	uint8_t expect_fault[2];
	uint32_t bits;		// shift count
	uint64_t where[2];	// offset in the region (raw address for WILD)
	uint64_t value;		// count or mask
};

static_assert(sizeof(Header) == 12, "header layout");
static_assert(sizeof(Record) == 40, "record layout");

// Longer inputs mean the same: the bytes after the last record are unused.
constexpr size_t kMaxInput = sizeof(Header) + kMaxRecords * sizeof(Record);

// A fault inside cpu_opv(), which blocks every signal while it works, kills
// the process outright (the kernel unblocks the signal and resets it to its
// default action), so neither the sanitizers nor libFuzzer can save the
// input.  With OPV_FUZZ_LAST_INPUT=file, each input is first copied into
// that shared file mapping, which outlives the process.
struct LastInput {
	uint32_t size;
	uint8_t data[kMaxInput];
};

LastInput *last_input;

void map_last_input()
{
	const char *path = getenv("OPV_FUZZ_LAST_INPUT");
	if (!path)
		return;
	const int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, sizeof(LastInput)))
		abort();
	void *map = mmap(nullptr, sizeof(LastInput), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		abort();
	close(fd);
	last_input = static_cast<LastInput *>(map);
}

struct Memory {
	char *arena;		// kArena bytes, read-write
	char *ro;		// kPage bytes, read-only
	char *vector_page;	// kPage bytes, read-write, only for the vector
	char *hole;		// kHole bytes, inaccessible
	int nr_cpus;
};

Memory mem;

char *guarded(size_t len, int prot)
{
	char *map = (char *) mmap(nullptr, len + 2 * kPage, PROT_NONE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		abort();
	if (prot != PROT_NONE && mprotect(map + kPage, len, prot))
		abort();
	return map + kPage;
}

void setup()
{
	mem.arena = guarded(kArena, PROT_READ | PROT_WRITE);
	mem.ro = guarded(kPage, PROT_READ | PROT_WRITE);
	for (size_t i = 0; i < kPage; i++)
		mem.ro[i] = (char) (i * 13 + 7);
	if (mprotect(mem.ro, kPage, PROT_READ))
		abort();
	mem.vector_page = guarded(kPage, PROT_READ | PROT_WRITE);
	mem.hole = guarded(kHole, PROT_NONE);
	mem.nr_cpus = rseq_get_max_nr_cpus();
	if (mem.nr_cpus <= 0)
		abort();
	map_last_input();
}

uint64_t address(uint8_t region, uint64_t where)
{
	switch (region % NR_REGIONS) {
	case ARENA:
		return (uint64_t) (uintptr_t) mem.arena + where % (kArena + 2 * kSlack) - kSlack;
	case READ_ONLY:
		return (uint64_t) (uintptr_t) mem.ro + where % (kPage + 2 * kSlack) - kSlack;
	case NULL_PAGE:
		return where % (2 * kPage);
	case HOLE:
		return (uint64_t) (uintptr_t) mem.hole + where % kHole;
	default:
		// Beyond the 47-bit user address space: never mapped.
		return where | (UINT64_C(1) << 47);
	}
}

bool is_integer_op(int32_t op)
{
	switch (op) {
	case CPU_ADD_OP: case CPU_ADD_RELEASE_OP: case CPU_OR_OP: case CPU_AND_OP:
	case CPU_XOR_OP: case CPU_LSHIFT_OP: case CPU_RSHIFT_OP:
		return true;
	default:
		return false;
	}
}

bool is_shift(int32_t op)
{
	return op == CPU_LSHIFT_OP || op == CPU_RSHIFT_OP;
}

bool is_copy(int32_t op)
{
	return op == CPU_MEMCPY_OP || op == CPU_MEMCPY_RELEASE_OP;
}

bool is_compare(int32_t op)
{
	return op == CPU_COMPARE_EQ_OP || op == CPU_COMPARE_NE_OP;
}

struct cpu_op make_op(const Record &r)
{
	struct cpu_op op;
	const uint64_t a = address(r.region[0], r.where[0]);
	const uint64_t b = address(r.region[1], r.where[1]);

	memset(&op, 0, sizeof(op));
	op.op = r.op;
	op.len = r.len;
	if (is_compare(r.op) || is_copy(r.op)) {
		// compare_op and memcpy_op share their layout.
		op.u.memcpy_op.dst = a;
		op.u.memcpy_op.src = b;
		op.u.memcpy_op.expect_fault_dst = r.expect_fault[0];
		op.u.memcpy_op.expect_fault_src = r.expect_fault[1];
	} else if (is_shift(r.op)) {
		op.u.shift_op.p = a;
		op.u.shift_op.bits = r.bits;
		op.u.shift_op.expect_fault_p = r.expect_fault[0];
	} else {
		// arithmetic_op and bitwise_op share their layout; unknown
		// operations get it too.
		op.u.bitwise_op.p = a;
		op.u.bitwise_op.mask = r.value;
		op.u.bitwise_op.expect_fault_p = r.expect_fault[0];
	}
	return op;
}

// What the contract allows for a vector: failing with one of the errnos in
// errnos (a bit per errno), succeeding when may_succeed.  Where CPU_OPV.md
// leaves a choice open, both are allowed: which error wins when a vector
// has several (EINVAL and EFAULT, or faults with and without expect_fault),
// and whether an operand of length zero at an inaccessible address faults.
enum { E_INVAL = 1, E_FAULT = 2, E_AGAIN = 4 };

struct Expected {
	int errnos;
	bool may_succeed;
	bool runs;	// a success runs the vector (else it answers a query)
	int value;	// a query's answer
};

Expected failure(int errnos)
{
	return Expected{ errnos, false, false, 0 };
}

bool in(uint64_t addr, uint64_t len, const char *base, size_t size)
{
	const uint64_t start = (uint64_t) (uintptr_t) base;
	return addr >= start && len <= size && addr - start <= size - len;
}

// Readable: inside the arena, the read-only page or the vector page (the
// latter two never change).  Writable: inside the arena.
bool readable(uint64_t addr, uint64_t len)
{
	return in(addr, len, mem.arena, kArena) || in(addr, len, mem.ro, kPage) ||
	       in(addr, len, mem.vector_page, kPage);
}

bool writable(uint64_t addr, uint64_t len)
{
	return in(addr, len, mem.arena, kArena);
}

bool shape_ok(const struct cpu_op &op)
{
	if (is_compare(op.op) || is_copy(op.op))
		return op.len <= CPU_OP_DATA_LEN_MAX;
	if (op.op == CPU_MB_OP)
		return true;
	if (!is_integer_op(op.op))
		return false;
	if (op.len != 1 && op.len != 2 && op.len != 4 && op.len != 8)
		return false;
	return !is_shift(op.op) || op.u.shift_op.bits < 8 * op.len;
}

// The errnos of operands that cannot be accessed: EFAULT, EAGAIN when the
// operand's expect_fault byte is 1 (any other non-zero byte is not in the
// contract: either).  Zero-length operands go to *maybe: they may fault.
struct Faults {
	int sure = 0;
	int maybe = 0;

	void operand(bool accessible, uint32_t len, uint8_t expect)
	{
		if (accessible)
			return;
		const int bits = expect == 0 ? E_FAULT : expect == 1 ? E_AGAIN : E_FAULT | E_AGAIN;
		(len ? sure : maybe) |= bits;
	}
};

void op_faults(const struct cpu_op &op, Faults *f)
{
	if (is_compare(op.op)) {
		f->operand(readable(op.u.compare_op.a, op.len), op.len, op.u.compare_op.expect_fault_a);
		f->operand(readable(op.u.compare_op.b, op.len), op.len, op.u.compare_op.expect_fault_b);
	} else if (is_copy(op.op)) {
		f->operand(writable(op.u.memcpy_op.dst, op.len), op.len,
			   op.u.memcpy_op.expect_fault_dst);
		f->operand(readable(op.u.memcpy_op.src, op.len), op.len,
			   op.u.memcpy_op.expect_fault_src);
	} else if (is_shift(op.op)) {
		f->operand(writable(op.u.shift_op.p, op.len), op.len, op.u.shift_op.expect_fault_p);
	} else if (is_integer_op(op.op)) {
		f->operand(writable(op.u.bitwise_op.p, op.len), op.len,
			   op.u.bitwise_op.expect_fault_p);
	}
}

// ops: the vector as cpu_opv() will read it, when vector_readable.
Expected expect(const struct cpu_op *ops, bool vector_readable, int opcount, int cpu, int flags)
{
	constexpr int known = CPU_OP_NR_FLAG | CPU_OP_VEC_LEN_MAX_FLAG | CPU_OP_MM_CID_FLAG;

	if (flags & ~known)
		return failure(E_INVAL);
	if (flags == CPU_OP_NR_FLAG)
		return Expected{ 0, true, false, NR_CPU_OPS };
	if (flags == CPU_OP_VEC_LEN_MAX_FLAG)
		return Expected{ 0, true, false, CPU_OP_VEC_LEN_MAX };
	// Both queries, or a query with the mm_cid flag: not in the contract;
	// our implementation says EINVAL.
	if (flags & (CPU_OP_NR_FLAG | CPU_OP_VEC_LEN_MAX_FLAG))
		return failure(E_INVAL);
	if (opcount < 0 || opcount > CPU_OP_VEC_LEN_MAX)
		return failure(E_INVAL);	// the vector has no length to read
	const int bad_cpu = cpu < 0 || cpu >= mem.nr_cpus ? E_INVAL : 0;
	if (!vector_readable)
		return failure(bad_cpu | E_FAULT);
	uint64_t total = 0;
	bool shapes = true;
	Faults faults;
	for (int i = 0; i < opcount; i++) {
		shapes = shapes && shape_ok(ops[i]);
		if (ops[i].op != CPU_MB_OP)
			total += ops[i].len;
		op_faults(ops[i], &faults);
	}
	const int invalid = bad_cpu | (!shapes || total > CPU_OP_VEC_DATA_LEN_MAX ? E_INVAL : 0);
	return Expected{ invalid | faults.sure | faults.maybe, !invalid && !faults.sure, true, 0 };
}

// The model's memory: a copy of the arena; the read-only page and the
// vector page are read where they are.
char model[kArena];

char *model_ptr(uint64_t addr)
{
	if (in(addr, 1, mem.arena, kArena))
		return model + (addr - (uint64_t) (uintptr_t) mem.arena);
	return (char *) (uintptr_t) addr;
}

uint64_t load_le(const char *p, uint32_t len)
{
	uint64_t v = 0;
	memcpy(&v, p, len);	// x86_64: little-endian
	return v;
}

// Runs a validated vector on the model; returns cpu_opv()'s value and the
// number of operations that ran; sets *overlap when a copy overlaps itself.
int simulate(const struct cpu_op *ops, int opcount, int *ran, bool *overlap)
{
	for (int i = 0; i < opcount; i++) {
		const struct cpu_op &op = ops[i];
		*ran = i + 1;
		if (op.len == 0 && op.op != CPU_MB_OP && (is_compare(op.op) || is_copy(op.op))) {
			// Nothing to read or write; the addresses may be anything.
			if (op.op == CPU_COMPARE_NE_OP) {
				*ran = i;
				return i + 1;	// zero bytes are always equal
			}
		} else if (is_compare(op.op)) {
			const bool same = !memcmp(model_ptr(op.u.compare_op.a),
						  model_ptr(op.u.compare_op.b), op.len);
			if (same != (op.op == CPU_COMPARE_EQ_OP)) {
				*ran = i;
				return i + 1;
			}
		} else if (is_copy(op.op)) {
			const uint64_t d = op.u.memcpy_op.dst, s = op.u.memcpy_op.src;
			if (op.len && d < s + op.len && s < d + op.len && d != s)
				*overlap = true;
			memmove(model_ptr(d), model_ptr(s), op.len);
		} else if (is_integer_op(op.op)) {
			char *p = model_ptr(op.u.bitwise_op.p);
			uint64_t v = load_le(p, op.len);
			const uint64_t x = op.u.bitwise_op.mask;
			switch (op.op) {
			case CPU_ADD_OP: case CPU_ADD_RELEASE_OP: v += x; break;
			case CPU_OR_OP: v |= x; break;
			case CPU_AND_OP: v &= x; break;
			case CPU_XOR_OP: v ^= x; break;
			case CPU_LSHIFT_OP: v <<= op.u.shift_op.bits; break;
			default: v >>= op.u.shift_op.bits; break;
			}
			memcpy(p, &v, op.len);
		}
	}
	return 0;
}

// Whether the arena byte at offset lies in a destination of ops[0..ran).
bool declared(const struct cpu_op *ops, int ran, size_t offset)
{
	const uint64_t addr = (uint64_t) (uintptr_t) mem.arena + offset;

	for (int i = 0; i < ran; i++) {
		uint64_t dst;
		if (is_copy(ops[i].op))
			dst = ops[i].u.memcpy_op.dst;
		else if (is_integer_op(ops[i].op))
			dst = ops[i].u.bitwise_op.p;
		else
			continue;
		if (addr >= dst && addr - dst < ops[i].len)
			return true;
	}
	return false;
}

[[noreturn]] void violation(const char *what, long detail)
{
	fprintf(stderr, "opv-fuzz: %s (%ld)\n", what, detail);
	abort();
}

// The vector's memory: where it goes and how many entries can be read.
struct cpu_op *place_vector(const Header &h, int nr_records, size_t *readable_entries)
{
	switch (h.placement % 3) {
	case 0:
		*readable_entries = kPage / sizeof(struct cpu_op);
		return (struct cpu_op *) mem.vector_page;
	case 1:
		// Its last record ends where the inaccessible page starts.
		*readable_entries = (size_t) nr_records;
		return (struct cpu_op *) (mem.vector_page + kPage) - nr_records;
	default:
		// In the arena, where the operations may change it (cpu_opv()
		// must run what it checked: its copy).
		*readable_entries = kArena / sizeof(struct cpu_op);
		return (struct cpu_op *) mem.arena;
	}
}

int choose_cpu(const Header &h)
{
	switch (h.cpu_kind) {
	case 0:
		return rseq_current_cpu();
	case 1:
		return (int) ((uint32_t) h.cpu % (uint32_t) mem.nr_cpus);
	default:
		return h.cpu;
	}
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
	setup();
	return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Header h;
	struct cpu_op decoded[kMaxRecords];
	static char before[kArena], vector_before[kPage];

	if (last_input) {
		last_input->size = (uint32_t) (size < kMaxInput ? size : kMaxInput);
		memcpy(last_input->data, data, last_input->size);
	}
	if (size < sizeof(h))
		return 0;
	memcpy(&h, data, sizeof(h));
	int nr_records = (int) ((size - sizeof(h)) / sizeof(Record));
	if (nr_records > kMaxRecords)
		nr_records = kMaxRecords;

	// A fresh arena and vector page for every input.
	for (size_t i = 0; i < kArena; i++)
		mem.arena[i] = (char) (i * 7 + 3);
	memset(mem.vector_page, 0, kPage);
	size_t readable_entries;
	struct cpu_op *vector = place_vector(h, nr_records, &readable_entries);
	memset(decoded, 0, sizeof(decoded));
	for (int i = 0; i < nr_records; i++) {
		Record r;
		memcpy(&r, data + sizeof(h) + i * sizeof(r), sizeof(r));
		decoded[i] = make_op(r);
		vector[i] = decoded[i];
	}
	const int opcount = h.opcount;
	const int cpu = choose_cpu(h);
	const int flags = (h.flags_kind & 1) ? (int) h.flags : (int) (h.flags & CPU_OP_MM_CID_FLAG);
	const bool vector_readable = opcount <= 0 || (size_t) opcount <= readable_entries;
	// Entries past the records: zero (EQ of 0 bytes at NULL) on the vector
	// page, the arena's own bytes in the arena.
	struct cpu_op ops[kMaxRecords];
	for (int i = 0; i < kMaxRecords; i++)
		ops[i] = i < nr_records || !vector_readable || i >= (int) readable_entries
			 ? decoded[i] : vector[i];
	const Expected want = expect(ops, vector_readable, opcount, cpu, flags);

	memcpy(before, mem.arena, kArena);
	memcpy(vector_before, mem.vector_page, kPage);
	memcpy(model, mem.arena, kArena);
	errno = 0;
	const int ret = cpu_opv(vector, opcount, cpu, flags);
	const int err = errno;

	if (ret < 0) {
		const int bit = err == EINVAL ? E_INVAL : err == EFAULT ? E_FAULT
			      : err == EAGAIN ? E_AGAIN : 0;
		if (!(want.errnos & bit))
			violation(want.errnos ? "wrong errno" : "unexpected error", err);
		if (memcmp(before, mem.arena, kArena) || memcmp(vector_before, mem.vector_page, kPage))
			violation("an error return changed memory", err);
		return 0;
	}
	if (!want.may_succeed)
		violation("success where the contract says error", ret);
	if (!want.runs) {
		if (ret != want.value)
			violation("wrong query answer", ret);
		if (memcmp(before, mem.arena, kArena))
			violation("a query changed memory", ret);
		return 0;
	}
	int ran = 0;
	bool overlap = false;
	const int model_ret = simulate(ops, opcount, &ran, &overlap);
	if (ret != model_ret)
		violation("wrong return value", ret);
	for (size_t i = 0; i < kArena; i++)
		if (mem.arena[i] != before[i] && !declared(ops, ran, i))
			violation("a byte outside the destinations changed", (long) i);
	if (memcmp(vector_before, mem.vector_page, kPage))
		violation("the vector page changed", 0);
	if (!overlap && memcmp(model, mem.arena, kArena))
		violation("the arena differs from the model", 0);
	return 0;
}
