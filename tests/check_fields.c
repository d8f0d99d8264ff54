/* check_fields.c: the field table (schema/fields.h) — its rows keep the
 * rules every side relies on, names resolve and terms are spelt as the
 * index spells them — and the passage-data codec (schema/passage_data.h):
 * the stored bytes are the format's, and decode gives back what was
 * encoded. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "passage_data.h"
#include "silk_schema.h"
#include "silk_slug.h"

/* Facets first, every facet counted from a slot, every filter with a
 * note for a value that names nothing, names and prefixes distinct. */
START_TEST(test_table_rules)
{
    for (int id = 0; id < SILK_FIELD_COUNT_; id++) {
        const silk_field_t *f = &silk_fields[id];
        ck_assert_ptr_nonnull(f->name);
        ck_assert_msg((id < SILK_FIELD_NFACETS_) == ((f->flags & SILK_FIELD_FACET) != 0),
                      "%s: the facets are the rows before SILK_FIELD_NFACETS_", f->name);
        if (f->flags & SILK_FIELD_FACET)
            ck_assert_msg(f->slot >= 0 && f->slot < SILK_SLOT_COUNT_, "%s: no slot", f->name);
        if ((f->flags & SILK_FIELD_QUERY) && !(f->flags & SILK_FIELD_TEXT))
            ck_assert_msg(f->miss && f->prefix && f->slot >= 0,
                          "%s: a filter needs a term, a slot and a note", f->name);
        if (f->flags & SILK_FIELD_RANGE)
            ck_assert_msg(f->slot >= 0, "%s: a range needs a slot", f->name);
        if (f->flags & SILK_FIELD_DERIVED)
            ck_assert_msg(!f->prefix && !(f->flags & SILK_FIELD_QUERY),
                          "%s: a view is never written nor typed", f->name);
        for (int j = 0; j < id; j++) {
            ck_assert_str_ne(f->name, silk_fields[j].name);
            if (f->prefix && silk_fields[j].prefix)
                ck_assert_str_ne(f->prefix, silk_fields[j].prefix);
        }
    }
    ck_assert_uint_eq(SILK_FIELD_FACETS_ALL, (1u << SILK_FIELD_NFACETS_) - 1);
}
END_TEST

START_TEST(test_lookup)
{
    ck_assert_int_eq(silk_field_lookup("country", 7, SILK_FIELD_QUERY), SILK_FIELD_COUNTRY);
    ck_assert_int_eq(silk_field_lookup("CoUnTrY", 7, SILK_FIELD_QUERY), SILK_FIELD_COUNTRY);
    ck_assert_int_eq(silk_field_lookup("countryx", 7, SILK_FIELD_QUERY), SILK_FIELD_COUNTRY);
    ck_assert_int_eq(silk_field_lookup("count", 5, SILK_FIELD_QUERY), -1);
    ck_assert_int_eq(silk_field_lookup("countryx", 8, SILK_FIELD_QUERY), -1);
    /* month is a facet, not a filter; title a filter, not a facet */
    ck_assert_int_eq(silk_field_lookup("month", 5, SILK_FIELD_QUERY), -1);
    ck_assert_int_eq(silk_field_lookup("month", 5, SILK_FIELD_FACET), SILK_FIELD_MONTH);
    ck_assert_int_eq(silk_field_lookup("title", 5, SILK_FIELD_FACET), -1);
    ck_assert_int_eq(silk_field_lookup("title", 5, SILK_FIELD_QUERY | SILK_FIELD_TEXT),
                     SILK_FIELD_TITLE);
    ck_assert_str_eq(silk_field_nearest("contry", 6, SILK_FIELD_QUERY), "country");
    ck_assert_str_eq(silk_field_nearest("yaer", 4, SILK_FIELD_QUERY), "year");
    ck_assert_ptr_null(silk_field_nearest("country", 7, SILK_FIELD_QUERY));
    ck_assert_ptr_null(silk_field_nearest("montth", 6, SILK_FIELD_QUERY));
    ck_assert_str_eq(silk_field_nearest("montth", 6, SILK_FIELD_FACET), "month");
    ck_assert_int_eq(silk_field_lookup("Category", 8, SILK_FIELD_QUERY | SILK_FIELD_FACET),
                     SILK_FIELD_CATEGORY);
    ck_assert_str_eq(silk_field_nearest("categroy", 8, SILK_FIELD_QUERY), "category");
}
END_TEST

