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

/* The stored bytes are the format of docs/index-format.md, byte for
 * byte: version, span, varints, then length-prefixed strings. */
START_TEST(test_encode_format)
{
    silk_passage_data_t d = {
        .article = "a1", .passage = 0, .title = "T", .date = "2021-03-02",
        .source = "S", .url = "", .path = "x/a1.txt", .start = 3, .end = 300,
        .span = "file", .text = "Hello!", .text_len = 6, .country = "CN LA",
        .ministry = "", .subject = "LA", .category = "news",
        .extra = "{ \"lang\" : \"en\" }",
    };
    static const char want0[] =
        "\x04\x01" "\x00" "\x03" "\xac\x02"        /* 300 = 0x2c | 0x80, 2 */
        "\x02" "a1" "\x06" "Hello!" "\x05" "CN LA" "\x00"
        "\x01" "T" "\x0a" "2021-03-02" "\x01" "S" "\x00" "\x08" "x/a1.txt"
        "\x02" "LA" "\x04" "news" "\x0d" "{\"lang\":\"en\"}";
    static const char want1[] =
        "\x04\x02" "\x81\x01" "\x00" "\x00"        /* passage 129 */
        "\x02" "a1" "\x06" "Hello!" "\x05" "CN LA" "\x00";
    char *s;
    size_t len;

    ck_assert_int_eq(silk_passage_data_encode(&d, &s, &len), 0);
    ck_assert_uint_eq(len, sizeof want0 - 1);
    ck_assert(memcmp(s, want0, len) == 0);
    free(s);

    /* A passage past 0 has no article fields; a title passage's span is
     * code 2; extra that is not an object is stored as {}. */
    d.span = "title";
    d.start = d.end = 0;
    d.passage = 129;
    ck_assert_int_eq(silk_passage_data_encode(&d, &s, &len), 0);
    ck_assert_uint_eq(len, sizeof want1 - 1);
    ck_assert(memcmp(s, want1, len) == 0);
    free(s);
    d.passage = 0;
    d.extra = "[1]";
    ck_assert_int_eq(silk_passage_data_encode(&d, &s, &len), 0);
    ck_assert(len > 3 && memcmp(s + len - 3, "\x02{}", 3) == 0);
    free(s);

    /* Text that is not UTF-8, an unknown span and a negative offset are
     * refused. */
    d.text = "\xff";
    d.text_len = 1;
    ck_assert_int_eq(silk_passage_data_encode(&d, &s, &len), -1);
    ck_assert_ptr_null(s);
    d.text = "ok";
    d.text_len = 2;
    d.span = "body";
    ck_assert_int_eq(silk_passage_data_encode(&d, &s, &len), -1);
    d.span = "text";
    d.start = -1;
    ck_assert_int_eq(silk_passage_data_encode(&d, &s, &len), -1);
}
END_TEST

START_TEST(test_round_trip)
{
    silk_passage_data_t d = {
        .article = "bbc/001", .passage = 0, .title = "Tütle", .date = "",
        .source = "BBC", .url = "http://x", .path = "raw/001.txt",
        .start = 10, .end = 1L << 40, .span = "text", .text = "a\0b",
        .text_len = 3, .country = "GB", .ministry = "commerce",
        .subject = "FR GB", .category = "World News",
        .extra = "{\"k\":[1,2]}",
    }, back;
    char *s, *extra;
    size_t len;

    ck_assert_int_eq(silk_passage_data_encode(&d, &s, &len), 0);
    ck_assert_int_eq(silk_passage_data_decode(&back, s, len), 0);
    ck_assert_str_eq(back.article, d.article);
    ck_assert_int_eq(back.passage, d.passage);
    ck_assert(back.has_article);
    ck_assert_str_eq(back.title, d.title);
    ck_assert_str_eq(back.date, d.date);
    ck_assert_str_eq(back.source, d.source);
    ck_assert_str_eq(back.url, d.url);
    ck_assert_str_eq(back.path, d.path);
    ck_assert_int_eq(back.start, d.start);
    ck_assert_int_eq(back.end, d.end);
    ck_assert_str_eq(back.span, d.span);
    ck_assert_uint_eq(back.text_len, 3);
    ck_assert(memcmp(back.text, "a\0b", 4) == 0);   /* NUL-terminated too */
    ck_assert_str_eq(back.country, d.country);
    ck_assert_str_eq(back.ministry, d.ministry);
    ck_assert_str_eq(back.subject, d.subject);
    ck_assert_str_eq(back.category, d.category);
    ck_assert_ptr_nonnull(extra = silk_passage_data_extra(&back));
    ck_assert_str_eq(extra, "{\"k\":[1,2]}");
    free(extra);
    silk_passage_data_clear(&back);
    ck_assert_ptr_null(back.article);
    silk_passage_data_clear(&back);   /* twice: a no-op */
    free(s);

    /* Another passage: its own fields, the article's empty. */
    d.passage = 7;
    ck_assert_int_eq(silk_passage_data_encode(&d, &s, &len), 0);
    ck_assert_int_eq(silk_passage_data_decode(&back, s, len), 0);
    ck_assert(!back.has_article);
    ck_assert_int_eq(back.passage, 7);
    ck_assert_str_eq(back.country, "GB");
    ck_assert_str_eq(back.title, "");
    ck_assert_str_eq(back.subject, "");
    ck_assert_ptr_null(back.extra);
    ck_assert_ptr_nonnull(extra = silk_passage_data_extra(&back));
    ck_assert_str_eq(extra, "{}");
    free(extra);
    silk_passage_data_clear(&back);
    free(s);
}
END_TEST

