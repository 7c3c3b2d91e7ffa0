/* SPDX-License-Identifier: MIT */
/* Finds symbols in the vDSO by reading its ELF dynamic section directly:
   dlsym() does not see the vDSO, and a static program has no dlsym().  */
#include <elf.h>
#include <link.h>
#include <string.h>
#include <sys/auxv.h>
#include <rseq/rseq.h>
#include "internal/syscall.h"
#include "internal/vdso.h"

namespace librseq {
namespace {

struct VdsoImage {
	ElfW(Addr) bias = 0;	// runtime address minus link-time address
	const ElfW(Sym) *symtab = nullptr;
	const char *strtab = nullptr;
	const ElfW(Word) *hash = nullptr;	// DT_HASH
	const uint32_t *gnu_hash = nullptr;	// DT_GNU_HASH
	const ElfW(Versym) *versym = nullptr;
	const ElfW(Verdef) *verdef = nullptr;
};

bool load_image(VdsoImage &img)
{
	const auto base = (ElfW(Addr)) getauxval(AT_SYSINFO_EHDR);
	if (!base)
		return false;
	const auto *ehdr = (const ElfW(Ehdr) *) base;
	const auto *phdr = (const ElfW(Phdr) *) (base + ehdr->e_phoff);
	const ElfW(Dyn) *dyn = nullptr;
	bool have_load = false;

	for (int i = 0; i < ehdr->e_phnum; i++) {
		if (phdr[i].p_type == PT_LOAD && !have_load) {
			img.bias = base + phdr[i].p_offset - phdr[i].p_vaddr;
			have_load = true;
		} else if (phdr[i].p_type == PT_DYNAMIC) {
			dyn = (const ElfW(Dyn) *) (base + phdr[i].p_offset);
		}
	}
	if (!have_load || !dyn)
		return false;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		const ElfW(Addr) addr = img.bias + dyn->d_un.d_ptr;
		switch (dyn->d_tag) {
		case DT_SYMTAB: img.symtab = (const ElfW(Sym) *) addr; break;
		case DT_STRTAB: img.strtab = (const char *) addr; break;
		case DT_HASH: img.hash = (const ElfW(Word) *) addr; break;
		case DT_GNU_HASH: img.gnu_hash = (const uint32_t *) addr; break;
		case DT_VERSYM: img.versym = (const ElfW(Versym) *) addr; break;
		case DT_VERDEF: img.verdef = (const ElfW(Verdef) *) addr; break;
		}
	}
	return img.symtab && img.strtab && (img.hash || img.gnu_hash);
}

// DT_HASH states the symbol count; DT_GNU_HASH only lets us find the last
// symbol by walking from the highest bucket to the end of its chain.
size_t symbol_count(const VdsoImage &img)
{
	if (img.hash)
		return img.hash[1];
	const uint32_t nbuckets = img.gnu_hash[0];
	const uint32_t symoffset = img.gnu_hash[1];
	const uint32_t bloom_words = img.gnu_hash[2];
	const uint32_t *buckets =
		img.gnu_hash + 4 + bloom_words * (sizeof(ElfW(Addr)) / sizeof(uint32_t));
	const uint32_t *chain = buckets + nbuckets;
	uint32_t last = 0;

	for (uint32_t b = 0; b < nbuckets; b++)
		if (buckets[b] > last)
			last = buckets[b];
	if (last < symoffset)
		return symoffset;
	while (!(chain[last - symoffset] & 1))
		last++;
	return last + 1;
}

bool version_matches(const VdsoImage &img, size_t index, const char *version)
{
	if (!img.versym || !img.verdef)
		return true;
	const ElfW(Half) wanted = img.versym[index] & 0x7fff;
	const auto *def = img.verdef;

	for (;;) {
		if (def->vd_ndx == wanted && !(def->vd_flags & VER_FLG_BASE)) {
			const auto *aux = (const ElfW(Verdaux) *) ((const char *) def + def->vd_aux);
			return strcmp(img.strtab + aux->vda_name, version) == 0;
		}
		if (!def->vd_next)
			return false;
		def = (const ElfW(Verdef) *) ((const char *) def + def->vd_next);
	}
}

using GetcpuFn = long (*)(unsigned int *, unsigned int *, void *);

// nullptr: not looked up yet or absent (then the system call is used).
GetcpuFn vdso_getcpu;

} // namespace

void *vdso_symbol(const char *name, const char *version)
{
	VdsoImage img;

	if (!load_image(img))
		return nullptr;
	const size_t count = symbol_count(img);
	for (size_t i = 0; i < count; i++) {
		const ElfW(Sym) &sym = img.symtab[i];
		// The ELF32_ and ELF64_ forms of these macros are the same.
		const int bind = ELF64_ST_BIND(sym.st_info);
		if (ELF64_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_shndx == SHN_UNDEF ||
		    (bind != STB_GLOBAL && bind != STB_WEAK))
			continue;
		if (strcmp(img.strtab + sym.st_name, name) == 0 && version_matches(img, i, version))
			return (void *) (img.bias + sym.st_value);
	}
	return nullptr;
}

void resolve_vdso()
{
#ifdef RSEQ_VDSO_GETCPU_NAME
	auto fn = (GetcpuFn) vdso_symbol(RSEQ_VDSO_GETCPU_NAME, RSEQ_VDSO_GETCPU_VERSION);
	__atomic_store_n(&vdso_getcpu, fn, __ATOMIC_RELAXED);
#endif
}

int getcpu(unsigned int *cpu, unsigned int *node)
{
	GetcpuFn fn = __atomic_load_n(&vdso_getcpu, __ATOMIC_RELAXED);
	long ret;

	if (fn)
		ret = fn(cpu, node, nullptr);
	else
#ifdef RSEQ_NR_getcpu
		ret = kernel_call(RSEQ_NR_getcpu, cpu, node, nullptr);
#else
		ret = -ENOSYS;
#endif
	return (int) ret;
}

} // namespace librseq
