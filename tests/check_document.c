/* check_document.c: Check suite for the passage-document builder
 * (indexer/document.h): an article's passages, written to a temporary
 * index, carry the terms, values and data that docs/index-format.md
 * promises — inspected through the shim as silk-query would see them. */
#define _XOPEN_SOURCE 700
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "document.h"
#include "passage_data.h"
#include "silk_dedup.h"
#include "silk_schema.h"
#include "silk_xapian.h"

/* The article every core test indexes: two paragraphs long enough to stay
 * passages of their own. */
static const char body[] =
    "The China-Laos Railway carried more freight this year than in any "
    "year before, officials in Vientiane said, as trains ran to Laos daily.\n"
    "\n"
    "The Ministry of Commerce said trade along the line kept growing, and "
    "exporters in both countries expect the railway to cut their costs.\n";

static const silk_article_t article = {
    .id = "art-1",
    .title = "Railway freight grows",
    .body = body,
    .body_len = sizeof body - 1,
    .date = "2021-12-03",
    .source = "China Trade News",
    .url = "https://example.org/a1",
    .path = "/corpus/a1.txt",
    .extra = "{\"topics\":[\"rail\"],\"category\":\"Transport\"}",
    .line = 0,
};

static char dir[] = "/tmp/check_document.XXXXXX";
static silk_db_t *db;
static size_t npassages;

/* Remove the temporary index directory (flat: Xapian's files only). */
static void remove_dir(const char *d)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    ck_assert_int_eq(system(cmd), 0);
}

