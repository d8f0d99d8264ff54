/* check_util.c: Check suite for util/ — the sticky-error buffer, typed
 * arrays, the one UTF-8 repair (one U+FFFD per maximal ill-formed
 * subpart) and the Windows-1252 reading, the string hash map, the clock,
 * whole-file reads with their limit and errors, and the status names.
 * (The date parser, also in util/, has its own suite: check_date.c.)
 */
#define _POSIX_C_SOURCE 200809L  /* mkdtemp */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "silk_buf.h"
#include "silk_clock.h"
#include "silk_file.h"
#include "silk_map.h"
#include "silk_num.h"
#include "silk_status.h"
#include "silk_utf8.h"
#include "silk_vec.h"

#define N(a) (sizeof (a) / sizeof (a)[0])
#define R SILK_UTF8_REPLACEMENT

/* ---- silk_buf ---- */

START_TEST(test_buf_append)
{
    silk_buf_t b = SILK_BUF_INIT;
    ck_assert_str_eq(silk_buf_str(&b), "");
    ck_assert_int_eq(silk_buf_puts(&b, "oil"), 0);
    ck_assert_int_eq(silk_buf_putc(&b, ' '), 0);
    ck_assert_int_eq(silk_buf_printf(&b, "%d%s", 42, "%"), 0);
    ck_assert_int_eq(silk_buf_append(&b, "xyz", 0), 0);
    ck_assert_str_eq(silk_buf_str(&b), "oil 42%");
    ck_assert_uint_eq(b.len, 7);
    ck_assert_int_eq(silk_buf_status(&b), SILK_OK);
    /* a printf longer than the on-stack room goes straight to the buffer */
    char big[1000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ck_assert_int_eq(silk_buf_printf(&b, "[%s]", big), 0);
    ck_assert_uint_eq(b.len, 7 + 1001);
    ck_assert_int_eq(b.p[b.len - 1], ']');
    ck_assert_int_eq(b.p[b.len], '\0');
    size_t len = 0;
    char *s = silk_buf_detach(&b, &len);
    ck_assert_uint_eq(len, 1008);
    ck_assert(strncmp(s, "oil 42%[aaa", 11) == 0);
    free(s);
    ck_assert_ptr_null(b.p);
    ck_assert_uint_eq(b.len, 0);
}
END_TEST

START_TEST(test_buf_sticky)
{
    silk_buf_t b = SILK_BUF_INIT;
    silk_buf_puts(&b, "kept");
    /* a size no allocator can give: the append fails, the error sticks */
    ck_assert_int_eq(silk_buf_reserve(&b, SIZE_MAX - 2), -1);
    ck_assert_int_eq(silk_buf_status(&b), SILK_NO_MEMORY);
    ck_assert_str_eq(silk_buf_str(&b), "kept");
    ck_assert_int_eq(silk_buf_puts(&b, " more"), 0);  /* later appends work */
    ck_assert_int_eq(silk_buf_status(&b), SILK_NO_MEMORY);  /* ... but it sticks */
    ck_assert_ptr_null(silk_buf_detach(&b, NULL));  /* short contents: refused */
    ck_assert_ptr_null(b.p);
    silk_buf_puts(&b, "again");
    ck_assert_int_eq(silk_buf_status(&b), SILK_OK);
    silk_buf_clear(&b);
    ck_assert_str_eq(silk_buf_str(&b), "");
    silk_buf_free(&b);
}
END_TEST

/* ---- silk_vec ---- */

START_TEST(test_vec)
{
    SILK_VEC(int) v = {0};
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(silk_vec_push(&v, i * 3), 0);
    ck_assert_uint_eq(v.n, 1000);
    ck_assert_uint_ge(v.cap, 1000);
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(v.v[i], i * 3);
    ck_assert_int_eq(silk_vec_reserve(&v, 5000), 0);
    ck_assert_uint_ge(v.cap - v.n, 5000);
    ck_assert(!v.failed);
    /* more items than memory can hold: refused, items kept, error set */
    ck_assert_int_eq(silk_vec_reserve(&v, SIZE_MAX / 2), -1);
    ck_assert(v.failed);
    ck_assert_uint_eq(v.n, 1000);
    ck_assert_int_eq(v.v[999], 2997);
    silk_vec_free(&v);
    ck_assert_ptr_null(v.v);
    ck_assert_uint_eq(v.n, 0);
    ck_assert(!v.failed);
}
END_TEST

/* ---- silk_utf8 ---- */

static const struct repair_case {
    const char *in;
    size_t len;       /* 0: strlen(in) */
    const char *out;
    size_t nbad;
} repair_cases[] = {
    {"plain ascii", 0, "plain ascii", 0},
    {"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\xB0", 0,
     "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\xB0", 0},
    {"caf\xC3", 0, "caf" R, 1},                         /* cut at the end */
    {"a\xFF" "b", 0, "a" R "b", 1},                      /* never a lead byte */
    {"a\xE2\x82" "b", 0, "a" R "b", 1},                  /* one maximal subpart */
    {"a\xF0\x9F\x93" "b", 0, "a" R "b", 1},
    {"a\x80\x80" "b", 0, "a" R R "b", 2},                /* lone continuations */
    {"\xC0\xAF", 0, R R, 2},                             /* overlong '/' */
    {"\xED\xA0\x80", 0, R R R, 3},                       /* a surrogate */
    {"\xF4\x90\x80\x80", 0, R R R R, 4},                 /* past U+10FFFF */
    {"\xE0\x80\xAF", 0, R R R, 3},                       /* overlong 3-byte */
    /* Unicode's own example (3.9, Table 3-8): 61 F1 80 80 E1 80 C2 62
     * 80 63 80 BF 64 reads as a, FFFD, FFFD, FFFD, b, FFFD, c, FFFD,
     * FFFD, d */
    {"\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64", 0,
     "a" R R R "b" R "c" R R "d", 6},
    {"x\0y", 3, "x" R "y", 1},                           /* NUL */
};

START_TEST(test_utf8_repair)
{
    const struct repair_case *c = &repair_cases[_i];
    size_t n = c->len ? c->len : strlen(c->in), nbad = 0;
    silk_buf_t b = SILK_BUF_INIT;
    silk_buf_puts(&b, ">");
    ck_assert_int_eq(silk_utf8_repair(&b, c->in, n, &nbad), 0);
    ck_assert_str_eq(b.p + 1, c->out);
    ck_assert_uint_eq(nbad, c->nbad);
    ck_assert_int_eq(b.p[0], '>');                  /* it appends */
    ck_assert(silk_utf8_valid(b.p, b.len, NULL));   /* the result is clean */
    ck_assert(silk_utf8_valid(c->in, n, NULL) == (c->nbad == 0));
    silk_buf_free(&b);
}
END_TEST

START_TEST(test_utf8_valid_counts)
{
    size_t mb = 99;
    ck_assert(silk_utf8_valid("abc", 3, &mb));
    ck_assert_uint_eq(mb, 0);
    ck_assert(!silk_utf8_valid("\xC3\xA9 \xFF \xE2\x82\xAC", 8, &mb));
    ck_assert_uint_eq(mb, 2);
    ck_assert(silk_utf8_valid("", 0, NULL));
}
END_TEST

START_TEST(test_utf8_open_tail)
{
    const unsigned char *s = (const unsigned char *)"ab\xE2\x82";
    ck_assert_uint_eq(silk_utf8_open_tail(s, 4), 2);        /* may complete */
    ck_assert_uint_eq(silk_utf8_open_tail(s, 3), 1);
    ck_assert_uint_eq(silk_utf8_open_tail(s, 2), 0);
    s = (const unsigned char *)"\xE2\x82\xAC";
    ck_assert_uint_eq(silk_utf8_open_tail(s, 3), 0);        /* complete */
    s = (const unsigned char *)"a\xE2\x41";
    ck_assert_uint_eq(silk_utf8_open_tail(s, 3), 0);        /* already bad */
}
END_TEST

START_TEST(test_cp1252)
{
    silk_buf_t b = SILK_BUF_INIT;
    /* "£5 – café’s" as Windows-1252; 0x81 is undefined: U+0081 */
    const char in[] = "\xA3" "5 \x96 caf\xE9\x92s \x81";
    ck_assert_int_eq(silk_utf8_from_cp1252(&b, in, strlen(in)), 0);
    ck_assert_str_eq(b.p, "\xC2\xA3" "5 \xE2\x80\x93 caf\xC3\xA9\xE2\x80\x99s \xC2\x81");
    ck_assert(silk_utf8_valid(b.p, b.len, NULL));
    silk_buf_free(&b);
}
END_TEST

/* ---- silk_map ---- */

START_TEST(test_map)
{
    silk_map_t m = SILK_MAP_INIT;
    enum { KEYS = 5000 };
    static char keys[KEYS][16];
    static int vals[KEYS];
    ck_assert_ptr_null(silk_map_get(&m, "x", 1));    /* empty map */
    for (int i = 0; i < KEYS; i++) {
        snprintf(keys[i], sizeof keys[i], "id-%d", i);
        vals[i] = i;
        ck_assert_int_eq(silk_map_put(&m, keys[i], strlen(keys[i]), &vals[i]), 0);
    }
    ck_assert_uint_eq(silk_map_count(&m), KEYS);
    for (int i = 0; i < KEYS; i++) {
        int *v = silk_map_get(&m, keys[i], strlen(keys[i]));
        ck_assert_ptr_nonnull(v);
        ck_assert_int_eq(*v, i);
    }
    ck_assert_ptr_null(silk_map_get(&m, "id-5000", 7));
    ck_assert_ptr_null(silk_map_get(&m, "id-1", 3));  /* a prefix is not a key */
    /* replace: same count, new value */
    static int other = -1;
    ck_assert_int_eq(silk_map_put(&m, "id-7", 4, &other), 0);
    ck_assert_uint_eq(silk_map_count(&m), KEYS);
    ck_assert_int_eq(*(int *)silk_map_get(&m, "id-7", 4), -1);
    /* the hash continues over pieces */
    uint64_t h = silk_map_hash(SILK_MAP_HASH_INIT, "id-", 3);
    h = silk_map_hash(h, "42", 2);
    ck_assert_uint_eq(h, silk_map_hash(SILK_MAP_HASH_INIT, "id-42", 5));
    ck_assert_int_eq(*(int *)silk_map_get_hashed(&m, "id-42", 5, h), 42);
    /* iteration meets every entry once */
    size_t pos = 0, seen = 0;
    long sum = 0;
    const char *k;
    void *v;
    while (silk_map_next(&m, &pos, &k, &v)) {
        seen++;
        sum += *(int *)v;
        ck_assert(strncmp(k, "id-", 3) == 0);
    }
    ck_assert_uint_eq(seen, KEYS);
    ck_assert_int_eq(sum, (long)KEYS * (KEYS - 1) / 2 - 7 - 1);
    silk_map_fini(&m);
    ck_assert_uint_eq(silk_map_count(&m), 0);
    ck_assert_ptr_null(silk_map_get(&m, "id-1", 4));
}
END_TEST

/* ---- silk_clock ---- */

START_TEST(test_clock)
{
    double s0 = silk_clock_now(), m0 = silk_clock_ms();
    nanosleep(&(struct timespec){0, 20000000}, NULL);
    double s1 = silk_clock_now(), m1 = silk_clock_ms();
    ck_assert(s1 - s0 >= 0.019);
    ck_assert(m1 - m0 >= 19.0);
    ck_assert(m1 - m0 < 10000.0);
    ck_assert(m0 / 1e3 - s0 < 1.0);     /* the same clock in two units */
}
END_TEST

/* ---- silk_file ---- */

static char dir[64];

/* A fresh temporary directory per test (also with CK_FORK=no); the files
 * are removed by rm_dir. */
static void make_dir(void)
{
    snprintf(dir, sizeof dir, "%s/check_util.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void rm_dir(const char *const *names)
{
    char p[128];
    for (; *names; names++) {
        snprintf(p, sizeof p, "%s/%s", dir, *names);
        unlink(p);
    }
    rmdir(dir);
}

static char *path_in(const char *name)
{
    static char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

static void write_file(const char *name, const char *s, size_t n)
{
    FILE *f = fopen(path_in(name), "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(s, 1, n, f), n);
    fclose(f);
}

START_TEST(test_file_read)
{
    char *s = NULL;
    size_t len = 99;
    const char *why = NULL;
    make_dir();
    write_file("a.txt", "oil\0prices\n", 11);
    ck_assert_int_eq(silk_file_read(&s, &len, path_in("a.txt"), 100, &why), SILK_OK);
    ck_assert_uint_eq(len, 11);
    ck_assert_mem_eq(s, "oil\0prices\n", 12);   /* NUL-terminated too */
    free(s);
    /* exactly at the limit: read */
    ck_assert_int_eq(silk_file_read(&s, &len, path_in("a.txt"), 11, &why), SILK_OK);
    free(s);
    /* empty: "" */
    write_file("empty", "", 0);
    ck_assert_int_eq(silk_file_read(&s, &len, path_in("empty"), 10, &why), SILK_OK);
    ck_assert_uint_eq(len, 0);
    ck_assert_str_eq(s, "");
    free(s);
    /* a big file, read in several chunks */
    size_t big = 200000;
    char *b = malloc(big);
    for (size_t i = 0; i < big; i++)
        b[i] = (char)('a' + i % 26);
    write_file("big", b, big);
    ck_assert_int_eq(silk_file_read(&s, &len, path_in("big"), big, &why), SILK_OK);
    ck_assert_uint_eq(len, big);
    ck_assert_mem_eq(s, b, big);
    free(s);
    free(b);
    rm_dir((const char *const[]){"a.txt", "empty", "big", NULL});
}
END_TEST

START_TEST(test_file_errors)
{
    char *s = (char *)"x";
    const char *why = NULL;
    make_dir();
    write_file("a.txt", "0123456789", 10);
    ck_assert_int_eq(silk_file_read(&s, NULL, path_in("a.txt"), 9, &why), SILK_INVALID);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(why, "larger than the limit");
    ck_assert_ptr_eq(why, silk_file_too_large);
    ck_assert_int_eq(silk_file_read(&s, NULL, path_in("none"), 9, &why), SILK_NOT_FOUND);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(why, "No such file or directory");
    ck_assert_int_eq(silk_file_read(&s, NULL, dir, 9, &why), SILK_INVALID);
    ck_assert_str_eq(why, "is a directory");
    ck_assert_int_eq(silk_file_read(&s, NULL, path_in("a.txt/x"), 9, &why), SILK_ERROR);
    ck_assert_str_eq(why, "Not a directory");
    rm_dir((const char *const[]){"a.txt", NULL});
}
END_TEST

START_TEST(test_file_stdin)
{
    char *s = NULL;
    size_t len = 0;
    const char *why = NULL;
    make_dir();
    write_file("in", "from stdin", 10);
    ck_assert_ptr_nonnull(freopen(path_in("in"), "rb", stdin));
    ck_assert_int_eq(silk_file_read(&s, &len, "-", 100, &why), SILK_OK);
    ck_assert_str_eq(s, "from stdin");
    free(s);
    rm_dir((const char *const[]){"in", NULL});
}
END_TEST

/* ---- silk_status ---- */

/* A user's number: digits only, within the caller's range. */
typedef struct num_case {
    const char *s;
    unsigned long lo, hi;
    int rc;
    unsigned long want;
} num_case_t;

static const num_case_t num_cases[] = {
    { "0", 0, 10, 0, 0 },
    { "10", 0, 10, 0, 10 },
    { "11", 0, 10, -1, 0 },
    { "0", 1, 65535, -1, 0 },          /* below the range: a port 0 */
    { "65535", 1, 65535, 0, 65535 },
    { "007", 0, 10, 0, 7 },
    { "", 0, 10, -1, 0 },
    { "-1", 0, 10, -1, 0 },
    { "+1", 0, 10, -1, 0 },
    { " 1", 0, 10, -1, 0 },
    { "1 ", 0, 10, -1, 0 },
    { "1e3", 0, 100000, -1, 0 },
    { "0x10", 0, 100, -1, 0 },
    { "4294967296", 0, 4294967295UL, -1, 0 },
    { "99999999999999999999999", 0, (unsigned long)-1, -1, 0 }, /* overflow */
};

START_TEST(test_parse_ulong)
{
    const num_case_t *c = &num_cases[_i];
    unsigned long v = 12345;

    ck_assert_int_eq(silk_parse_ulong(c->s, c->lo, c->hi, &v), c->rc);
    ck_assert_uint_eq(v, c->rc == 0 ? c->want : 12345);  /* untouched on -1 */
}
END_TEST

START_TEST(test_status_str)
{
    ck_assert_str_eq(silk_status_str(SILK_OK), "ok");
    ck_assert_str_eq(silk_status_str(SILK_NO_MEMORY), "out of memory");
    ck_assert_str_eq(silk_status_str(SILK_INVALID), "invalid argument");
    ck_assert_str_eq(silk_status_str((silk_status_t)1000), "unknown status");
}
END_TEST

static Suite *util_suite(void)
{
    Suite *s = suite_create("util");
    TCase *core = tcase_create("core");
    tcase_add_test(core, test_buf_append);
    tcase_add_test(core, test_vec);
    tcase_add_loop_test(core, test_utf8_repair, 0, N(repair_cases));
    tcase_add_test(core, test_utf8_valid_counts);
    tcase_add_test(core, test_utf8_open_tail);
    tcase_add_test(core, test_cp1252);
    tcase_add_test(core, test_map);
    tcase_add_test(core, test_clock);
    tcase_add_test(core, test_file_read);
    tcase_add_test(core, test_file_stdin);
    tcase_add_test(core, test_status_str);
    tcase_add_loop_test(core, test_parse_ulong, 0,
                        (int)(sizeof num_cases / sizeof num_cases[0]));
    suite_add_tcase(s, core);
    TCase *errors = tcase_create("errors");
    tcase_add_test(errors, test_buf_sticky);
    tcase_add_test(errors, test_file_errors);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(util_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
