/* elfread.h - a bounds-checked view of an ELF file held in memory: named
 * sections and virtual-address lookups, enough for the Go buildinfo and
 * cargo-auditable catalogers. Never reads outside the given bytes. */
#ifndef WARD_INVENTORY_ELFREAD_H
#define WARD_INVENTORY_ELFREAD_H

#include "util/buf.h"

struct ward_elf {
    const unsigned char *p;
    size_t n;
    bool is64, be;
    uint64_t phoff, shoff;
    uint16_t phnum, shnum, phentsize, shentsize, shstrndx;
};

/* True when data starts with the ELF magic. */
bool ward_elf_is(const char *data, size_t len);
/* Parse the ELF header. WARD_ENOTFOUND if not ELF, WARD_EFORMAT if the header
 * or its tables do not fit in len. The view borrows data. */
int ward_elf_open(struct ward_elf *e, const char *data, size_t len, struct ward_error **err);
/* File bytes of the section called name (SHT_NOBITS sections are not found). */
bool ward_elf_section(const struct ward_elf *e, const char *name, struct ward_span *out);
/* File bytes backing [addr, addr+len) of the memory image (PT_LOAD, then sections). */
bool ward_elf_vaddr(const struct ward_elf *e, uint64_t addr, uint64_t len, struct ward_span *out);
/* Read an unsigned integer of size bytes (1, 2, 4, 8) at p in the file's byte order. */
uint64_t ward_elf_uint(const struct ward_elf *e, const unsigned char *p, unsigned size);

#endif
