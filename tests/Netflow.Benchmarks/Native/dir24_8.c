/*
 * DIR-24-8 (Gupta, Lin and McKeown, "Routing lookups in hardware at memory access speeds", 1998) laid out as DPDK's
 * rte_lpm: 2^24 four-byte entries indexed by the top 24 bits of the address, and 256-entry groups for the addresses
 * of /25 to /32 routes. The benchmarks' native baseline, built by the project with gcc -O3 and called in batches.
 *
 * An entry is 0 (no route), value + 1, or GROUP | group number. Routes must be added in order of length, shortest
 * first, so that a longer route simply overwrites what it covers.
 */
#include <stdint.h>
#include <stdlib.h>

#define GROUP 0x80000000u
#define GROUP_SIZE 256u

typedef struct {
    uint32_t *tbl24;
    uint32_t *tbl8;
    uint32_t groups;
    uint32_t capacity;
} dir24_8;

dir24_8 *dir24_8_create(void) {
    dir24_8 *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->tbl24 = calloc(1u << 24, sizeof(uint32_t));
    if (!t->tbl24) { free(t); return NULL; }
    return t;
}

void dir24_8_free(dir24_8 *t) {
    if (!t) return;
    free(t->tbl24);
    free(t->tbl8);
    free(t);
}

/* 0 on success, -1 when out of memory. */
int dir24_8_add(dir24_8 *t, uint32_t prefix, int length, int32_t value) {
    uint32_t entry = (uint32_t)value + 1;
    uint32_t mask = length == 0 ? 0 : 0xFFFFFFFFu << (32 - length);
    prefix &= mask;
    if (length <= 24) {
        uint32_t first = prefix >> 8, count = 1u << (24 - length);
        for (uint32_t i = 0; i < count; i++) t->tbl24[first + i] = entry;
        return 0;
    }
    uint32_t *slot = &t->tbl24[prefix >> 8];
    if (!(*slot & GROUP)) {
        if (t->groups == t->capacity) {
            uint32_t capacity = t->capacity ? 2 * t->capacity : 256;
            uint32_t *grown = realloc(t->tbl8, (size_t)capacity * GROUP_SIZE * sizeof(uint32_t));
            if (!grown) return -1;
            t->tbl8 = grown;
            t->capacity = capacity;
        }
        uint32_t *group = &t->tbl8[(size_t)t->groups * GROUP_SIZE];
        for (uint32_t i = 0; i < GROUP_SIZE; i++) group[i] = *slot;
        *slot = GROUP | t->groups++;
    }
    uint32_t *group = &t->tbl8[(size_t)(*slot & ~GROUP) * GROUP_SIZE];
    uint32_t first = prefix & 0xFF, count = 1u << (32 - length);
    for (uint32_t i = 0; i < count; i++) group[first + i] = entry;
    return 0;
}

/* The bytes the tables take (allocated tbl8 capacity included). */
int64_t dir24_8_size(const dir24_8 *t) {
    return ((int64_t)1 << 24) * 4 + (int64_t)t->capacity * GROUP_SIZE * 4;
}

static inline int32_t lookup(const dir24_8 *t, uint32_t address) {
    uint32_t entry = t->tbl24[address >> 8];
    if (entry & GROUP) entry = t->tbl8[((entry & ~GROUP) << 8) | (address & 0xFF)];
    return (int32_t)entry - 1;
}

void dir24_8_lookup_bulk(const dir24_8 *t, const uint32_t *addresses, int32_t *results, int count) {
    for (int i = 0; i < count; i++) results[i] = lookup(t, addresses[i]);
}

/* A dependent chain: each address is flipped by the low bit of the previous answer. Returns the sum of answers. */
int64_t dir24_8_lookup_chain(const dir24_8 *t, const uint32_t *addresses, int count) {
    int64_t sum = 0;
    uint32_t carry = 0;
    for (int i = 0; i < count; i++) {
        int32_t result = lookup(t, addresses[i] ^ carry);
        sum += result;
        carry = (uint32_t)result & 1;
    }
    return sum;
}
