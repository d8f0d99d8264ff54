/* fields.h: the field table — every field silk indexes, filters on, counts
 * or prints, one row each: its name as typed, its term prefix and value
 * slot (schema/silk_schema.h), what it is (flags), how a typed value is
 * resolved to the stored one, how a stored value becomes its term and how
 * it is printed. The document builder (indexer/document.c), the query
 * parser's field names, the builder's filters, facet counting and both
 * output formats iterate it, so that a new field is one row here plus its
 * extractor in document.c. notmuch's lib/prefix.cc is the model.
 *
 * The table is data only: resolving a country or a ministry needs the
 * gazetteer, and naming one too, so the table says which resolver and
 * which display a field uses and query/ applies them.
 */
#ifndef SILK_FIELDS_H
#define SILK_FIELDS_H

#include <stddef.h>

/* The fields, by id. The facets come first, in the order silk-query
 * prints them: a facet's id is its bit in a --facets mask
 * (1u << SILK_FIELD_*) and its index in the results' counts. */
typedef enum silk_field_id {
    SILK_FIELD_YEAR,
    SILK_FIELD_COUNTRY,
    SILK_FIELD_MINISTRY,
    SILK_FIELD_SOURCE,
    SILK_FIELD_SUBJECT,
    SILK_FIELD_MONTH,      /* the date's "YYYY-MM": a facet, not a filter */
    SILK_FIELD_CATEGORY,
    SILK_FIELD_NFACETS_,   /* facets above this line, the rest below */
    SILK_FIELD_TITLE = SILK_FIELD_NFACETS_, /* words, not a filter */
    SILK_FIELD_DATE,
    SILK_FIELD_COUNT_
} silk_field_id_t;

/* What a field is. */
enum silk_field_flag {
    SILK_FIELD_QUERY   = 1u << 0, /* typed as name:value in a query */
    SILK_FIELD_TEXT    = 1u << 1, /* name:word searches words (title) */
    SILK_FIELD_RANGE   = 1u << 2, /* name:a..b is a range on its slot */
    SILK_FIELD_FACET   = 1u << 3, /* counted by --facets (and in "all") */
    SILK_FIELD_LIST    = 1u << 4, /* several values a passage, stored
                                     sorted, SILK_LIST_SEP-joined */
    SILK_FIELD_ARTICLE = 1u << 5, /* the article's: the same on each of
                                     its passages */
    SILK_FIELD_DERIVED = 1u << 6, /* a view of another field's slot (the
                                     month of the date): never written */
    SILK_FIELD_HIT_TEXT = 1u << 7,/* printed on a hit's facet line in
                                     silk-query's text output */
    SILK_FIELD_BY_VALUE = 1u << 8 /* its counts in value order (a
                                     histogram), not by count */
};

/* How a stored value becomes the value of its term (prefix + it): the
 * indexer writes it and the query builder looks for it, both through
 * silk_field_term(). */
typedef enum silk_term_kind {
    SILK_TERM_VALUE,  /* as stored: "2021" */
    SILK_TERM_LOWER,  /* ASCII lower case: "CN" -> "cn" */
    SILK_TERM_SLUG,   /* silk_slug(): "China Trade News" -> "china-trade-news" */
    SILK_TERM_DAY     /* "2021-03-02" -> "20210302"; a year or a month
                         date has none */
} silk_term_kind_t;

/* How a value typed after name: becomes the stored value (query/build.c
 * applies it). */
typedef enum silk_resolve {
    SILK_RESOLVE_TYPED,    /* as typed (the term kind slugs it) */
    SILK_RESOLVE_YEAR,     /* digits, zero-padded to 4: "21" -> "0021" */
    SILK_RESOLVE_DATE,     /* a period, checked: always a range on the slot */
    SILK_RESOLVE_COUNTRY,  /* a name, alias or code -> ISO alpha-2 (gazetteer) */
    SILK_RESOLVE_MINISTRY  /* a name or slug -> the canonical slug (gazetteer) */
} silk_resolve_t;

/* How a stored value is printed (query/output.c applies it). */
typedef enum silk_display {
    SILK_DISPLAY_VALUE,    /* as stored */
    SILK_DISPLAY_COUNTRY,  /* "LA" -> "Laos" */
    SILK_DISPLAY_MINISTRY  /* "commerce" -> "Ministry of Commerce" */
} silk_display_t;

typedef struct silk_field {
    const char *name;        /* as typed (any case) and printed: "country" */
    const char *prefix;      /* boolean-term prefix ("XC"); NULL: no term */
    int slot;                /* value slot (enum silk_slot); -1: none */
    unsigned flags;          /* enum silk_field_flag */
    silk_term_kind_t term;
    silk_resolve_t resolve;
    silk_display_t display;
    unsigned facet_len;      /* counts by the value's first N bytes, values
                                shorter left out (month: 7); 0: whole */
    const char *json;        /* key in a hit's JSON "facets" object (a
                                list); NULL: not there */
    const char *miss;        /* why a typed value that resolves to nothing
                                matches nothing: "names no country" */
} silk_field_t;

/* The table, indexed by silk_field_id_t. */
extern const silk_field_t silk_fields[SILK_FIELD_COUNT_];

/* The mask of the facets (1u << id for each field with SILK_FIELD_FACET):
 * --facets all. */
#define SILK_FIELD_FACETS_ALL ((1u << SILK_FIELD_NFACETS_) - 1u)

/* The id of the field named name[0..len) (ASCII case ignored) that has
 * every flag in flags, or -1. */
int silk_field_lookup(const char *name, size_t len, unsigned flags);

/* The name of a field with every flag in flags that name[0..len) (not
 * itself one) is a typo of, or NULL (schema/nearest.h's rule). Static. */
const char *silk_field_nearest(const char *name, size_t len, unsigned flags);

/* Write the term of stored value value[0..len) of field f — f's prefix
 * and the value as f's term kind makes it — NUL-terminated into
 * out[0..cap). Returns its length, or 0 when there is none (no prefix, an
 * empty slug, a date that is not a day, longer than cap - 1). */
size_t silk_field_term(const silk_field_t *f, const char *value, size_t len,
                       char *out, size_t cap);

#endif /* SILK_FIELDS_H */