/* Is d empty, as bytes that are not a record decode? */
static void assert_empty(const silk_passage_data_t *d)
{
    ck_assert_int_eq(d->passage, -1);
    ck_assert_int_eq(d->start, -1);
    ck_assert_int_eq(d->end, -1);
    ck_assert_str_eq(d->span, "text");
    ck_assert_str_eq(d->text, "");
    ck_assert_str_eq(d->article, "");
    ck_assert_str_eq(d->title, "");
    ck_assert_str_eq(d->country, "");
    ck_assert(!d->has_article);
}

typedef struct decode_case {
    const char *what;
    const char *data;
    size_t len;
} decode_case_t;

#define BYTES(s) s, sizeof s - 1
static const decode_case_t decode_cases[] = {
    { "nothing", BYTES("") },
    { "schema 3's JSON", BYTES("{\"article\":\"a\",\"passage\":0,\"text\":\"x\"}") },
    { "another version", BYTES("\x05\x00\x00\x00\x00\x01" "a\x01x\x00\x00") },
    { "an unknown span", BYTES("\x04\x03\x00\x00\x00\x01" "a\x01x\x00\x00") },
    { "a varint of 10 bytes",
      BYTES("\x04\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"
            "\x00\x00\x01" "a\x01x\x00\x00") },
    { "a length past the end", BYTES("\x04\x00\x01\x00\x00\x01" "a\x7fx\x00\x00") },
    { "a huge length", BYTES("\x04\x00\x01\x00\x00\x01" "a"
                             "\xff\xff\xff\xff\xff\xff\xff\xff\x7f" "x\x00\x00") },
    { "text not UTF-8", BYTES("\x04\x00\x01\x00\x00\x01" "a\x01\xff\x00\x00") },
    { "an article block cut short",
      BYTES("\x04\x00\x00\x00\x00\x01" "a\x01x\x00\x00" "\x01T\x00") },
    { "bytes left over",
      BYTES("\x04\x00\x01\x00\x00\x01" "a\x01x\x00\x00"
            "\x00\x00\x00\x00\x00\x00\x00\x02{}" "!") },
};
#undef BYTES

/* Bytes that are not a whole record decode as empty. */
START_TEST(test_decode_garbage)
{
    const decode_case_t *c = &decode_cases[_i];
    silk_passage_data_t d;
    /* A copy of exactly len bytes: ASan sees any read past them. */
    char *copy = malloc(c->len ? c->len : 1);
    char *extra;

    memcpy(copy, c->data, c->len);
    ck_assert_int_eq(silk_passage_data_decode(&d, copy, c->len), 0);
    assert_empty(&d);
    ck_assert_ptr_nonnull(extra = silk_passage_data_extra(&d));
    ck_assert_str_eq(extra, "{}");
    free(extra);
    silk_passage_data_clear(&d);
    free(copy);
    /* No data at all (NULL) decodes as empty too. */
    ck_assert_int_eq(silk_passage_data_decode(&d, NULL, 0), 0);
    assert_empty(&d);
    silk_passage_data_clear(&d);
}
END_TEST

/* A record cut short anywhere decodes as empty, and a whole one with any
 * byte changed does not read outside it (ASan). The cut records are
 * exact-size copies, so a read past the end is caught. */
START_TEST(test_decode_truncated)
{
    silk_passage_data_t d = {
        .article = "a1", .passage = 0, .title = "Title", .date = "2021",
        .source = "S", .url = "u", .path = "p", .start = 200, .end = 9000,
        .span = "file", .text = "Some text here", .text_len = 14,
        .country = "CN", .ministry = "m", .subject = "LA", .category = "c",
        .extra = "{\"a\":1}",
    }, back;
    char *s;
    size_t len;

    ck_assert_int_eq(silk_passage_data_encode(&d, &s, &len), 0);
    for (size_t n = 0; n < len; n++) {
        char *cut = malloc(n ? n : 1);
        memcpy(cut, s, n);
        ck_assert_int_eq(silk_passage_data_decode(&back, cut, n), 0);
        /* Cut right after the passage's strings it is a whole record of
         * a passage without the article's fields; anywhere else, none. */
        if (back.has_article || *back.text)
            ck_assert(!back.has_article && strcmp(back.title, "") == 0 &&
                      strcmp(back.text, d.text) == 0);
        else
            assert_empty(&back);
        silk_passage_data_clear(&back);
        free(cut);
    }
    for (size_t i = 0; i < len; i++)
        for (int bit = 0; bit < 8; bit++) {
            char *bad = malloc(len);
            memcpy(bad, s, len);
            bad[i] = (char)(bad[i] ^ (1 << bit));
            ck_assert_int_eq(silk_passage_data_decode(&back, bad, len), 0);
            ck_assert_ptr_nonnull(back.text);
            ck_assert_ptr_nonnull(back.title);
            silk_passage_data_clear(&back);
            free(bad);
        }
    free(s);
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
    tcase_add_loop_test(t, test_decode_garbage, 0,
                        sizeof decode_cases / sizeof *decode_cases);
    tcase_add_test(t, test_decode_truncated);
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
