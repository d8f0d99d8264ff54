/* silk_map.h: one string hash map — byte-string keys to pointers, open
 * addressing with linear probing, the hash of each key kept so that growth
 * never rehashes. Keys and values are borrowed: the caller keeps a key's
 * bytes alive (and unchanged) while its entry is in the map, and frees
 * what the values point to. The hash may be continued over pieces
 * (silk_map_hash), so a caller extending a key word by word hashes each
 * byte once (the gazetteer's longest match).
 */
#ifndef SILK_MAP_H
#define SILK_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct silk_map_slot {
    const char *key;   /* NULL: empty */
    size_t len;
    uint64_t hash;
    void *value;
} silk_map_slot_t;

typedef struct silk_map {
    silk_map_slot_t *slot;
    size_t cap, n;     /* cap: 0 or a power of two, at least twice n */
} silk_map_t;

#define SILK_MAP_INIT {NULL, 0, 0}

/* FNV-1a (64 bits), continued over s[0..n): start with
 * SILK_MAP_HASH_INIT; hashing "ab" then "c" equals hashing "abc". */
#define SILK_MAP_HASH_INIT 14695981039346656037u
uint64_t silk_map_hash(uint64_t h, const char *s, size_t n);

/* The value of key[0..n), or NULL if it is absent. The _hashed form takes
 * the key's hash (silk_map_hash from SILK_MAP_HASH_INIT). */
void *silk_map_get(const silk_map_t *m, const char *key, size_t n);
void *silk_map_get_hashed(const silk_map_t *m, const char *key, size_t n,
                          uint64_t h);

/* Set key[0..n) to value (value not NULL), adding the key or replacing its
 * value. Returns 0, or -1 when memory ran out (the map is unchanged). */
int silk_map_put(silk_map_t *m, const char *key, size_t n, void *value);

/* Iterate: start with *pos = 0; each call gives the next entry and true,
 * or false at the end. Order is unspecified; don't put while iterating. */
bool silk_map_next(const silk_map_t *m, size_t *pos, const char **key,
                   void **value);

/* Entries in the map. */
size_t silk_map_count(const silk_map_t *m);

/* Free the map's slots (not the keys or values); it is then empty. */
void silk_map_fini(silk_map_t *m);

#endif /* SILK_MAP_H */