/* Fixture: build the article's documents and write them to a new index. */
static void setup(void)
{
    silk_docmaker_t *m = silk_docmaker_new("english");
    silk_article_docs_t docs = {0};

    strcpy(dir, "/tmp/check_document.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(silk_docmaker_build(m, &article, &docs, NULL, NULL), 0);
    ck_assert_int_eq(silk_db_open_write(&db, dir, 1, 0), SILK_OK);
    for (size_t i = 0; i < docs.n; i++)
        ck_assert_int_eq(silk_db_add_doc(db, docs.docs[i], NULL), SILK_OK);
    ck_assert_int_eq(silk_db_commit(db), SILK_OK);
    npassages = docs.n;
    silk_article_docs_clear(&docs);
    silk_docmaker_free(m);
}

static void teardown(void)
{
    silk_db_free(db);
    db = NULL;
    remove_dir(dir);
}

/* Number of passages a term indexes; -1 means "every passage". */
typedef struct term_case {
    const char *term;
    long passages;
} term_case_t;

static const term_case_t term_cases[] = {
    {"railway", -1},                /* body stem, in both paragraphs */
    {"train", 1},                   /* "trains", first paragraph only */
    {"freight", 1},
    {"Srailway", -1},               /* title stems on every passage */
    {"Sfreight", -1},
    {"Sgrow", -1},
    {"Qart-1#0", 1},                /* unique passage ids */
    {"Qart-1#1", 1},
    {"XAart-1", -1},                /* the article term */
    {"Y2021", -1},                  /* year and day of the date */
    {"D20211203", -1},
    {"XSchina-trade-news", -1},     /* source slug */
    {"XCla", 1},                    /* Laos, named in the first passage */
    {"XMcommerce", 1},              /* the ministry, in the second */
    {"XKla", -1},                   /* subject (named in the lead), on all */
    {"Xrailway", 0},                /* nothing unprefixed leaks a prefix */
    {"grow", -1},                   /* "growing" in the second; the title's
                                       "grows" is text of the first */
};

START_TEST(test_terms)
{
    const term_case_t *c = &term_cases[_i];
    unsigned long tf = 99;
    unsigned long want = c->passages < 0 ? npassages
                                         : (unsigned long)c->passages;

    ck_assert_uint_eq(npassages, 2);
    ck_assert_int_eq(silk_db_termfreq(db, c->term, &tf), SILK_OK);
    ck_assert_msg(tf == want, "%s: %lu passages, want %lu", c->term, tf,
                  want);
}
END_TEST

/* Values of passage 1 (docid 1: the first paragraph). */
typedef struct value_case {
    unsigned slot;
    const char *value;
} value_case_t;

static const value_case_t value_cases[] = {
    {SILK_SLOT_YEAR, "2021"},
    {SILK_SLOT_DATE, "2021-12-03"},
    {SILK_SLOT_ARTICLE, "art-1"},
    {SILK_SLOT_SOURCE, "China Trade News"},
};

/* Search for the passage indexed by uid and return its mset (1 hit). */
static silk_mset_t *fetch(const char *uid)
{
    silk_query_t *q = NULL;
    silk_mset_t *ms = NULL;
    silk_search_opts_t o;

    silk_search_opts_init(&o);
    ck_assert_int_eq(silk_query_term(&q, uid, strlen(uid), 1, 0), SILK_OK);
    ck_assert_int_eq(silk_db_search(db, q, &o, &ms), SILK_OK);
    silk_query_free(q);
    ck_assert_uint_eq(silk_mset_size(ms), 1);
    return ms;
}

START_TEST(test_values)
{
    const value_case_t *c = &value_cases[_i];
    silk_mset_t *ms = fetch("Qart-1#0");
    size_t len;
    const char *v = silk_mset_value(ms, 0, c->slot, &len);

    ck_assert_str_eq(v, c->value);
    silk_mset_free(ms);
}
END_TEST

START_TEST(test_country_list_value)
{
    silk_mset_t *ms = fetch("Qart-1#0");
    size_t len;
    const char *v = silk_mset_value(ms, 0, SILK_SLOT_COUNTRY, &len);

    /* Sorted, unique, upper case, joined by SILK_LIST_SEP; Laos is there
     * (China may be too: the compound names both). */
    ck_assert_ptr_nonnull(strstr(v, "LA"));
    for (size_t i = 0; i + 1 < len; i++)
        ck_assert(v[i] == SILK_LIST_SEP || (v[i] >= 'A' && v[i] <= 'Z'));
    silk_mset_free(ms);
}
END_TEST

/* The duplicate values (silk_dedup.h): each passage's fingerprint is that
 * of its title and text; the article, under 52 words, has no signature. */
START_TEST(test_dedup_values)
{
    static const char *const uids[] = { "Qart-1#0", "Qart-1#1" };
    char key[2][SILK_TEXTKEY_LEN + 1];

    for (int p = 0; p < 2; p++) {
        silk_mset_t *ms = fetch(uids[p]);
        size_t len;
        silk_passage_data_t o;
        const char *data = silk_mset_data(ms, 0, &len);
        ck_assert_int_eq(silk_passage_data_decode(&o, data, len), 0);
        const char *text = o.text;
        char want[SILK_TEXTKEY_LEN + 1];
        ck_assert_int_eq(silk_textkey(want, article.title, strlen(article.title),
                                      text, strlen(text)), 0);
        ck_assert_str_eq(silk_mset_value(ms, 0, SILK_SLOT_TEXTKEY, &len), want);
        strcpy(key[p], want);
        ck_assert_str_eq(silk_mset_value(ms, 0, SILK_SLOT_NEARDUP, &len), "");
        silk_passage_data_clear(&o);
        silk_mset_free(ms);
    }
    ck_assert_str_ne(key[0], key[1]);
}
END_TEST

/* A long article gets one signature, the same on each of its passages,
 * and it is similar to itself. */
START_TEST(test_signature_value)
{
    static const char para[] =
        "Exporters in both countries said the new line cut their costs by a "
        "fifth in its first year, and freight trains now run daily between "
        "Kunming and Vientiane, carrying rubber, rice and machinery. ";
    char body_long[2048] = "";
    silk_docmaker_t *m = silk_docmaker_new("english");
    silk_article_docs_t docs = {0};
    silk_article_t a = article;
    silk_db_t *w;
    char d2[] = "/tmp/check_document.XXXXXX";

    for (int i = 0; i < 4; i++) {
        strcat(body_long, para);
        strcat(body_long, i % 2 ? "\n\n" : "Officials agreed. ");
    }
    a.body = body_long;
    a.body_len = strlen(body_long);
    ck_assert_ptr_nonnull(mkdtemp(d2));
    ck_assert_int_eq(silk_docmaker_build(m, &a, &docs, NULL, NULL), 0);
    ck_assert_uint_ge(docs.n, 2);
    ck_assert_int_eq(silk_db_open_write(&w, d2, 1, 0), SILK_OK);
    for (size_t i = 0; i < docs.n; i++)
        ck_assert_int_eq(silk_db_add_doc(w, docs.docs[i], NULL), SILK_OK);
    ck_assert_int_eq(silk_db_commit(w), SILK_OK);
    silk_query_t *q = NULL;
    silk_mset_t *ms = NULL;
    silk_search_opts_t o;
    silk_search_opts_init(&o);
    ck_assert_int_eq(silk_query_match_all(&q), SILK_OK);
    ck_assert_int_eq(silk_db_search(w, q, &o, &ms), SILK_OK);
    ck_assert_uint_eq(silk_mset_size(ms), docs.n);
    size_t len0, len;
    const char *s0 = silk_mset_value(ms, 0, SILK_SLOT_NEARDUP, &len0);
    ck_assert_uint_eq(len0, SILK_NEARDUP_BYTES);
    ck_assert(silk_neardup_similar(s0, len0, s0, len0));
    for (size_t i = 1; i < silk_mset_size(ms); i++) {
        const char *s = silk_mset_value(ms, i, SILK_SLOT_NEARDUP, &len);
        ck_assert(len == len0 && memcmp(s, s0, len) == 0);
    }
    silk_mset_free(ms);
    silk_query_free(q);
    silk_db_free(w);
    silk_article_docs_clear(&docs);
    silk_docmaker_free(m);
    remove_dir(d2);
}
END_TEST

/* Data fields: passage #1's own, and the article's on passage #0 only. */
typedef struct data_case {
    const char *uid;
    const char *field;  /* a string field, or NULL for the passage number */
    const char *value;
    long number;
} data_case_t;

static const char *data_field(const silk_passage_data_t *d, const char *f)
{
    return strcmp(f, "article") == 0 ? d->article
         : strcmp(f, "title") == 0 ? d->title
         : strcmp(f, "date") == 0 ? d->date
         : strcmp(f, "source") == 0 ? d->source
         : strcmp(f, "url") == 0 ? d->url
         : strcmp(f, "path") == 0 ? d->path
         : strcmp(f, "span") == 0 ? d->span : NULL;
}

static const data_case_t data_cases[] = {
    {"Qart-1#1", "article", "art-1", 0},
    {"Qart-1#1", NULL, NULL, 1},
    {"Qart-1#1", "span", "text", 0},
    {"Qart-1#0", "title", "Railway freight grows", 0},
    {"Qart-1#0", "date", "2021-12-03", 0},
    {"Qart-1#0", "source", "China Trade News", 0},
    {"Qart-1#0", "url", "https://example.org/a1", 0},
    {"Qart-1#0", "path", "/corpus/a1.txt", 0},
    /* not repeated on the others */
    {"Qart-1#1", "title", "", 0},
    {"Qart-1#1", "path", "", 0},
};

START_TEST(test_data)
{
    const data_case_t *c = &data_cases[_i];
    silk_mset_t *ms = fetch(c->uid);
    size_t len;
    const char *data = silk_mset_data(ms, 0, &len);
    silk_passage_data_t d;

    ck_assert_int_eq(silk_passage_data_decode(&d, data, len), 0);
    ck_assert_int_eq(d.has_article, strcmp(c->uid, "Qart-1#0") == 0);
    if (c->field)
        ck_assert_str_eq(data_field(&d, c->field), c->value);
    else
        ck_assert_int_eq(d.passage, c->number);
    silk_passage_data_clear(&d);
    silk_mset_free(ms);
}
END_TEST

/* The facets a hit prints are in its data exactly as in the slots the
 * matcher counts: the passage's countries and ministries on each, the
 * article's subjects and category (and the year of its date) on #0. */
START_TEST(test_data_facets)
{
    static const char *const uids[] = { "Qart-1#0", "Qart-1#1" };

    for (int p = 0; p < 2; p++) {
        silk_mset_t *ms = fetch(uids[p]);
        size_t len;
        const char *data = silk_mset_data(ms, 0, &len);
        silk_passage_data_t d;
        ck_assert_int_eq(silk_passage_data_decode(&d, data, len), 0);
        ck_assert_str_eq(d.country, silk_mset_value(ms, 0, SILK_SLOT_COUNTRY, &len));
        ck_assert_str_eq(d.ministry, silk_mset_value(ms, 0, SILK_SLOT_MINISTRY, &len));
        if (p == 0) {
            ck_assert_str_eq(d.subject, silk_mset_value(ms, 0, SILK_SLOT_SUBJECT, &len));
            ck_assert_str_eq(d.category, silk_mset_value(ms, 0, SILK_SLOT_CATEGORY, &len));
            ck_assert_int_eq(strncmp(d.date, silk_mset_value(ms, 0, SILK_SLOT_YEAR, &len), 4), 0);
        }
        silk_passage_data_clear(&d);
        silk_mset_free(ms);
    }
    /* The fixture's first passage names Laos: the test is not vacuous. */
    silk_mset_t *ms = fetch("Qart-1#0");
    size_t len;
    ck_assert_ptr_nonnull(strstr(silk_mset_value(ms, 0, SILK_SLOT_COUNTRY, &len), "LA"));
    ck_assert_uint_gt(strlen(silk_mset_value(ms, 0, SILK_SLOT_SUBJECT, &len)), 0);
    ck_assert_str_eq(silk_mset_value(ms, 0, SILK_SLOT_CATEGORY, &len), "Transport");
    silk_mset_free(ms);
}
END_TEST

START_TEST(test_data_span)
{
    silk_mset_t *ms = fetch("Qart-1#1");
    size_t len;
    const char *data = silk_mset_data(ms, 0, &len);
    silk_passage_data_t o;

    ck_assert_int_eq(silk_passage_data_decode(&o, data, len), 0);
    /* The text is the body's bytes at [start, end). */
    ck_assert(o.start > 0 && o.end > o.start && (size_t)o.end <= sizeof body - 1);
    ck_assert_uint_eq(o.text_len, (size_t)(o.end - o.start));
    ck_assert(memcmp(o.text, body + o.start, (size_t)(o.end - o.start)) == 0);
    /* The article's other fields are on its first passage only. */
    ck_assert_ptr_null(o.extra);
    silk_passage_data_clear(&o);
    silk_mset_free(ms);

    ms = fetch("Qart-1#0");
    data = silk_mset_data(ms, 0, &len);
    ck_assert_int_eq(silk_passage_data_decode(&o, data, len), 0);
    json_t *x = json_loads(o.extra, 0, NULL);
    json_t *topics = json_object_get(x, "topics");
    ck_assert_ptr_nonnull(topics);
    ck_assert_str_eq(json_string_value(json_array_get(topics, 0)), "rail");
    json_decref(x);
    silk_passage_data_clear(&o);
    silk_mset_free(ms);
}
END_TEST

/* ---- errors and edge cases ---------------------------------------------- */

/* Articles with few passages or no facets, and what must hold: every
 * article with a title or a body has a passage (issue 10); words counts
 * what a query could find. */
typedef struct edge_case {
    const char *what;
    const char *title;
    const char *body;
    const char *date;
    const char *source;
    size_t passages;      /* expected */
    bool words;           /* any word to find? */
    const char *date_out; /* expected effective date */
} edge_case_t;

static const edge_case_t edge_cases[] = {
    {"headline only: the title is passage 0", "Railway freight grows", "",
     "", "", 1, true, ""},
    {"white space body: the title again", "Railway freight grows",
     " \n\n \t\n", "2020", "", 1, true, "2020"},
    {"neither title nor body", "", "", "", "", 0, false, ""},
    {"punctuation only: a passage, no word", "\xE2\x80\x94 ... !", "", "",
     "", 1, false, ""},
    {"year only: no day term", "T", "A single paragraph that is long enough to "
     "be a passage of its own in the index.", "2020", "", 1, true, "2020"},
    {"source without letters", "T", "Another paragraph that is long enough to "
     "be a passage of its own here.", "", "新华社", 1, true, ""},
    {"a date from the header", "T", "T\nPublished: March 2, 2021\n\nText "
     "that follows the header of the article at some length here.", "", "",
     1, true, "2021-03-02"},
    {"never from the prose", "T", "T\n\nHe was born on 25 August, 1938, in a "
     "small village, and said so often in later years.", "", "", 1, true, ""},
};

START_TEST(test_edges)
{
    const edge_case_t *c = &edge_cases[_i];
    silk_docmaker_t *m = silk_docmaker_new(NULL);
    silk_article_docs_t docs = {0};
    silk_article_t a = article;

    a.title = c->title;
    a.body = c->body;
    a.body_len = strlen(c->body);
    a.date = c->date;
    a.source = c->source;
    ck_assert_ptr_nonnull(m);
    ck_assert_msg(silk_docmaker_build(m, &a, &docs, NULL, NULL) == 0, "%s",
                  c->what);
    ck_assert_msg(docs.n == c->passages, "%s: %zu passages", c->what,
                  docs.n);
    ck_assert_msg((docs.words > 0) == c->words, "%s: %zu words", c->what,
                  docs.words);
    ck_assert_str_eq(docs.date, c->date_out);
    silk_article_docs_clear(&docs);
    ck_assert_uint_eq(docs.n, 0);
    silk_article_docs_clear(NULL);
    silk_docmaker_free(m);
}
END_TEST

/* Matches of the phrase of terms t[0..n) in the index at d. */
static unsigned long phrase_matches(silk_db_t *d, const char *const *t, size_t n)
{
    silk_query_t *q[8], *ph = NULL;
    silk_mset_t *ms = NULL;
    silk_search_opts_t o;
    unsigned long lower = 0, upper = 0, m;

    ck_assert_uint_le(n, 8);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(silk_query_term(&q[i], t[i], strlen(t[i]), 1, 0), SILK_OK);
    ck_assert_int_eq(silk_query_combine(&ph, SILK_OP_PHRASE, q, n, (unsigned)n), SILK_OK);
    silk_search_opts_init(&o);
    ck_assert_int_eq(silk_db_search(d, ph, &o, &ms), SILK_OK);
    m = silk_mset_matches(ms, &lower, &upper);
    silk_mset_free(ms);
    silk_query_free(ph);
    for (size_t i = 0; i < n; i++)
        silk_query_free(q[i]);
    return m;
}

/* A title or passage that opens with a repeated word keeps its phrase:
 * positions start at SILK_FIRST_POS (Xapian 1.4.22 stores the position
 * list [0, 1] as [1], so "ITT <ITT> long" lost "itt itt long"). */
START_TEST(test_repeated_first_word)
{
    static const char text[] = "Oil oil prices rose again on Monday, traders "
                               "in London said after the market closed.";
    static const char *const title[] = {"Sitt", "Sitt", "Slong"};
    static const char *const passage[] = {"oil", "oil", "price"};
    char d[] = "/tmp/check_document.XXXXXX";
    silk_docmaker_t *m = silk_docmaker_new("english");
    silk_article_docs_t docs = {0};
    silk_article_t a = article;
    silk_db_t *w = NULL;

    a.title = "ITT <ITT> long distance unit";
    a.body = text;
    a.body_len = sizeof text - 1;
    ck_assert_ptr_nonnull(mkdtemp(d));
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(silk_docmaker_build(m, &a, &docs, NULL, NULL), 0);
    ck_assert_int_eq(silk_db_open_write(&w, d, 1, 0), SILK_OK);
    for (size_t i = 0; i < docs.n; i++)
        ck_assert_int_eq(silk_db_add_doc(w, docs.docs[i], NULL), SILK_OK);
    ck_assert_int_eq(silk_db_commit(w), SILK_OK);
    ck_assert_uint_eq(phrase_matches(w, title, 3), docs.n);
    ck_assert_uint_eq(phrase_matches(w, passage, 3), 1);
    silk_db_free(w);
    silk_article_docs_clear(&docs);
    silk_docmaker_free(m);
    remove_dir(d);
}
END_TEST

static silk_db_t *index_docs(char *d, silk_article_docs_t *docs, size_t n);

/* silk_passage_cb: the wdf of the two words, passage by passage. */
typedef struct wdfs {
    unsigned wdf[4][2];
    unsigned long len[4];
    size_t n;
} wdfs_t;

static int wdf_cb(void *ctx, size_t art, unsigned docid, unsigned long length,
                  const unsigned *wdf)
{
    wdfs_t *w = ctx;
    (void)art;
    (void)docid;
    ck_assert_uint_lt(w->n, 4);
    w->wdf[w->n][0] = wdf[0];
    w->wdf[w->n][1] = wdf[1];
    w->len[w->n++] = length;
    return 0;
}

/* The wdf of "railway" and "grow" in each passage of article id, in db. */
static wdfs_t passage_wdfs(silk_db_t *x, const char *id)
{
    static const char *const words[] = {"railway", "grow"};
    char art[64];
    const char *arts[1] = {art};
    wdfs_t w = {0};
    snprintf(art, sizeof art, "%s%s", SILK_PREFIX_ARTICLE, id);
    ck_assert_int_eq(silk_db_passages(x, arts, 1, words, 2, wdf_cb, &w),
                     SILK_OK);
    return w;
}

/* The title is where the text starts: its words are text words of the
 * first passage (wdf, counted in its length), not of the others. */
START_TEST(test_title_words_in_text)
{
    wdfs_t w = passage_wdfs(db, "art-1");
    ck_assert_uint_eq(w.n, 2);
    ck_assert_uint_eq(w.wdf[0][0], 2); /* "China-Laos Railway" + title */
    ck_assert_uint_eq(w.wdf[0][1], 1); /* the title's "grows" only */
    ck_assert_uint_eq(w.wdf[1][0], 1); /* "the railway to cut" */
    ck_assert_uint_eq(w.wdf[1][1], 1); /* "kept growing" */
}
END_TEST

/* A text that opens with its title (a body repeating it; a title taken
 * from the first line) has its words once: the title adds nothing. */
START_TEST(test_title_repeated_in_text)
{
    static const char text[] = "Railway freight grows.\n\nThe China-Laos "
                               "line carried more freight this year.";
    char d[] = "/tmp/check_document.XXXXXX";
    silk_docmaker_t *m = silk_docmaker_new("english");
    silk_article_docs_t docs = {0};
    silk_article_t a = article;

    a.body = text;
    a.body_len = sizeof text - 1;
    ck_assert_int_eq(silk_docmaker_build(m, &a, &docs, NULL, NULL), 0);
    silk_db_t *x = index_docs(d, &docs, 1);
    wdfs_t w = passage_wdfs(x, "art-1");
    ck_assert_uint_eq(w.n, 1);
    ck_assert_uint_eq(w.wdf[0][0], 1);
    ck_assert_uint_eq(w.wdf[0][1], 1);
    silk_db_free(x);
    remove_dir(d);
    silk_article_docs_clear(&docs);
    silk_docmaker_free(m);
}
END_TEST

/* Write docs[0..n) into a new index at d; returns it. */
static silk_db_t *index_docs(char *d, silk_article_docs_t *docs, size_t n)
{
    silk_db_t *x;
    ck_assert_ptr_nonnull(mkdtemp(d));
    ck_assert_int_eq(silk_db_open_write(&x, d, 1, 0), SILK_OK);
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < docs[k].n; i++)
            ck_assert_int_eq(silk_db_add_doc(x, docs[k].docs[i], NULL),
                             SILK_OK);
    ck_assert_int_eq(silk_db_commit(x), SILK_OK);
    return x;
}