typedef struct term_case {
    silk_field_id_t f;
    const char *value;
    const char *want;   /* NULL: no term */
} term_case_t;

static const term_case_t term_cases[] = {
    { SILK_FIELD_COUNTRY, "CN", SILK_PREFIX_COUNTRY "cn" },
    { SILK_FIELD_SUBJECT, "LA", SILK_PREFIX_SUBJECT "la" },
    { SILK_FIELD_MINISTRY, "state-council", SILK_PREFIX_MINISTRY "state-council" },
    { SILK_FIELD_SOURCE, "China Trade News", SILK_PREFIX_SOURCE "china-trade-news" },
    { SILK_FIELD_SOURCE, "  (Xinhua)  ", SILK_PREFIX_SOURCE "xinhua" },
    { SILK_FIELD_SOURCE, "!!! ---", NULL },
    { SILK_FIELD_YEAR, "2021", SILK_PREFIX_YEAR "2021" },
    { SILK_FIELD_DATE, "2021-03-02", SILK_PREFIX_DATE "20210302" },
    { SILK_FIELD_DATE, "2021-03", NULL },
    { SILK_FIELD_DATE, "2021", NULL },
    { SILK_FIELD_MONTH, "2021-03-02", NULL },
    { SILK_FIELD_COUNTRY, "", NULL },
    { SILK_FIELD_CATEGORY, "business", SILK_PREFIX_CATEGORY "business" },
    { SILK_FIELD_CATEGORY, "World News", SILK_PREFIX_CATEGORY "world-news" },
    { SILK_FIELD_CATEGORY, "?", NULL },
};

START_TEST(test_term)
{
    const term_case_t *c = &term_cases[_i];
    char out[256];
    size_t n = silk_field_term(&silk_fields[c->f], c->value, strlen(c->value),
                               out, sizeof out);

    if (!c->want) {
        ck_assert_uint_eq(n, 0);
        return;
    }
    ck_assert_uint_eq(n, strlen(c->want));
    ck_assert_str_eq(out, c->want);
    /* No room: no term, never a cut one (except the slug's own cut). */
    ck_assert_uint_eq(silk_field_term(&silk_fields[c->f], c->value,
                                      strlen(c->value), out, n), 0);
}
END_TEST

/* A long source is cut at SILK_SLUG_MAX_BYTES, as the builder cuts what
 * the user types: both spell it the same. */
START_TEST(test_term_long_slug)
{
    char name[400], out[256];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    size_t n = silk_field_term(&silk_fields[SILK_FIELD_SOURCE], name,
                               strlen(name), out, sizeof out);
    ck_assert_uint_eq(n, strlen(SILK_PREFIX_SOURCE) + SILK_SLUG_MAX_BYTES);
}
END_TEST

/* The stored bytes are the format of docs/index-format.md, key for key:
 * indexes written before the codec read the same. */
START_TEST(test_encode_format)
{
    silk_passage_data_t d = {
        .article = "a1", .passage = 0, .title = "T", .date = "2021-03-02",
        .source = "S", .url = "", .path = "x/a1.txt", .start = 3, .end = 9,
        .span = "file", .text = "Hello!", .text_len = 6,
        .extra = "{\"lang\":\"en\"}",
    };
    char *s;
    size_t len;

    ck_assert_int_eq(silk_passage_data_encode(&d, &s, &len), 0);
    ck_assert_str_eq(s, "{\"article\":\"a1\",\"passage\":0,\"title\":\"T\","
                        "\"date\":\"2021-03-02\",\"source\":\"S\",\"url\":\"\","
                        "\"path\":\"x/a1.txt\",\"start\":3,\"end\":9,\"span\":\"file\","
                        "\"text\":\"Hello!\",\"extra\":{\"lang\":\"en\"}}");
    ck_assert_uint_eq(len, strlen(s));
    free(s);

    /* A title passage says so twice; a passage past 0 has no extra; extra
     * that is not an object is stored as {}. */
    d.span = "title";
    d.start = d.end = 0;
    d.extra = NULL;
    d.passage = 1;
    ck_assert_int_eq(silk_passage_data_encode(&d, &s, &len), 0);
    ck_assert_ptr_nonnull(strstr(s, "\"span\":\"title\",\"text\":\"Hello!\",\"field\":\"title\"}"));
    ck_assert_ptr_null(strstr(s, "extra"));
    free(s);
    d.extra = "[1]";
    ck_assert_int_eq(silk_passage_data_encode(&d, &s, &len), 0);
    ck_assert_ptr_nonnull(strstr(s, "\"extra\":{}}"));
    free(s);

    /* Text that is not UTF-8 is refused. */
    d.text = "\xff";
    d.text_len = 1;
    ck_assert_int_eq(silk_passage_data_encode(&d, &s, &len), -1);
    ck_assert_ptr_null(s);
}
END_TEST

