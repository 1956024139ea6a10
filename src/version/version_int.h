/* version_int.h - private to src/version: the per-scheme comparators (on
 * byte spans, never failing once ward_version_check accepted both sides) and
 * small helpers shared by them. */
#ifndef WARD_VERSION_VERSION_INT_H
#define WARD_VERSION_VERSION_INT_H

#include "version/version.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

static inline bool vdigit(int c)
{
    return c >= '0' && c <= '9';
}
static inline bool vlower(int c)
{
    return c >= 'a' && c <= 'z';
}
static inline bool valpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline bool valnum(int c)
{
    return vdigit(c) || valpha(c);
}
static inline int vtolower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}
static inline int vsign(int x)
{
    return (x > 0) - (x < 0);
}

/* Compare two runs of decimal digits of any length by value. */
int ward_version__num_cmp(const char *a, size_t an, const char *b, size_t bn);
/* Bytewise compare (memcmp order, a proper prefix sorts first): -1/0/1. */
int ward_version__str_cmp(const char *a, size_t an, const char *b, size_t bn);
/* Same, ASCII letters folded to lower case. */
int ward_version__str_casecmp(const char *a, size_t an, const char *b, size_t bn);
/* True when s is non-empty and all ASCII digits. */
bool ward_version__all_digits(const char *s, size_t n);

/* Comparators: return -1, 0 or 1. */
int ward_version__dpkg(const char *a, size_t an, const char *b, size_t bn);
bool ward_version__dpkg_valid(const char *s, size_t n);
int ward_version__rpm(const char *a, size_t an, const char *b, size_t bn);
int ward_version__rpmvercmp(const char *a, size_t an, const char *b, size_t bn);
int ward_version__apk(const char *a, size_t an, const char *b, size_t bn);
int ward_version__pep440(const char *a, size_t an, const char *b, size_t bn);
int ward_version__maven(const char *a, size_t an, const char *b, size_t bn);
int ward_version__rubygems(const char *a, size_t an, const char *b, size_t bn);
int ward_version__packagist(const char *a, size_t an, const char *b, size_t bn);
/* SemVer family; see semver.c for what each flavour changes. */
int ward_version__semver(enum ward_version_scheme s, const char *a, size_t an, const char *b,
                         size_t bn);
bool ward_version__semver_valid(enum ward_version_scheme s, const char *v, size_t n);

#endif
