/* check_date.c: Check suite for the date parser (util/silk_date.h) — every
 * metadata form and its impossible cousins, and the header rules: what is
 * a publication date (a label, a date line of its own, a wire dateline
 * with a year) and what is only a date in the prose (never taken).
 */
#define _POSIX_C_SOURCE 200809L  /* rand_r */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "silk_date.h"

/* ---- metadata mode ---- */

static const struct meta_case {
    const char *in, *out;  /* out NULL: rejected */
} meta_cases[] = {
    {"2021-03-02", "2021-03-02"},
    {"  2021-03-02  ", "2021-03-02"},
    {"2021-03-02\n", "2021-03-02"},
    {"2021-03-02T09:02:31", "2021-03-02"},
    {"2021-03-02 09:02:31", "2021-03-02"},
    {"2021-03-02 09:02", "2021-03-02"},
    {"1987-02-26T15:01:01.79", "1987-02-26"},
    {"2021-03-02T09:02:31Z", "2021-03-02"},
    {"2021-03-02T09:02:31+08:00", "2021-03-02"},
    {"2021-03-02T09:02:31-0500", "2021-03-02"},
    {"2021/03/02", "2021-03-02"},
    {"2021-03", "2021-03"},
    {"2021", "2021"},
    {"March 2, 2021", "2021-03-02"},
    {"Mar. 2nd 2021", "2021-03-02"},
    {"september 30, 2020", "2020-09-30"},
    {"Sept 1, 2020", "2020-09-01"},
    {"Sept. 3, 2021", "2021-09-03"},       /* the facets matcher refused it */
    {"2 Mar 2021", "2021-03-02"},
    {"12 November 2020", "2020-11-12"},
    {"1 March, 2005", "2005-03-01"},
    {"2nd of March 2021", "2021-03-02"},
    {"March 2021", "2021-03"},
    {"March, 2021", "2021-03"},
    {"26-FEB-1987 15:01:01.79", "1987-02-26"},  /* Reuters' SGML DATE */
    {"Tue, 02 Mar 2021 09:02:31 GMT", "2021-03-02"},  /* RSS, e-mail */
    {"Tue, 02 Mar 2021 09:02:31 +0800", "2021-03-02"},
    {"Tuesday, 1 March, 2005, 12:01 GMT", "2005-03-01"},
    {"March 2, 2021 at 9:05 pm", "2021-03-02"},
    {"March 2, 2021, 9:05 a.m. EST", "2021-03-02"},
    {"2024-02-29", "2024-02-29"},
    {"2000-02-29", "2000-02-29"},
    {"1000", "1000"},
    {"1066-10-14", "1066-10-14"},          /* one range in both modes now */
    {"9999-12-31", "9999-12-31"},
    {"2021-13-01", NULL},
    {"2021-00-10", NULL},
    {"2021-02-30", NULL},
    {"2021-02-29", NULL},
    {"1900-02-29", NULL},
    {"2021-04-31", NULL},
    {"2021-03-00", NULL},
    {"0999", NULL},
    {"0001-01-01", NULL},                  /* a database's "no date" */
    {"999", NULL},
    {"10000", NULL},
    {"2021-3-2", NULL},
    {"2021-03-02T25:00", NULL},
    {"2021-03-02 23:61", NULL},
    {"March 2, 2021 13:05 pm", NULL},
    {"2021-03-02Tnoon", NULL},
    {"2021-03/02", NULL},
    {"February 30, 2021", NULL},
    {"32 Mar 2021", NULL},
    {"Smarch 2, 2021", NULL},
    {"March2021", NULL},
    {"03/02/2021", NULL},                  /* month or day first? refused */
    {"soon", NULL},
    {"", NULL},
    {"   ", NULL},
    {"2021-03-02 and more", NULL},
};

START_TEST(test_meta)
{
    const struct meta_case *c = &meta_cases[_i];
    char out[SILK_DATE_BYTES] = "garbage";
    bool ok = silk_date_normalize(c->in, out);
    ck_assert_msg(ok == (c->out != NULL), "\"%s\": got %d (%s)", c->in, ok,
                  out);
    ck_assert_str_eq(out, c->out ? c->out : "");
    if (ok) {   /* a normalised date normalises to itself */
        char again[SILK_DATE_BYTES];
        ck_assert(silk_date_normalize(out, again));
        ck_assert_str_eq(again, out);
    }
}
END_TEST

START_TEST(test_meta_null)
{
    char out[SILK_DATE_BYTES] = "x";
    silk_date_t d = {1, 1, 1};
    ck_assert(!silk_date_normalize(NULL, out));
    ck_assert_str_eq(out, "");
    ck_assert(!silk_date_parse(NULL, 5, &d));
    ck_assert_int_eq(d.year, 0);
    /* The length counts, not a NUL. */
    ck_assert(silk_date_parse("2021-03-02xyz", 10, &d));
    ck_assert_int_eq(d.day, 2);
}
END_TEST

