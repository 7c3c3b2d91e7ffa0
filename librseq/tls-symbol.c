/* SPDX-License-Identifier: MIT */
/* Reads the dynamic symbol tables ld.so itself searches: through the
   GNU hash table when there is one (the default of most toolchains, and
   then often the only one), else the System V one.  No allocation, no
   stdio: called while librseq decides ownership, possibly before any
   constructor.  */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE	/* dl_iterate_phdr() */
#endif
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <string.h>
#include "internal/tls-symbol.h"

struct dynamic_tables {
	const ElfW(Sym) *symtab;
	const char *strtab;
	const uint32_t *gnu_hash;
	const uint32_t *sysv_hash;
};

struct search {
	const char *name;
	const void *addr;
	struct librseq_tls_symbol *found;
	bool ok;
};

/* ld.so relocates the pointers of .dynamic in place on most
   architectures, but not where .dynamic is read-only (MIPS, RISC-V).  */
static const void *dynamic_pointer(ElfW(Addr) value, ElfW(Addr) base)
{
	return (const void *) (value < base ? value + base : value);
}

static bool read_dynamic(const struct dl_phdr_info *info, struct dynamic_tables *t)
{
	const ElfW(Dyn) *dyn = NULL;

	for (int i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_DYNAMIC)
			dyn = (const ElfW(Dyn) *) (info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
	memset(t, 0, sizeof(*t));
	for (; dyn && dyn->d_tag != DT_NULL; dyn++) {
		const void *p = dynamic_pointer(dyn->d_un.d_ptr, info->dlpi_addr);

		switch (dyn->d_tag) {
		case DT_SYMTAB: t->symtab = (const ElfW(Sym) *) p; break;
		case DT_STRTAB: t->strtab = (const char *) p; break;
		case DT_GNU_HASH: t->gnu_hash = (const uint32_t *) p; break;
		case DT_HASH: t->sysv_hash = (const uint32_t *) p; break;
		}
	}
	return t->symtab && t->strtab && (t->gnu_hash || t->sysv_hash);
}

static bool is_tls_definition(const struct dynamic_tables *t, uint32_t i, const char *name)
{
	const ElfW(Sym) *s = &t->symtab[i];

	return ELF32_ST_TYPE(s->st_info) == STT_TLS && s->st_shndx != SHN_UNDEF
	       && strcmp(t->strtab + s->st_name, name) == 0;
}

static uint32_t gnu_hash(const char *s)
{
	uint32_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char) *s;
	return h;
}

/* The index of NAME's definition, or 0 (the null symbol).  */
static uint32_t lookup(const struct dynamic_tables *t, const char *name)
{
	if (t->gnu_hash) {
		const uint32_t nbuckets = t->gnu_hash[0], symoffset = t->gnu_hash[1];
		const uint32_t bloom_words = t->gnu_hash[2];
		const uint32_t *buckets = t->gnu_hash + 4 + bloom_words * (sizeof(ElfW(Addr)) / 4);
		const uint32_t *chain = buckets + nbuckets;
		const uint32_t h = gnu_hash(name);

		if (nbuckets == 0)
			return 0;
		for (uint32_t i = buckets[h % nbuckets]; i >= symoffset && i != 0; i++) {
			const uint32_t link = chain[i - symoffset];

			if ((link | 1) == (h | 1) && is_tls_definition(t, i, name))
				return i;
			if (link & 1)
				break;
		}
		return 0;
	}
	for (uint32_t i = 1; i < t->sysv_hash[1]; i++)
		if (is_tls_definition(t, i, name))
			return i;
	return 0;
}

static const void *initial_image(const struct dl_phdr_info *info, ElfW(Addr) offset)
{
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type == PT_TLS)
			return offset < ph->p_filesz
				       ? (const void *) (info->dlpi_addr + ph->p_vaddr + offset)
				       : NULL;
	}
	return NULL;
}

static int visit(struct dl_phdr_info *info, size_t size, void *data)
{
	struct search *s = (struct search *) data;
	struct dynamic_tables t;

	if (size < offsetof(struct dl_phdr_info, dlpi_tls_data) + sizeof(info->dlpi_tls_data)
	    || !info->dlpi_tls_data || !read_dynamic(info, &t))
		return 0;
	const uint32_t i = lookup(&t, s->name);
	if (i == 0 || (const char *) info->dlpi_tls_data + t.symtab[i].st_value != s->addr)
		return 0;
	s->found->object = info->dlpi_name ? info->dlpi_name : "";
	s->found->size = t.symtab[i].st_size;
	s->found->image = initial_image(info, t.symtab[i].st_value);
	s->ok = true;
	return 1;
}

bool librseq_find_tls_symbol(const char *name, const void *addr,
			     struct librseq_tls_symbol *found)
{
	struct search s = { name, addr, found, false };

	dl_iterate_phdr(visit, &s);
	return s.ok;
}

const char *librseq_protocol_refusal(const struct librseq_tls_symbol *symbol,
				     const void *addr)
{
	int32_t cpu_id = 0;

	if (symbol->size < 32)
		return "it is smaller than the 32 bytes the kernel needs";
	if ((uintptr_t) addr % 32 != 0)
		return "it is not aligned on 32 bytes as the kernel needs";
	if (symbol->image)
		memcpy(&cpu_id, (const char *) symbol->image + 4, sizeof(cpu_id));
	if (cpu_id != -1)
		return "its cpu_id does not start at -1, so an unregistered thread would look registered";
	return NULL;
}
