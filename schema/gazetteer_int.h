/* gazetteer_int.h: the gazetteer's internals shared by its own files —
 * gazetteer_tables.c (the data), gazetteer.c (the hash tables built from
 * it) and gazetteer_match.c (the longest match over a token stream). Not
 * for other modules: they use gazetteer.h.
 */
#ifndef SILK_GAZETTEER_INT_H
#define SILK_GAZETTEER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "gazetteer.h"

/* Longest name, in tokens, the matcher tries ("United Kingdom of Great
 * Britain and Northern Ireland" is 8; the longest ministry name, "Ministry
 * of Housing and Urban-Rural Development", 7). */
#define SILK_GZ_MAX_TOKENS 10

/* Entry flags besides the match flags of gazetteer.h (SILK_GZ_PERSON,
 * SILK_GZ_SINO, SILK_GZ_TITLE). */
#define SILK_GZ_CAP      0x01u  /* first token must start upper-case in text */
#define SILK_GZ_ALLCAPS  0x02u  /* every letter of every token upper-case */
#define SILK_GZ_LONGER   0x20u  /* some longer key starts with this one */
#define SILK_GZ_ENTRY    0x40u  /* a key of its own (else only a prefix) */
#define SILK_GZ_BLOCK    0x80u  /* a look-alike: matches, yields nothing */
/* In the tables only: extraction never yields it; a user's `country:`
 * still resolves it. */
#define SILK_GZ_USER_ONLY 0x100u

typedef struct silk_gz_entry {
    const char *text_value;  /* value found in text; NULL = blocked (the
                                name is known and means no value) */
    const char *user_value;  /* value for a user's `country:`/`ministry:`
                                words; NULL = none */
    const char *rule;        /* rule name reported with a text hit */
    unsigned flags;          /* SILK_GZ_* */
} silk_gz_entry_t;

/* The entry for key[0..n) (norms joined by ' ', hash h =
 * silk_map_hash(SILK_MAP_HASH_INIT, key, n)) in the vocabulary v, or NULL.
 * Borrowed: valid until the gazetteer is freed. */
const silk_gz_entry_t *silk_gazetteer__find(const silk_gazetteer_t *g,
                                            silk_gz_vocab_t v,
                                            const char *key, size_t n,
                                            uint64_t h);

/* Strip an English possessive from a norm ("china's" -> "china",
 * "veterans'" -> "veterans"): the new length. */
size_t silk_gazetteer__strip_possessive(const char *norm, size_t n);

/* ---- the data (gazetteer_tables.c) ---- */

typedef struct silk_gz_iso_row {      /* ISO 3166-1, from iso-codes */
    const char *a2, *a3, *name, *official, *common;  /* "" when absent */
} silk_gz_iso_row_t;

typedef struct silk_gz_name_row {     /* a hand-written name */
    const char *name;
    const char *value;                /* NULL: a blocked look-alike */
    const char *rule;
    unsigned flags;                   /* SILK_GZ_* */
} silk_gz_name_row_t;

typedef struct silk_gz_display_row { const char *a2, *name; } silk_gz_display_row_t;
typedef struct silk_gz_place_row { const char *name, *a2; } silk_gz_place_row_t;
typedef struct silk_gz_ministry_row { const char *slug, *name; } silk_gz_ministry_row_t;
typedef struct silk_gz_portfolio_row { const char *phrase, *slug; } silk_gz_portfolio_row_t;
typedef struct silk_gz_form_row {     /* "ministry of %s" and its kind */
    const char *fmt, *rule;
    unsigned flags;
} silk_gz_form_row_t;

extern const silk_gz_iso_row_t silk_gazetteer__iso_rows[];
extern const size_t silk_gazetteer__n_iso_rows;
extern const silk_gz_name_row_t silk_gazetteer__country_aliases[];
extern const size_t silk_gazetteer__n_country_aliases;
extern const silk_gz_display_row_t silk_gazetteer__display_overrides[];
extern const size_t silk_gazetteer__n_display_overrides;
extern const silk_gz_place_row_t silk_gazetteer__places[];
extern const size_t silk_gazetteer__n_places;
extern const silk_gz_ministry_row_t silk_gazetteer__ministries[];
extern const size_t silk_gazetteer__n_ministries;
extern const silk_gz_portfolio_row_t silk_gazetteer__portfolios[];
extern const size_t silk_gazetteer__n_portfolios;
extern const silk_gz_form_row_t silk_gazetteer__ministry_forms[];
extern const size_t silk_gazetteer__n_ministry_forms;
extern const silk_gz_name_row_t silk_gazetteer__ministry_names[];
extern const size_t silk_gazetteer__n_ministry_names;

#endif /* SILK_GAZETTEER_INT_H */