/* A headline-only article (Reuters' 1,799 BRIEFs): its one passage is its
 * title, found by its words and by title:, its data saying so. */
START_TEST(test_headline_only)
{
    silk_docmaker_t *m = silk_docmaker_new(NULL);
    silk_article_docs_t docs = {0};
    silk_article_t a = article;
    char d[] = "/tmp/check_document.XXXXXX";
    unsigned long tf = 0;

    a.id = "4658";
    a.title = "Opec deliberately under 15.8 mln barrel ceiling";
    a.body = "";
    a.body_len = 0;
    ck_assert_int_eq(silk_docmaker_build(m, &a, &docs, NULL, NULL), 0);
    ck_assert_uint_eq(docs.n, 1);
    silk_db_t *x = index_docs(d, &docs, 1);
    ck_assert_int_eq(silk_db_termfreq(x, "opec", &tf), SILK_OK);
    ck_assert_uint_eq(tf, 1);
    ck_assert_int_eq(silk_db_termfreq(x, "Sopec", &tf), SILK_OK);
    ck_assert_uint_eq(tf, 1);
    ck_assert_int_eq(silk_db_termfreq(x, "Q4658#0", &tf), SILK_OK);
    ck_assert_uint_eq(tf, 1);

    silk_query_t *q = NULL;
    silk_mset_t *ms = NULL;
    silk_search_opts_t o;
    size_t len;
    silk_search_opts_init(&o);
    ck_assert_int_eq(silk_query_term(&q, "Q4658#0", 7, 1, 0), SILK_OK);
    ck_assert_int_eq(silk_db_search(x, q, &o, &ms), SILK_OK);
    const char *data = silk_mset_data(ms, 0, &len);
    silk_passage_data_t j;
    ck_assert_int_eq(silk_passage_data_decode(&j, data, len), 0);
    ck_assert_str_eq(j.text, a.title);
    ck_assert_str_eq(j.span, "title");
    ck_assert_int_eq(j.end, 0);
    ck_assert_str_eq(j.title, a.title);
    silk_passage_data_clear(&j);
    silk_mset_free(ms);
    silk_query_free(q);
    silk_db_free(x);
    remove_dir(d);
    silk_article_docs_clear(&docs);
    silk_docmaker_free(m);
}
END_TEST

