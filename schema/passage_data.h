/* passage_data.h: the one encoder and decoder of a passage's document
 * data — the binary record silk-index stores with every passage and every
 * reader (search hits, citations, --article) reads back: what a hit
 * prints, its displayed facets included, so that a page of hits reads no
 * value slot. The bytes are in docs/index-format.md ("Document data").
 */
#ifndef SILK_PASSAGE_DATA_H
#define SILK_PASSAGE_DATA_H

#include <stdbool.h>
#include <stddef.h>

/* The first byte of a record: the format's version (schema 4). A record
 * of schema 3 or older was JSON text, whose first byte is '{'. */
#define SILK_PASSAGE_DATA_VERSION 4

/* A passage's data. Encoding reads the strings (the caller's); decoding
 * points them into the decoded object, each NUL-terminated, valid until
 * silk_passage_data_clear(). A string that is absent decodes as "", a
 * number as -1.
 *
 * The article's fields (title ... extra) are stored on its passage 0
 * only: encoding ignores them on any other passage, and decoding another
 * passage gives them as "" (extra NULL) with has_article false — its
 * reader looks them up on passage 0 (query/cite.h). */
typedef struct silk_passage_data {
    /* The passage's own. */
    const char *article;   /* the article id */
    long passage;          /* the passage number, from 0 */
    long start, end;       /* its byte span ... */
    const char *span;      /* ... in what: "file", "text" or "title" (the
                              passage is the article's title: its start and
                              end are 0) */
    const char *text;      /* the passage */
    size_t text_len;
    const char *country;   /* the countries it mentions, as value slot 3
                              holds them: "CN LA" ("" for none) */
    const char *ministry;  /* its ministries, as slot 4: "commerce" */
    /* The article's: passage 0 only. */
    bool has_article;      /* decode: the record held them (passage 0) */
    const char *title, *date, *source, *url;
    const char *path;      /* its file as recorded (escaped where the name
                              was not UTF-8) */
    const char *subject;   /* its subject countries, as slot 6 */
    const char *category;  /* its category as slot 9 holds it, "" for none */
    const char *extra;     /* JSON object text of the article's other
                              fields; encode: NULL or not an object is
                              stored as "{}"; decode: "{}" or the object
                              (NULL when !has_article) */
    void *mem_;            /* decode: the strings (private) */
} silk_passage_data_t;

/* The stored bytes of d: a malloc'ed record in *out, *len bytes (the
 * caller frees it). Returns 0, or -1 if memory ran out, a string is not
 * valid UTF-8 or a number is negative (*out = NULL). */
int silk_passage_data_encode(const silk_passage_data_t *d, char **out,
                             size_t *len);

/* Decode data[0..len) into *d (which the caller clears with
 * silk_passage_data_clear). Bytes that are not a whole record of this
 * format (no data, another version, a foreign database, a record cut
 * short, a length past its end, a string that is not UTF-8, bytes left
 * over) decode as empty — every string "", numbers -1, span "text",
 * has_article false — without reading outside data[0..len). Returns 0,
 * or -1 if memory ran out (*d then empty too). */
int silk_passage_data_decode(silk_passage_data_t *d, const char *data,
                             size_t len);

/* The article's other fields in decoded d, as compact JSON object text
 * (malloc'ed): "{}" on a passage that has none. NULL if memory ran out. */
char *silk_passage_data_extra(const silk_passage_data_t *d);

/* Release what decoding d holds and empty it; an empty d is a no-op. */
void silk_passage_data_clear(silk_passage_data_t *d);

#endif /* SILK_PASSAGE_DATA_H */