static const struct month_case {
    const char *in;
    int month;
    size_t end;
} month_cases[] = {
    {"March 2", 3, 5}, {"mar", 3, 3}, {"Mar. 2", 3, 4}, {"SEPT.", 9, 5},
    {"Sept 1", 9, 4}, {"May.", 5, 3}, {"june", 6, 4}, {"Jun.", 6, 4},
    {"Marching", 0, 0}, {"Ma", 0, 0}, {"Septembers", 0, 0}, {"", 0, 0},
};

START_TEST(test_month_name)
{
    const struct month_case *c = &month_cases[_i];
    size_t end = 99;
    ck_assert_int_eq(silk_date_month_name(c->in, strlen(c->in), &end),
                     c->month);
    if (c->month)
        ck_assert_uint_eq(end, c->end);
}
END_TEST

/* ---- header mode ---- */

static const struct header_case {
    const char *name, *text;
    const char *want;    /* NULL: no date */
    const char *rule;
    const char *span;    /* the text of the date's span */
} header_cases[] = {
    /* the bundled corpus 003: a label in the middle of a line of fields */
    {"label in a line of fields",
     "Tel: +86-17737615274\nAdd : No. 101 NanYang Road\n\nWe will promote it\n\n"
     "Views: 8     Author: Site Editor     Publish Time: 2021-03-02      Origin:\n"
     "Body text.\n", "2021-03-02", "label", "2021-03-02"},
    {"Published:", "Title\nPublished: March 2, 2021\n\nText.", "2021-03-02",
     "label", "March 2, 2021"},
    {"Posted on", "Title\n\nPosted on 2 March 2021 by admin\n\nText.",
     "2021-03-02", "label", "2 March 2021"},
    {"Date: with a weekday and time",
     "Date: Tue, 02 Mar 2021 09:02:31 +0800\nSubject: trade\n\nText.",
     "2021-03-02", "label", "Tue, 02 Mar 2021 09:02:31 +0800"},
    {"Release time, Sept.", "Release time: Sept. 3, 2021\nBody.",
     "2021-09-03", "label", "Sept. 3, 2021"},
    {"a label with a year alone", "Title\nDate: 2021\n\nText.", "2021",
     "label", "2021"},
    {"a label with month and year", "Title\nPublished: March 2021\nText.",
     "2021-03", "label", "March 2021"},
    {"a date line of its own",
     "Ad sales boost Time Warner profit\n\nTuesday, 1 March, 2005, 12:01 GMT\n\n"
     "Quarterly profits jumped.", "2005-03-01", "date-line",
     "Tuesday, 1 March, 2005, 12:01 GMT"},
    {"a wire dateline with a year",
     "Railway opens\n\nBEIJING, March 2, 2021 (Xinhua) -- The railway opened.",
     "2021-03-02", "dateline", "March 2, 2021"},
    {"a dateline with a place of two parts",
     "ROCHESTER, N.Y., March 3, 1987 - Eastman Kodak said.", "1987-03-03",
     "dateline", "March 3, 1987"},
    {"published beats updated",
     "Updated: 2021-03-05\nPublished: 2021-03-02\nText.", "2021-03-02",
     "label", "2021-03-02"},
    {"updated when nothing else", "Title\nLast updated: 2021-03-05 10:00\nText.",
     "2021-03-05", "updated", "2021-03-05 10:00"},
    {"a label beats a date line",
     "March 3, 2021\nPublish Date: 2021-03-02\nText.", "2021-03-02", "label",
     "2021-03-02"},
    {"CRLF header lines", "Title\r\nPublished: 2021-03-02\r\n\r\nText.\r\n",
     "2021-03-02", "label", "2021-03-02"},
    /* never: a date in the prose of the body */
    {"a dateline without a year gives no year",
     "OIL PRICES RISE\n\nNEW YORK, March 3 (Reuters) - Oil rose in 1987 trade.",
     NULL, NULL, NULL},
    {"Reuters' dateline, no year",
     "SALVADOR, Feb 26 - Showers continued throughout the week of 2021-03-02.",
     NULL, NULL, NULL},
    {"BBC: a birthday in the prose",
     "Singer dies at 66\n\nThe singer, who said \"I was born on 25 August, 1938\", "
     "died on Monday.\n", NULL, NULL, NULL},
    {"BBC: a year in the first paragraph",
     "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant "
     "TimeWarner jumped 76% to $1.13bn for the three months to December, from "
     "$639m year-earlier. On 11 September 2001 it fell.\n", NULL, NULL, NULL},
    {"a date inside a sentence near the top",
     "Title\nThe talks of March 2, 2021 ended.\n", NULL, NULL, NULL},
    {"an ISO date in a line with other words",
     "Source: China Trade News 2021-03-02 09:02:31\nText.", NULL, NULL, NULL},
    {"a label inside a word", "Title\nUpdate: 2021-03-02\nText.", NULL, NULL,
     NULL},
    {"a bare label away from the line start",
     "Title\nThe report was published 2 March 2021 by the ministry.\n", NULL,
     NULL, NULL},
    {"a prose place and date without a dash",
     "In Washington, March 3, 2021 was cold.\n", NULL, NULL, NULL},
    {"a line of only a year is no date line", "Title\n2021\nText.", NULL,
     NULL, NULL},
    {"an impossible labelled date", "Date: 2021-02-30\nText.", NULL, NULL,
     NULL},
    {"a date with letters glued on", "Date: 2021-03-02x\nText.", NULL, NULL,
     NULL},
    {"a month and day without a year", "Date: November 12th\nText.", NULL,
     NULL, NULL},
    {"China News Service", "China News Service, November 12th. Ren Hongbin, "
     "Assistant Minister of Commerce, revealed on the 12th...", NULL, NULL,
     NULL},
    {"telephone numbers", "Tel: +86-371-53706735\nFax : +86-371-86153736\n",
     NULL, NULL, NULL},
    {"empty", "", NULL, NULL, NULL},
};