/* A path that is not UTF-8 is escaped in the data (JSON must be UTF-8);
 * it used to fail the build ("out of memory"). */
START_TEST(test_path_not_utf8)
{
    silk_docmaker_t *m = silk_docmaker_new(NULL);
    silk_article_docs_t docs = {0};
    silk_article_t a = article;
    a.path = "/corpus/caf\xe9\n.txt";
    ck_assert_int_eq(silk_docmaker_build(m, &a, &docs, NULL, NULL), 0);
    ck_assert_uint_eq(docs.n, 2);
    silk_article_docs_clear(&docs);
    silk_docmaker_free(m);
}
END_TEST

/* The category extractor: the article's own "category" (any case, a
 * string), else the first directory of its path under PATH; none for a
 * file directly under PATH, or a value with no letter or digit. */
typedef struct category_case {
    const char *rel, *extra;
    const char *want;   /* slot value; NULL: none (no slot, no term) */
    const char *term;
} category_case_t;

static const category_case_t category_cases[] = {
    { "business/001.txt", "{}", "business", SILK_PREFIX_CATEGORY "business" },
    { "tech/phones/002.txt", "{}", "tech", SILK_PREFIX_CATEGORY "tech" },
    { "001.txt", "{}", NULL, NULL },
    { "", "{}", NULL, NULL },
    { NULL, "{}", NULL, NULL },
    { "business/1.txt", "{\"category\":\"World News\"}", "World News",
      SILK_PREFIX_CATEGORY "world-news" },
    { "business/1.txt", "{\"Category\":\"Tech\"}", "Tech", SILK_PREFIX_CATEGORY "tech" },
    { "business/1.txt", "{\"category\":[\"x\"]}", "business",
      SILK_PREFIX_CATEGORY "business" },
    { "business/1.txt", "{\"category\":\"?\"}", NULL, NULL },
    { "--/1.txt", "{}", NULL, NULL },
    { "caf\xe9/1.txt", "{}", "caf\\xE9", SILK_PREFIX_CATEGORY "caf-xe9" },
};

