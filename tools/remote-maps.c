/* SPDX-License-Identifier: MIT */
/* The libraries mapped in the target (/proc/PID/maps), and the values of
   the symbols that say where its rseq areas are: glibc's __rseq_offset and
   __rseq_size (defined by the dynamic linker) and librseq's rseq_offset.
   A symbol's address is its st_value in the file's .dynsym plus the
   library's load address, the start of its mapping at file offset 0 (0 for
   a non-PIE executable); only files of this tool's own ELF class are read.
   The executable is searched first, as the dynamic linker does: a program
   that reads a variable of a library directly has its own copy of it (a
   copy relocation), and the library's copy then stays unused.  */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#include "remote.h"

static bool read_at(int fd, void *buf, size_t size, off_t off)
{
	return pread(fd, buf, size, off) == (ssize_t) size;
}

/* The st_value of the dynamic symbol NAME defined in the ELF file PATH,
   and whether that file is position-dependent (ET_EXEC).  */
static bool elf_symbol(const char *path, const char *name, uint64_t *value, bool *absolute)
{
	ElfW(Ehdr) eh;
	bool found = false;
	const int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (!read_at(fd, &eh, sizeof(eh), 0) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32) ||
	    eh.e_shentsize != sizeof(ElfW(Shdr)))
		goto out;
	*absolute = eh.e_type == ET_EXEC;
	for (unsigned int i = 0; i < eh.e_shnum && !found; i++) {
		ElfW(Shdr) sym, str;

		if (!read_at(fd, &sym, sizeof(sym), eh.e_shoff + (off_t) i * sizeof(sym)) ||
		    sym.sh_type != SHT_DYNSYM || sym.sh_entsize != sizeof(ElfW(Sym)) ||
		    !read_at(fd, &str, sizeof(str), eh.e_shoff + (off_t) sym.sh_link * sizeof(str)))
			continue;
		const size_t len = strlen(name) + 1;
		char candidate[64];

		if (len > sizeof(candidate))
			break;
		for (size_t k = 1; k < sym.sh_size / sizeof(ElfW(Sym)); k++) {
			ElfW(Sym) s;

			if (!read_at(fd, &s, sizeof(s), sym.sh_offset + k * sizeof(s)))
				break;
			if (s.st_shndx == SHN_UNDEF || s.st_shndx == SHN_ABS ||
			    s.st_name >= str.sh_size ||
			    !read_at(fd, candidate, len, str.sh_offset + s.st_name) ||
			    memcmp(candidate, name, len))
				continue;
			*value = s.st_value;
			found = true;
			break;
		}
	}
out:
	close(fd);
	return found;
}

/* The lowest address mapped from PATH at file offset 0 in P's process.  */
static bool load_address(const struct remote_process *p, const char *path, uint64_t *base)
{
	char name[64], line[PATH_MAX + 128];
	bool found = false;

	snprintf(name, sizeof(name), "/proc/%d/maps", (int) p->pid);
	FILE *f = fopen(name, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start, offset;
		int pos = 0;

		if (sscanf(line, "%llx-%*x %*s %llx %*s %*u %n", &start, &offset, &pos) < 2 || !pos)
			continue;
		line[strcspn(line, "\n")] = 0;
		if (offset == 0 && !strcmp(line + pos, path) && (!found || start < *base)) {
			*base = start;
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* Whether the mapped file PATH (a full path) is the library BASENAME...  */
static bool is_library(const char *path, const char *prefix)
{
	const char *slash = strrchr(path, '/');

	return slash && !strncmp(slash + 1, prefix, strlen(prefix));
}

void remote_read_maps(struct remote_process *p)
{
	char name[64], line[PATH_MAX + 128];

	p->librseq_path[0] = p->ldso_path[0] = p->exe_path[0] = 0;
	snprintf(name, sizeof(name), "/proc/%d/exe", (int) p->pid);
	const ssize_t len = readlink(name, p->exe_path, sizeof(p->exe_path) - 1);
	p->exe_path[len > 0 ? len : 0] = 0;
	snprintf(name, sizeof(name), "/proc/%d/maps", (int) p->pid);
	FILE *f = fopen(name, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		int pos = 0;

		sscanf(line, "%*x-%*x %*s %*x %*s %*u %n", &pos);
		line[strcspn(line, "\n")] = 0;
		if (!pos || line[pos] != '/')
			continue;
		const char *path = line + pos;

		if (!p->librseq_path[0] && is_library(path, "librseq.so"))
			snprintf(p->librseq_path, sizeof(p->librseq_path), "%s", path);
		if (!p->ldso_path[0] && (is_library(path, "ld-linux") || is_library(path, "ld.so") ||
					 is_library(path, "ld64.so")))
			snprintf(p->ldso_path, sizeof(p->ldso_path), "%s", path);
	}
	fclose(f);
}

/* The address of NAME in the target when the mapped file PATH defines it.  */
static bool symbol_address(const struct remote_process *p, const char *path,
			   const char *name, uint64_t *address)
{
	uint64_t sym, base;
	bool absolute;
	char proc_path[PATH_MAX + 64];

	if (!path[0] || !load_address(p, path, &base))
		return false;
	/* The target's own file through /proc: the same file even in another
	   mount namespace.  */
	snprintf(proc_path, sizeof(proc_path), "/proc/%d/root%s", (int) p->pid, path);
	if (!elf_symbol(proc_path, name, &sym, &absolute) &&
	    !elf_symbol(path, name, &sym, &absolute))
		return false;
	*address = absolute ? sym : base + sym;
	return true;
}

/* Reads SIZE bytes (4 or 8) of the target's variable NAME, defined in the
   library PATH or copied into the executable, as a signed value.  */
static struct remote_value read_symbol(const struct remote_process *p, const char *path,
				       const char *name, size_t size)
{
	struct remote_value v = { false, 0 };
	uint64_t address;
	union { int32_t i32; int64_t i64; } data;

	if (!path[0] || (!symbol_address(p, p->exe_path, name, &address) &&
			 !symbol_address(p, path, name, &address)))
		return v;
	struct iovec local = { &data, size }, remote = { (void *) (uintptr_t) address, size };
	if (process_vm_readv(p->pid, &local, 1, &remote, 1, 0) != (ssize_t) size)
		return v;
	v.known = true;
	v.value = size == 8 ? (long long) data.i64 : (long long) data.i32;
	return v;
}

void remote_read_symbols(struct remote_process *p)
{
	p->glibc_offset = read_symbol(p, p->ldso_path, "__rseq_offset", sizeof(ptrdiff_t));
	p->glibc_size = read_symbol(p, p->ldso_path, "__rseq_size", sizeof(unsigned int));
	p->librseq_offset = read_symbol(p, p->librseq_path, "rseq_offset", sizeof(ptrdiff_t));
}

void remote_classify(struct remote_process *p)
{
	for (size_t i = 0; i < p->nr_threads; i++) {
		struct remote_thread *t = &p->threads[i];
		const uint64_t area = t->config.area;

		if (t->state != REMOTE_READ || !area)
			t->owner = REMOTE_OWNER_NONE;
		else if (!t->have_tp || !p->glibc_offset.known)
			t->owner = REMOTE_OWNER_UNKNOWN;
		else if (area == t->tp + (uint64_t) p->glibc_offset.value)
			t->owner = REMOTE_OWNER_GLIBC;
		else if (p->librseq_offset.known &&
			 area == t->tp + (uint64_t) p->librseq_offset.value)
			t->owner = REMOTE_OWNER_LIBRSEQ;
		else
			t->owner = REMOTE_OWNER_ELSEWHERE;
	}
}
