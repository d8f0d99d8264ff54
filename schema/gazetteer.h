/* gazetteer.h: silk's facet vocabularies — country names and aliases to
 * ISO 3166-1 alpha-2 codes (Debian's iso-codes plus the project's alias
 * table), and ministry names, acronyms and officials' titles to canonical
 * slugs. Shared by the indexer (extraction) and the query side (resolving
 * `country:Laos`, `ministry:MOFCOM`), so both read names the same way.
 */
#ifndef SILK_GAZETTEER_H
#define SILK_GAZETTEER_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer.h"
#include "silk_status.h"

typedef struct silk_gazetteer silk_gazetteer_t;

/* Set up the gazetteer (each name table is built on its first lookup).
 * Names are keyed by the analyser's norms, so pass the analyser the index
 * uses (borrowed: it must outlive the gazetteer and is used only by this
 * thread). Returns NULL only if memory ran out (or a is NULL). */
silk_gazetteer_t *silk_gazetteer_new(silk_analyzer_t *a);
void silk_gazetteer_free(silk_gazetteer_t *g);

/* SILK_NO_MEMORY once building a name table on first use ran out of
 * memory (that table then answers "unknown" to every lookup, so what was
 * looked up since is wrong: an indexer must fail the run); else SILK_OK.
 * Sticky. */
silk_status_t silk_gazetteer_status(const silk_gazetteer_t *g);

/* What a user typed after `country:` ("Laos", "la", "LAO", "United
 * States", "U.S.", "Lao People's Democratic Republic") -> upper-case
 * alpha-2 code ("LA"), or NULL if it names no country. Static storage. */
const char *silk_gazetteer_country_code(silk_gazetteer_t *g, const char *name);

/* Alpha-2 code (either case) -> display name ("Laos"); NULL if unknown. */
const char *silk_gazetteer_country_name(const silk_gazetteer_t *g,
                                        const char *code);

/* What a user typed after `ministry:` ("commerce", "Ministry of Commerce",
 * "Commerce Ministry", "MOFCOM") -> canonical slug ("commerce"), or NULL.
 * Static storage. */
const char *silk_gazetteer_ministry_slug(silk_gazetteer_t *g, const char *name);

/* Canonical slug -> display name ("Ministry of Commerce"); NULL if
 * unknown. */
const char *silk_gazetteer_ministry_name(const silk_gazetteer_t *g,
                                         const char *slug);

/* A dateline place ("SALVADOR", "New York", "ROCHESTER, N.Y.", "Bonn,
 * West Germany") -> upper-case alpha-2 of the country it is in, or NULL.
 * Knows big news cities, US state and Canadian province abbreviations
 * and names, and every country name; the last comma-separated part that
 * resolves wins ("PARIS, Texas" -> US). Static storage. */
const char *silk_gazetteer_place_country(silk_gazetteer_t *g,
                                         const char *place, size_t len);

/* ---- names in a token stream: the longest match ---- */

/* The two vocabularies names are matched in. */
typedef enum silk_gz_vocab {
    SILK_GZ_COUNTRY,
    SILK_GZ_MINISTRY
} silk_gz_vocab_t;

/* What a match may be besides a plain name, for the caller's own rules
 * (silk_gz_match_t.flags). */
#define SILK_GZ_PERSON   0x04u  /* also a personal name: not after a
                                   capitalised word ("Michael Jordan") */
#define SILK_GZ_SINO     0x08u  /* "Sino": only before a country or hyphen */
#define SILK_GZ_TITLE    0x10u  /* an official's title: may take a
                                   vice/deputy/assistant/under prefix */

/* A passage's tokens as the matcher reads them: fed from the analyser's
 * token stream (silk_analyzer_run's callback), over the raw text, which
 * the case rules consult. One per thread; reused from passage to passage
 * with begin. */
typedef struct silk_gz_stream silk_gz_stream_t;

/* A token of a stream. norm (possessive stripped, not NUL-terminated) is
 * borrowed until the next add or begin. */
typedef struct silk_gz_token {
    size_t start, end;    /* byte span in the text */
    const char *norm;
    size_t len;
    unsigned flags;       /* SILK_TOKEN_* of the analyser */
} silk_gz_token_t;

/* A new empty stream into *out: SILK_OK or SILK_NO_MEMORY (*out NULL).
 * Free with silk_gz_stream_free (NULL is a no-op). */
silk_status_t silk_gz_stream_new(silk_gz_stream_t **out);
void silk_gz_stream_free(silk_gz_stream_t *s);

/* Start a passage: text[0..len) (borrowed until the next begin), no
 * tokens, no error. */
void silk_gz_stream_begin(silk_gz_stream_t *s, const char *text, size_t len);

/* Append the analyser's token tok (CJK tokens are not names: skipped).
 * 0, or -1 when memory ran out: the token is lost and the stream's status
 * says SILK_NO_MEMORY until the next begin. */
int silk_gz_stream_add(silk_gz_stream_t *s, const silk_token_t *tok);

/* SILK_NO_MEMORY if an add failed since begin (the matches are then
 * incomplete), else SILK_OK. */
silk_status_t silk_gz_stream_status(const silk_gz_stream_t *s);

/* Tokens in the stream, and token i (< count). */
size_t silk_gz_stream_count(const silk_gz_stream_t *s);
silk_gz_token_t silk_gz_stream_token(const silk_gz_stream_t *s, size_t i);

/* Are tokens i and i + 1 close enough to be one name (at most
 * SILK_GZ_MAX_GAP bytes apart: "Korea, Republic", "St. Lucia")? */
#define SILK_GZ_MAX_GAP 3
bool silk_gz_stream_adjacent(const silk_gz_stream_t *s, size_t i);

/* The case rules' tests on the raw text: token i starts with a capital
 * (or a non-ASCII letter, accepted: it is not cheaply case-tested); every
 * ASCII letter of token i is upper-case. */
bool silk_gz_stream_starts_upper(const silk_gz_stream_t *s, size_t i);
bool silk_gz_stream_all_upper(const silk_gz_stream_t *s, size_t i);

/* The longest name of vocabulary v starting at token i, over adjacent
 * tokens, that passes its case rules (a capital where the name needs one,
 * all capitals for an acronym). */
typedef struct silk_gz_match {
    const char *value;    /* what it yields (static storage); NULL for a
                             blocked look-alike, which matches to consume
                             its tokens and yields nothing */
    const char *rule;     /* static: "iso-name", "alias", "acronym", ... */
    unsigned flags;       /* SILK_GZ_PERSON, SILK_GZ_SINO, SILK_GZ_TITLE */
    size_t last;          /* its last token */
} silk_gz_match_t;

/* True and *out filled if a name starts at token i; false if none does
 * (or its table could not be built: see silk_gazetteer_status). */
bool silk_gazetteer_longest(const silk_gazetteer_t *g, silk_gz_vocab_t v,
                            const silk_gz_stream_t *s, size_t i,
                            silk_gz_match_t *out);

#endif /* SILK_GAZETTEER_H */