START_TEST(test_category)
{
    const category_case_t *c = &category_cases[_i];
    silk_docmaker_t *m = silk_docmaker_new(NULL);
    silk_article_docs_t docs = {0};
    silk_article_t a = article;
    silk_db_t *w;
    char d[] = "/tmp/check_document.XXXXXX";

    a.rel = c->rel;
    a.extra = c->extra;
    ck_assert_int_eq(silk_docmaker_build(m, &a, &docs, NULL, NULL), 0);
    ck_assert_ptr_nonnull(mkdtemp(d));
    ck_assert_int_eq(silk_db_open_write(&w, d, 1, 0), SILK_OK);
    for (size_t i = 0; i < docs.n; i++)
        ck_assert_int_eq(silk_db_add_doc(w, docs.docs[i], NULL), SILK_OK);
    ck_assert_int_eq(silk_db_commit(w), SILK_OK);
    silk_query_t *q = NULL;
    silk_mset_t *ms = NULL;
    silk_search_opts_t o;
    silk_search_opts_init(&o);
    ck_assert_int_eq(silk_query_match_all(&q), SILK_OK);
    ck_assert_int_eq(silk_db_search(w, q, &o, &ms), SILK_OK);
    ck_assert_uint_eq(silk_mset_size(ms), docs.n);
    for (size_t i = 0; i < silk_mset_size(ms); i++)  /* on every passage */
        ck_assert_str_eq(silk_mset_value(ms, i, SILK_SLOT_CATEGORY, NULL),
                         c->want ? c->want : "");
    if (c->term) {
        unsigned long tf = 0;
        ck_assert_int_eq(silk_db_termfreq(w, c->term, &tf), SILK_OK);
        ck_assert_uint_eq(tf, docs.n);
    }
    silk_mset_free(ms);
    silk_query_free(q);
    silk_db_free(w);
    remove_dir(d);
    silk_article_docs_clear(&docs);
    silk_docmaker_free(m);
}
END_TEST