START_TEST(test_header)
{
    const struct header_case *c = &header_cases[_i];
    silk_date_match_t m;
    char out[SILK_DATE_BYTES];
    bool ok = silk_date_in_header(c->text, strlen(c->text), &m);
    if (!c->want) {
        if (ok)
            silk_date_format(&m.date, out);
        ck_assert_msg(!ok, "%s: got %s by %s", c->name, ok ? out : "",
                      ok ? m.rule : "");
        return;
    }
    ck_assert_msg(ok, "%s: no date", c->name);
    silk_date_format(&m.date, out);
    ck_assert_msg(strcmp(out, c->want) == 0, "%s: got %s", c->name, out);
    ck_assert_str_eq(m.rule, c->rule);
    ck_assert_uint_le(m.end, strlen(c->text));
    ck_assert_msg(m.end - m.start == strlen(c->span) &&
                  memcmp(c->text + m.start, c->span, strlen(c->span)) == 0,
                  "%s: span \"%.*s\"", c->name, (int)(m.end - m.start),
                  c->text + m.start);
}
END_TEST

/* Only the first SILK_DATE_HEADER_LINES lines and SILK_DATE_HEADER_BYTES
 * bytes are the header; a line cut by the byte limit is not read. */
START_TEST(test_header_limits)
{
    char text[4096];
    silk_date_match_t m;
    size_t n = 0;

    for (int i = 0; i < SILK_DATE_HEADER_LINES; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "line %d\n", i);
    snprintf(text + n, sizeof text - n, "Published: 2021-03-02\n");
    ck_assert(!silk_date_in_header(text, strlen(text), &m));

    memset(text, 'x', sizeof text);
    memcpy(text + 3000, "\nDate: 2021-03-02\n", 18);
    ck_assert(!silk_date_in_header(text, sizeof text, &m));

    /* "March 2021 was busy" cut after "March 2021" by the limit */
    memset(text, 'x', sizeof text);
    text[0] = '\n';
    memcpy(text + SILK_DATE_HEADER_BYTES - 10, "March 2021 was busy\n", 20);
    ck_assert(!silk_date_in_header(text, sizeof text, &m));
    ck_assert(!silk_date_in_header(NULL, 10, &m));
}
END_TEST

/* Any bytes: no crash, and a date found is real and inside the text. */
START_TEST(test_header_garbage)
{
    unsigned seed = 42;
    char text[512];
    for (int round = 0; round < 2000; round++) {
        size_t n = 1 + (size_t)(rand_r(&seed) % (sizeof text - 1));
        static const char alphabet[] = "0123456789-/:, .\nMarchDateTuePublished";
        for (size_t i = 0; i < n; i++)
            text[i] = alphabet[rand_r(&seed) % (sizeof alphabet - 1)];
        silk_date_match_t m;
        if (silk_date_in_header(text, n, &m)) {
            ck_assert_uint_le(m.end, n);
            ck_assert_uint_lt(m.start, m.end);
            ck_assert_int_ge(m.date.year, SILK_DATE_MIN_YEAR);
        }
    }
}
END_TEST

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))

static Suite *date_suite(void)
{
    Suite *s = suite_create("date");
    TCase *core = tcase_create("core");
    tcase_add_loop_test(core, test_meta, 0, N(meta_cases));
    tcase_add_loop_test(core, test_month_name, 0, N(month_cases));
    tcase_add_loop_test(core, test_header, 0, N(header_cases));
    suite_add_tcase(s, core);
    TCase *errors = tcase_create("errors");
    tcase_add_test(errors, test_meta_null);
    tcase_add_test(errors, test_header_limits);
    tcase_add_test(errors, test_header_garbage);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(date_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
