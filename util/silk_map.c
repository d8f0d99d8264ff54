/* silk_map.c: the string hash map (silk_map.h). */
#include "silk_map.h"

#include <stdlib.h>
#include <string.h>

/* First size of a map's slot array: a table of ids or names is rarely
 * smaller. */
#define MAP_FIRST_CAP 64

uint64_t silk_map_hash(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

/* The slot of key in slots[0..cap): its own, or the empty one where it
 * goes. cap is a power of two and some slot is empty. */
static silk_map_slot_t *probe(silk_map_slot_t *slots, size_t cap,
                              const char *key, size_t n, uint64_t h)
{
    size_t mask = cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        silk_map_slot_t *s = &slots[i];
        if (!s->key || (s->hash == h && s->len == n &&
                        memcmp(s->key, key, n) == 0))
            return s;
    }
}

void *silk_map_get_hashed(const silk_map_t *m, const char *key, size_t n,
                          uint64_t h)
{
    if (m->cap == 0)
        return NULL;
    return probe(m->slot, m->cap, key, n, h)->value;
}

void *silk_map_get(const silk_map_t *m, const char *key, size_t n)
{
    return silk_map_get_hashed(m, key, n, silk_map_hash(SILK_MAP_HASH_INIT, key, n));
}

/* Double the slot array; -1 if memory ran out (m unchanged). */
static int grow(silk_map_t *m)
{
    size_t cap = m->cap ? m->cap * 2 : MAP_FIRST_CAP;
    if (cap < m->cap)
        return -1;
    silk_map_slot_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        const silk_map_slot_t *s = &m->slot[i];
        if (s->key)
            *probe(slots, cap, s->key, s->len, s->hash) = *s;
    }
    free(m->slot);
    m->slot = slots;
    m->cap = cap;
    return 0;
}

int silk_map_put(silk_map_t *m, const char *key, size_t n, void *value)
{
    uint64_t h = silk_map_hash(SILK_MAP_HASH_INIT, key, n);
    if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
        return -1;
    silk_map_slot_t *s = probe(m->slot, m->cap, key, n, h);
    if (!s->key) {
        s->key = key;
        s->len = n;
        s->hash = h;
        m->n++;
    }
    s->value = value;
    return 0;
}

bool silk_map_next(const silk_map_t *m, size_t *pos, const char **key,
                   void **value)
{
    for (; *pos < m->cap; ++*pos) {
        const silk_map_slot_t *s = &m->slot[*pos];
        if (s->key) {
            if (key)
                *key = s->key;
            if (value)
                *value = s->value;
            ++*pos;
            return true;
        }
    }
    return false;
}

size_t silk_map_count(const silk_map_t *m)
{
    return m->n;
}

void silk_map_fini(silk_map_t *m)
{
    free(m->slot);
    m->slot = NULL;
    m->cap = m->n = 0;
}