/* Parts: a long article built in parts has the same passages as built
 * whole — numbered on, every one with the article's subjects. */
static silk_article_docs_t parts[64];
static size_t nparts;

static int take_part(void *ctx, silk_article_docs_t *part)
{
    (void)ctx;
    ck_assert_uint_lt(nparts, 63);
    parts[nparts++] = *part;
    memset(part, 0, sizeof *part);
    return 0;
}

START_TEST(test_parts)
{
    silk_docmaker_t *m = silk_docmaker_new(NULL);
    silk_article_docs_t whole = {0};
    silk_article_t a = article;
    char *big = malloc(40000), d[] = "/tmp/check_document.XXXXXX";
    size_t n = 0;
    unsigned long tf = 0;

    ck_assert_ptr_nonnull(big);
    for (int i = 0; n < 30000; i++)
        n += (size_t)snprintf(big + n, 40000 - n, "Paragraph %d of a long "
                              "report on the trade of Laos and its railway "
                              "to the north.\n\n", i);
    a.body = big;
    a.body_len = n;
    ck_assert_int_eq(silk_docmaker_build(m, &a, &whole, NULL, NULL), 0);
    nparts = 0;
    ck_assert_int_eq(silk_docmaker_build_parts(m, &a, 4000, 1u << 20,
                                               take_part, NULL,
                                               &parts[63], NULL, NULL), 0);
    parts[nparts++] = parts[63];
    ck_assert_uint_gt(nparts, 5);
    size_t total = 0, words = 0;
    for (size_t k = 0; k < nparts; k++) {
        ck_assert_uint_eq(parts[k].first, total);
        ck_assert_uint_gt(parts[k].n, 0);
        total += parts[k].n;
    }
    words = parts[nparts - 1].words;
    ck_assert_uint_eq(total, whole.n);
    ck_assert_uint_eq(words, whole.words);
    silk_db_t *x = index_docs(d, parts, nparts);
    ck_assert_int_eq(silk_db_termfreq(x, "XKla", &tf), SILK_OK);
    ck_assert_uint_eq(tf, total);
    char uid[32];
    snprintf(uid, sizeof uid, "Qart-1#%zu", total - 1);
    ck_assert_int_eq(silk_db_termfreq(x, uid, &tf), SILK_OK);
    ck_assert_uint_eq(tf, 1);
    silk_db_free(x);
    remove_dir(d);
    for (size_t k = 0; k < nparts; k++)
        silk_article_docs_clear(&parts[k]);
    silk_article_docs_clear(&whole);
    free(big);
    silk_docmaker_free(m);
}
END_TEST

