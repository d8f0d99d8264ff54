/* parse.h: silk's query language, parsed into a tree. Never fails on odd
 * input: what cannot be read as syntax is read as words, and the tree (and
 * its printed reading) says how the query was understood.
 */
#ifndef SILK_PARSE_H
#define SILK_PARSE_H

#include <stddef.h>

typedef enum silk_qkind {
    SILK_Q_WORD,    /* text: one word as typed (may analyse to several tokens) */
    SILK_Q_PHRASE,  /* text: the quoted words */
    SILK_Q_AND,     /* kids: all must match */
    SILK_Q_OR,      /* kids: any */
    SILK_Q_NOT,     /* kids[0] AND NOT kids[1]; kids[0] NULL for a lone -x */
    SILK_Q_FILTER,  /* field + text, or field + lo..hi (range) */
    SILK_Q_GROUP    /* kids side by side ("a b -c year:2021"): matches any
                       positive kid (ranked by the tiers of build.h), must
                       match each kid marked required (+x), must not match
                       a lone NOT kid (-x), and is restricted by its FILTER
                       kids (one field ORs, different fields AND) */
} silk_qkind_t;

/* Most words, phrases and filters read from one query. A person types a
 * handful; more is pasted text, and every term costs a posting list. */
#define SILK_QUERY_MAX_TERMS 256
/* Deepest nesting of parentheses honoured; deeper ones are ignored, which
 * keeps the parser's recursion (and the tree's depth) bounded. */
#define SILK_QUERY_MAX_DEPTH 32
/* A query written without a single lower-case letter and with more than
 * this many terms (words, phrases, filters; AND, OR and NOT aside) is
 * pasted text — a request in capitals, a telex — not a search typed with
 * operators: case cannot mark an operator there, so AND, OR and NOT are
 * read as words. Up to this many ("IBM NOT HP") they stay operators. The
 * same boundary between keywords and a sentence as the builder's
 * (SILK_RANK_KEYWORD_MAX_WORDS). */
#define SILK_QUERY_CAPS_OPERATOR_WORDS 4

typedef struct silk_qnode {
    silk_qkind_t kind;
    char *field;   /* WORD/PHRASE: NULL or "title"; FILTER: "year", ... */
    char *text;    /* WORD/PHRASE text; FILTER value (NULL for a range) */
    char *lo, *hi; /* FILTER range ends; NULL = open */
    int is_range;
    int required;  /* typed as +x: must match (inside a GROUP) */
    struct silk_qnode **kids;
    size_t nkids;
} silk_qnode_t;

/* Parse q (any bytes, NUL-terminated). Returns the tree (NULL for a query
 * with nothing to search: empty or only punctuation) and, if notes is not
 * NULL, a malloc'ed one-line remark on what was read differently from the
 * syntax ("unbalanced quote: read to the end", ...) or NULL. The caller
 * frees the tree with silk_qnode_free() and the notes with free(). */
silk_qnode_t *silk_query_parse(const char *q, char **notes);

void silk_qnode_free(silk_qnode_t *n);

/* The field (static storage: "country") that word[0..len), not itself a
 * field, is a typo of ("contry"), or NULL (see silk_nearest_name). */
const char *silk_query_nearest_field(const char *word, size_t len);

/* The tree in canonical query syntax, malloc'ed ("(\"china laos\" AND
 * railway) year:2019..2021"); "" for NULL; NULL only if memory ran out.
 * Parsing the result gives the same tree. */
char *silk_qnode_format(const silk_qnode_t *n);

#endif /* SILK_PARSE_H */
