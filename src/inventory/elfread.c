/* elfread.c - minimal ELF32/ELF64 (either byte order) header, program header
 * and section header reader over an in-memory file. Every offset taken from
 * the file is range-checked before use: the input is hostile. */
#include "inventory/elfread.h"

#include <string.h>

bool ward_elf_is(const char *data, size_t len)
{
    return len >= 4 && memcmp(data,
                              "\x7f"
                              "ELF",
                              4) == 0;
}

uint64_t ward_elf_uint(const struct ward_elf *e, const unsigned char *p, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        unsigned shift = e->be ? 8 * (size - 1 - i) : 8 * i;
        v |= (uint64_t)p[i] << shift;
    }
    return v;
}

/* [off, off+len) inside the file? */
static bool fits(const struct ward_elf *e, uint64_t off, uint64_t len)
{
    uint64_t end;
    return !__builtin_add_overflow(off, len, &end) && end <= e->n;
}

int ward_elf_open(struct ward_elf *e, const char *data, size_t len, struct ward_error **err)
{
    memset(e, 0, sizeof(*e));
    if (!ward_elf_is(data, len))
        return ward_error_set(err, WARD_ENOTFOUND, 0, "not an ELF file");
    if (len < 52)
        return ward_error_set(err, WARD_EFORMAT, 0, "truncated ELF header (%zu bytes)", len);
    const unsigned char *p = (const unsigned char *)data;
    e->p = p;
    e->n = len;
    if (p[4] != 1 && p[4] != 2)
        return ward_error_set(err, WARD_EFORMAT, 0, "bad ELF class %u", p[4]);
    if (p[5] != 1 && p[5] != 2)
        return ward_error_set(err, WARD_EFORMAT, 0, "bad ELF data encoding %u", p[5]);
    e->is64 = p[4] == 2;
    e->be = p[5] == 2;
    if (e->is64) {
        if (len < 64)
            return ward_error_set(err, WARD_EFORMAT, 0, "truncated ELF64 header");
        e->phoff = ward_elf_uint(e, p + 32, 8);
        e->shoff = ward_elf_uint(e, p + 40, 8);
        e->phentsize = (uint16_t)ward_elf_uint(e, p + 54, 2);
        e->phnum = (uint16_t)ward_elf_uint(e, p + 56, 2);
        e->shentsize = (uint16_t)ward_elf_uint(e, p + 58, 2);
        e->shnum = (uint16_t)ward_elf_uint(e, p + 60, 2);
        e->shstrndx = (uint16_t)ward_elf_uint(e, p + 62, 2);
    } else {
        e->phoff = ward_elf_uint(e, p + 28, 4);
        e->shoff = ward_elf_uint(e, p + 32, 4);
        e->phentsize = (uint16_t)ward_elf_uint(e, p + 42, 2);
        e->phnum = (uint16_t)ward_elf_uint(e, p + 44, 2);
        e->shentsize = (uint16_t)ward_elf_uint(e, p + 46, 2);
        e->shnum = (uint16_t)ward_elf_uint(e, p + 48, 2);
        e->shstrndx = (uint16_t)ward_elf_uint(e, p + 50, 2);
    }
    /* Tables that do not fit (a truncated file) are ignored, not trusted. */
    unsigned minph = e->is64 ? 56 : 32, minsh = e->is64 ? 64 : 40;
    if (e->phentsize < minph || !fits(e, e->phoff, (uint64_t)e->phnum * e->phentsize))
        e->phnum = 0;
    if (e->shentsize < minsh || !fits(e, e->shoff, (uint64_t)e->shnum * e->shentsize) ||
        e->shstrndx >= e->shnum)
        e->shnum = 0;
    return 0;
}

struct shdr {
    uint32_t name, type;
    uint64_t addr, off, size;
};

static struct shdr sect(const struct ward_elf *e, unsigned i)
{
    const unsigned char *s = e->p + e->shoff + (uint64_t)i * e->shentsize;
    struct shdr h;
    h.name = (uint32_t)ward_elf_uint(e, s, 4);
    h.type = (uint32_t)ward_elf_uint(e, s + 4, 4);
    if (e->is64) {
        h.addr = ward_elf_uint(e, s + 16, 8);
        h.off = ward_elf_uint(e, s + 24, 8);
        h.size = ward_elf_uint(e, s + 32, 8);
    } else {
        h.addr = ward_elf_uint(e, s + 12, 4);
        h.off = ward_elf_uint(e, s + 16, 4);
        h.size = ward_elf_uint(e, s + 20, 4);
    }
    return h;
}

#define SHT_NOBITS 8
#define PT_LOAD    1

bool ward_elf_section(const struct ward_elf *e, const char *name, struct ward_span *out)
{
    if (!e->shnum)
        return false;
    struct shdr strtab = sect(e, e->shstrndx);
    if (strtab.type == SHT_NOBITS || !fits(e, strtab.off, strtab.size))
        return false;
    size_t nlen = strlen(name);
    for (unsigned i = 0; i < e->shnum; i++) {
        struct shdr h = sect(e, i);
        if (h.type == SHT_NOBITS || h.name >= strtab.size || strtab.size - h.name < nlen + 1)
            continue;
        const unsigned char *nm = e->p + strtab.off + h.name;
        if (memcmp(nm, name, nlen) != 0 || nm[nlen] != '\0')
            continue;
        if (!fits(e, h.off, h.size))
            return false;
        *out = (struct ward_span){(const char *)e->p + h.off, (size_t)h.size};
        return true;
    }
    return false;
}

bool ward_elf_vaddr(const struct ward_elf *e, uint64_t addr, uint64_t len, struct ward_span *out)
{
    uint64_t end;
    if (__builtin_add_overflow(addr, len, &end))
        return false;
    for (unsigned i = 0; i < e->phnum; i++) {
        const unsigned char *ph = e->p + e->phoff + (uint64_t)i * e->phentsize;
        uint64_t type = ward_elf_uint(e, ph, 4), off, va, filesz;
        if (type != PT_LOAD)
            continue;
        if (e->is64) {
            off = ward_elf_uint(e, ph + 8, 8);
            va = ward_elf_uint(e, ph + 16, 8);
            filesz = ward_elf_uint(e, ph + 32, 8);
        } else {
            off = ward_elf_uint(e, ph + 4, 4);
            va = ward_elf_uint(e, ph + 8, 4);
            filesz = ward_elf_uint(e, ph + 16, 4);
        }
        if (addr < va || end - va > filesz || end < va)
            continue;
        uint64_t foff = off + (addr - va);
        if (foff < off || !fits(e, foff, len))
            return false;
        *out = (struct ward_span){(const char *)e->p + foff, (size_t)len};
        return true;
    }
    for (unsigned i = 0; i < e->shnum; i++) {
        struct shdr h = sect(e, i);
        if (h.type == SHT_NOBITS || h.addr == 0 || addr < h.addr || end - h.addr > h.size)
            continue;
        uint64_t foff = h.off + (addr - h.addr);
        if (foff < h.off || !fits(e, foff, len))
            return false;
        *out = (struct ward_span){(const char *)e->p + foff, (size_t)len};
        return true;
    }
    return false;
}
