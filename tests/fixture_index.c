/* fixture_index.c: the query-side suites' fixture index (see
 * fixture_index.h). */
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw */

#include "fixture_index.h"

#include <check.h>
#include <ftw.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "passage_data.h"
#include "silk_schema.h"

const fx_passage_t fixture[NFIXTURE] = {
    { "a1", 0, "Opening day", "2021-12-03", "China Trade News", "CN LA",
      "commerce", "LA",
      "The China-Laos Railway opened to traffic in December, linking "
      "Kunming and Vientiane." },
    { "a1", 1, "Opening day", "2021-12-03", "China Trade News", "", "",
      "LA", "Freight volumes on the line grew quickly in the first month." },
    { "a2", 0, "Agreements signed", "2019-04-25", "ECNS", "CN LA", "", "",
      "Laos and China signed agreements in Beijing; a study of the railway "
      "followed later." },
    { "a2", 1, "Agreements signed", "2019-04-25", "ECNS", "LA", "commerce",
      "", "The Ministry of Commerce reported trade growth with Laos." },
    { "a3", 0, "Regional links", "2020-06-01", "China News Service", "TH",
      "", "TH", "Railways across Thailand expanded as new lines opened." },
    { "a3", 1, "Regional links", "2020-06-01", "China News Service", "VN",
      "commerce state-council", "TH",
      "Trade with Vietnam rose, the State Council said." },
    { "a4", 0, "Port traffic", "2022-02-10", "ECNS", "CN", "", "",
      "Ports in China handled more containers as railway links helped "
      "exporters." },
    { "a4", 1, "Port traffic", "2022-02-10", "ECNS", "", "", "",
      "Officials expect further growth next year." },
};

static char fx_dir[64];

typedef struct post_ctx {
    silk_doc_t *doc;
    const char *prefix;
} post_ctx_t;

/* Analyser callback: index a token's stem at its position. */
static int fx_post(void *ctx, const silk_token_t *tok)
{
    post_ctx_t *p = ctx;
    char term[256];
    int n = snprintf(term, sizeof term, "%s%s", p->prefix, tok->stem);

    ck_assert_int_eq(silk_doc_add_posting(p->doc, term, (size_t)n, tok->pos, 1),
                     SILK_OK);
    return 0;
}