START_TEST(test_round_trip)
{
    silk_passage_data_t d = {
        .article = "bbc/001", .passage = 4, .title = "Tütle", .date = "",
        .source = "BBC", .url = "http://x", .path = "raw/001.txt",
        .start = 10, .end = 20, .span = "text", .text = "a\tb", .text_len = 3,
        .extra = "{\"k\":[1,2]}",
    }, back;
    char *s, *extra;
    size_t len;

    ck_assert_int_eq(silk_passage_data_encode(&d, &s, &len), 0);
    ck_assert_int_eq(silk_passage_data_decode(&back, s, len), 0);
    ck_assert_str_eq(back.article, d.article);
    ck_assert_int_eq(back.passage, d.passage);
    ck_assert_str_eq(back.title, d.title);
    ck_assert_str_eq(back.date, d.date);
    ck_assert_str_eq(back.source, d.source);
    ck_assert_str_eq(back.url, d.url);
    ck_assert_str_eq(back.path, d.path);
    ck_assert_int_eq(back.start, d.start);
    ck_assert_int_eq(back.end, d.end);
    ck_assert_str_eq(back.span, d.span);
    ck_assert_uint_eq(back.text_len, 3);
    ck_assert_str_eq(back.text, "a\tb");
    ck_assert_ptr_nonnull(extra = silk_passage_data_extra(&back));
    ck_assert_str_eq(extra, "{\"k\":[1,2]}");
    free(extra);
    silk_passage_data_clear(&back);
    ck_assert_ptr_null(back.article);
    silk_passage_data_clear(&back);   /* twice: a no-op */
    free(s);
}
END_TEST

typedef struct decode_case {
    const char *data;
    long passage, start;
    const char *span, *text;
    const char *extra;
} decode_case_t;

static const decode_case_t decode_cases[] = {
    /* not the schema's data: empty */
    { "", -1, -1, "text", "", "{}" },
    { "not json", -1, -1, "text", "", "{}" },
    { "[1,2]", -1, -1, "text", "", "{}" },
    /* written before spans were labelled */
    { "{\"passage\":2,\"start\":5,\"text\":\"x\"}", 2, 5, "text", "x", "{}" },
    { "{\"passage\":0,\"start\":0,\"field\":\"title\",\"text\":\"T\",\"extra\":{}}",
      0, 0, "title", "T", "{}" },
    /* wrong types read as absent */
    { "{\"passage\":\"2\",\"start\":1.5,\"text\":3,\"extra\":[]}", -1, -1, "text", "", "{}" },
};

START_TEST(test_decode)
{
    const decode_case_t *c = &decode_cases[_i];
    silk_passage_data_t d;
    char *extra;

    ck_assert_int_eq(silk_passage_data_decode(&d, c->data, strlen(c->data)), 0);
    ck_assert_int_eq(d.passage, c->passage);
    ck_assert_int_eq(d.start, c->start);
    ck_assert_str_eq(d.span, c->span);
    ck_assert_str_eq(d.text, c->text);
    ck_assert_str_eq(d.article, "");
    ck_assert_ptr_nonnull(extra = silk_passage_data_extra(&d));
    ck_assert_str_eq(extra, c->extra);
    free(extra);
    silk_passage_data_clear(&d);
    /* No data at all (NULL) decodes as empty too. */
    ck_assert_int_eq(silk_passage_data_decode(&d, NULL, 0), 0);
    ck_assert_str_eq(d.title, "");
    silk_passage_data_clear(&d);
}
END_TEST

static Suite *fields_suite(void)
{
    Suite *s = suite_create("fields");
    TCase *t = tcase_create("table");
    tcase_add_test(t, test_table_rules);
    tcase_add_test(t, test_lookup);
    tcase_add_loop_test(t, test_term, 0, sizeof term_cases / sizeof *term_cases);
    tcase_add_test(t, test_term_long_slug);
    suite_add_tcase(s, t);
    t = tcase_create("passage_data");
    tcase_add_test(t, test_encode_format);
    tcase_add_test(t, test_round_trip);
    tcase_add_loop_test(t, test_decode, 0, sizeof decode_cases / sizeof *decode_cases);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fields_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
