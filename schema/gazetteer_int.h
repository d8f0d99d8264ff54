/* gazetteer_int.h: the gazetteer's internals shared with the facet
 * extractor (indexer/facets.c) — the entry records and the hash lookup by
 * a key of analyser norms joined with single spaces. Not a public API.
 */
#ifndef SILK_GAZETTEER_INT_H
#define SILK_GAZETTEER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "gazetteer.h"

/* Longest name, in tokens, the extractor tries to match ("United Kingdom
 * of Great Britain and Northern Ireland" is 8; the longest ministry name,
 * "Ministry of Housing and Urban-Rural Development", 7). */
#define SILK_GZ_MAX_TOKENS 10

/* Entry flags. */
#define SILK_GZ_CAP      0x01u  /* first token must start upper-case in text */
#define SILK_GZ_ALLCAPS  0x02u  /* every letter of every token upper-case */
#define SILK_GZ_PERSON   0x04u  /* also a personal name: not after a
                                   capitalised word ("Michael Jordan") */
#define SILK_GZ_SINO     0x08u  /* "Sino": only before a country or hyphen */
#define SILK_GZ_TITLE    0x10u  /* an official's title: may take a
                                   vice/deputy/assistant/under prefix */
#define SILK_GZ_LONGER   0x20u  /* some longer key starts with this one */
#define SILK_GZ_ENTRY    0x40u  /* a key of its own (else only a prefix) */
#define SILK_GZ_BLOCK    0x80u  /* a look-alike: matches, yields nothing */

/* The two vocabularies. */
typedef enum silk_gz_vocab {
    SILK_GZ_COUNTRY,
    SILK_GZ_MINISTRY
} silk_gz_vocab_t;

typedef struct silk_gz_entry {
    const char *text_value;  /* value found in text; NULL = blocked (the
                                name is known and means no value) */
    const char *user_value;  /* value for a user's `country:`/`ministry:`
                                words; NULL = none */
    const char *rule;        /* rule name reported with a text hit */
    unsigned flags;          /* SILK_GZ_* */
} silk_gz_entry_t;

/* FNV-1a, continued over bytes; start with SILK_GZ_HASH_INIT. Keys are
 * hashed byte by byte so the extractor can extend a key token by token. */
#define SILK_GZ_HASH_INIT 2166136261u
uint32_t silk_gazetteer__hash(uint32_t h, const char *s, size_t n);

/* The entry for key[0..n) (norms joined by ' ', hash h as above) in the
 * vocabulary v, or NULL. Borrowed: valid until the gazetteer is freed. */
const silk_gz_entry_t *silk_gazetteer__find(const silk_gazetteer_t *g,
                                            silk_gz_vocab_t v,
                                            const char *key, size_t n,
                                            uint32_t h);

/* Strip an English possessive from a norm ("china's" -> "china",
 * "veterans'" -> "veterans"): the new length. */
size_t silk_gazetteer__strip_possessive(const char *norm, size_t n);

#endif /* SILK_GAZETTEER_INT_H */