/* A boolean term prefix + value (value lower-cased). */
static void fx_bool(silk_doc_t *doc, const char *prefix, const char *value,
                    size_t len)
{
    char term[256];
    size_t p = strlen(prefix);

    memcpy(term, prefix, p);
    for (size_t i = 0; i < len && p < sizeof term - 1; i++) {
        char c = value[i];
        term[p++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a')
                    : c == ' ' ? '-' : c;
    }
    ck_assert_int_eq(silk_doc_add_boolean_term(doc, term, p), SILK_OK);
}

/* Boolean terms for each item of a list value. */
static void fx_bool_list(silk_doc_t *doc, const char *prefix, const char *list)
{
    const char *p = list;

    while (*p) {
        size_t n = strcspn(p, " ");
        if (n)
            fx_bool(doc, prefix, p, n);
        p += n;
        while (*p == ' ')
            p++;
    }
}

static void fx_value(silk_doc_t *doc, unsigned slot, const char *v, size_t n)
{
    ck_assert_int_eq(silk_doc_set_value(doc, slot, v, n), SILK_OK);
}

void fixture_build(void)
{
    silk_db_t *w = NULL;
    silk_analyzer_t *a = silk_analyzer_new("english");

    ck_assert_ptr_nonnull(a);
    strcpy(fx_dir, "/tmp/silk_fixture.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(fx_dir));
    ck_assert_int_eq(silk_db_open_write(&w, fx_dir, 1, 0), SILK_OK);
    for (size_t i = 0; i < NFIXTURE; i++) {
        const fx_passage_t *f = &fixture[i];
        silk_doc_t *doc = NULL;
        char uid[64];
        ck_assert_int_eq(silk_doc_new(&doc), SILK_OK);
        post_ctx_t body = { doc, "" }, title = { doc, SILK_PREFIX_TITLE };
        silk_analyzer_run(a, f->text, strlen(f->text), 1, fx_post, &body);
        silk_analyzer_run(a, f->title, strlen(f->title), 1, fx_post, &title);
        snprintf(uid, sizeof uid, "%s%s#%d", SILK_PREFIX_UID, f->article,
                 f->passage);
        ck_assert_int_eq(silk_doc_add_boolean_term(doc, uid, strlen(uid)),
                         SILK_OK);
        fx_bool(doc, SILK_PREFIX_ARTICLE, f->article, strlen(f->article));
        fx_bool(doc, SILK_PREFIX_YEAR, f->date, 4);
        fx_bool(doc, SILK_PREFIX_SOURCE, f->source, strlen(f->source));
        fx_bool_list(doc, SILK_PREFIX_COUNTRY, f->country);
        fx_bool_list(doc, SILK_PREFIX_MINISTRY, f->ministry);
        fx_bool_list(doc, SILK_PREFIX_SUBJECT, f->subject);
        fx_value(doc, SILK_SLOT_YEAR, f->date, 4);
        fx_value(doc, SILK_SLOT_DATE, f->date, strlen(f->date));
        fx_value(doc, SILK_SLOT_ARTICLE, f->article, strlen(f->article));
        fx_value(doc, SILK_SLOT_COUNTRY, f->country, strlen(f->country));
        fx_value(doc, SILK_SLOT_MINISTRY, f->ministry, strlen(f->ministry));
        fx_value(doc, SILK_SLOT_SOURCE, f->source, strlen(f->source));
        fx_value(doc, SILK_SLOT_SUBJECT, f->subject, strlen(f->subject));
        silk_passage_data_t data = {
            .article = f->article, .passage = f->passage, .start = 0,
            .end = (long)strlen(f->text), .span = "text", .text = f->text,
            .text_len = strlen(f->text), .country = f->country,
            .ministry = f->ministry, .title = f->title, .date = f->date,
            .source = f->source, .url = "", .path = "", .subject = f->subject,
            .category = "", .extra = "{}",
        };
        char *bytes;
        size_t nbytes;
        ck_assert_int_eq(silk_passage_data_encode(&data, &bytes, &nbytes), 0);
        ck_assert_int_eq(silk_doc_set_data(doc, bytes, nbytes), SILK_OK);
        ck_assert_int_eq(silk_db_replace_doc(w, uid, doc), SILK_OK);
        free(bytes);
        silk_doc_free(doc);
    }
    ck_assert_int_eq(silk_db_set_metadata(w, SILK_META_SCHEMA, "1"), SILK_OK);
    ck_assert_int_eq(silk_db_set_metadata(w, SILK_META_LANG, "english"), SILK_OK);
    ck_assert_int_eq(silk_db_commit(w), SILK_OK);
    silk_db_free(w);
    silk_analyzer_free(a);
}

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void fixture_remove(void)
{
    if (fx_dir[0])
        nftw(fx_dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

silk_db_t *db;
silk_analyzer_t *an;
silk_gazetteer_t *gz;

void open_setup(void)
{
    const char *paths[] = { fx_dir };

    ck_assert_int_eq(silk_db_open_read(&db, paths, 1), SILK_OK);
    an = silk_analyzer_new("english");
    ck_assert_ptr_nonnull(an);
    gz = silk_gazetteer_new(an);
}

void open_teardown(void)
{
    silk_gazetteer_free(gz);
    silk_analyzer_free(an);
    silk_db_free(db);
    gz = NULL;
    an = NULL;
    db = NULL;
}

int list_has(const char *list, const char *item)
{
    size_t n = strlen(item);
    const char *p = list;

    while ((p = strstr(p, item)) != NULL) {
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
        p += n;
    }
    return 0;
}