START_TEST(test_unknown_language)
{
    ck_assert_ptr_null(silk_docmaker_new("klingon"));
    silk_docmaker_free(NULL);
}
END_TEST

START_TEST(test_language_name)
{
    silk_docmaker_t *m = silk_docmaker_new("en");
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(silk_docmaker_language(m), "english");
    silk_docmaker_free(m);
}
END_TEST

static Suite *document_suite(void)
{
    Suite *s = suite_create("document");
    TCase *core = tcase_create("core");
    TCase *errors = tcase_create("errors");

    tcase_add_checked_fixture(core, setup, teardown);
    tcase_add_loop_test(core, test_terms, 0,
                        sizeof term_cases / sizeof term_cases[0]);
    tcase_add_loop_test(core, test_values, 0,
                        sizeof value_cases / sizeof value_cases[0]);
    tcase_add_test(core, test_country_list_value);
    tcase_add_test(core, test_dedup_values);
    tcase_add_test(core, test_signature_value);
    tcase_add_loop_test(core, test_data, 0,
                        sizeof data_cases / sizeof data_cases[0]);
    tcase_add_test(core, test_data_facets);
    tcase_add_test(core, test_data_span);
    tcase_add_test(core, test_repeated_first_word);
    tcase_add_test(core, test_title_words_in_text);
    tcase_add_test(core, test_title_repeated_in_text);
    suite_add_tcase(s, core);

    tcase_add_loop_test(errors, test_edges, 0,
                        sizeof edge_cases / sizeof edge_cases[0]);
    tcase_add_test(errors, test_headline_only);
    tcase_add_test(errors, test_path_not_utf8);
    tcase_add_loop_test(errors, test_category, 0,
                        sizeof category_cases / sizeof *category_cases);
    tcase_add_test(errors, test_parts);
    tcase_add_test(errors, test_unknown_language);
    tcase_add_test(errors, test_language_name);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(document_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
