/* fixture_index.h: a tiny index for the query-side suites (check_search,
 * check_output, check_cite), written through the shim exactly as
 * schema/silk_schema.h lays it out: no silk-index, no corpus needed. */
#ifndef SILK_FIXTURE_INDEX_H
#define SILK_FIXTURE_INDEX_H

#include "analyzer.h"
#include "gazetteer.h"
#include "silk_xapian.h"

typedef struct fx_passage {
    const char *article;
    int passage;
    const char *title;
    const char *date;     /* year is its first 4 characters */
    const char *source;
    const char *country;  /* value: sorted upper-case codes, "CN LA" */
    const char *ministry; /* value: sorted slugs */
    const char *subject;
    const char *text;
} fx_passage_t;

/* Four articles of two passages each. */
#define NFIXTURE 8
extern const fx_passage_t fixture[NFIXTURE];

/* Write the fixture index into a fresh temporary directory / remove it
 * (a Check unchecked fixture: once per test case). */
void fixture_build(void);
void fixture_remove(void);

/* Per test (a checked fixture): the index open for reading in db, an
 * English analyser in an and a gazetteer in gz. */
extern silk_db_t *db;
extern silk_analyzer_t *an;
extern silk_gazetteer_t *gz;
void open_setup(void);
void open_teardown(void);

/* True if the list value contains item. */
int list_has(const char *list, const char *item);

#endif
