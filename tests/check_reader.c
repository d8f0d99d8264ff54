/* check_reader.c: Check suite for the corpus readers — plain text with
 * sidecars, JSON Lines (plain, gzip'ed, bounded), JSON files, SGML news
 * collections (Reuters-21578 .sgm, TREC <DOC> files), XML news items
 * (RCV1, NITF; entities and billion laughs not expanded), ids from
 * paths, the directory walk and what it leaves out, text decoding (CRLF,
 * Windows-1252), names that are not UTF-8, and every problem kind. Awkward
 * files are generated in a mkdtemp directory.
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "reader.h"

/* ---- what a walk delivered ---- */

#define MAX_SEEN 256

typedef struct seen_article {
    char *id, *title, *body, *date, *source, *url, *extra, *path;
    size_t body_len;
    unsigned long line, index;
    bool invalid_utf8, cp1252, bad_date;
} seen_article_t;

typedef struct seen_problem {
    silk_problem_t kind;
    char *path, *reason;
    unsigned long line;
} seen_problem_t;

typedef struct seen {
    seen_article_t a[MAX_SEEN];
    size_t na;
    seen_problem_t p[MAX_SEEN];
    size_t np;
    char *skipped[MAX_SEEN], *why[MAX_SEEN];
    size_t ns;
    char from[MAX_SEEN][64];  /* field_from: "title<-headline@2" */
    size_t nfrom;
    int stop_after;  /* stop the walk after this many articles (0: never) */
} seen_t;

static char *xdup(const char *s)
{
    char *d = strdup(s);
    ck_assert_ptr_nonnull(d);
    return d;
}

static int on_article(void *ctx, const silk_article_t *a)
{
    seen_t *s = ctx;
    ck_assert_uint_lt(s->na, MAX_SEEN);
    ck_assert_uint_eq(strlen(a->body), a->body_len);
    seen_article_t *x = &s->a[s->na++];
    x->id = xdup(a->id);
    x->title = xdup(a->title);
    x->body = xdup(a->body);
    x->date = xdup(a->date);
    x->source = xdup(a->source);
    x->url = xdup(a->url);
    x->extra = xdup(a->extra);
    x->path = xdup(a->path);
    x->body_len = a->body_len;
    x->line = a->line;
    x->index = a->index;
    x->invalid_utf8 = a->invalid_utf8;
    x->cp1252 = a->cp1252;
    x->bad_date = a->bad_date;
    /* the contract of every article */
    ck_assert(a->id[0] != '\0');
    ck_assert_uint_le(strlen(a->id), SILK_MAX_ID_BYTES);
    ck_assert_uint_ge(a->index, 1);
    ck_assert_ptr_null(strchr(a->body, '\r'));
    return s->stop_after && (int)s->na >= s->stop_after ? 42 : 0;
}

/* Is s valid UTF-8 (RFC 3629) without control characters? */
static bool clean_utf8_line(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        size_t k = *u < 0x80 ? 1 : (*u & 0xE0) == 0xC0 ? 2
                 : (*u & 0xF0) == 0xE0 ? 3 : (*u & 0xF8) == 0xF0 ? 4 : 0;
        if (k == 0 || (k == 1 && (*u < 0x20 || *u == 0x7F)))
            return false;
        for (size_t i = 1; i < k; i++)
            if ((u[i] & 0xC0) != 0x80)
                return false;
        u += k;
    }
    return true;
}

static void on_problem(void *ctx, silk_problem_t kind, const char *path,
                       unsigned long line, const char *reason)
{
    seen_t *s = ctx;
    ck_assert_uint_lt(s->np, MAX_SEEN);
    ck_assert_msg(clean_utf8_line(reason), "reason not one line of UTF-8: %s",
                  reason);
    s->p[s->np].kind = kind;
    s->p[s->np].path = xdup(path);
    s->p[s->np].reason = xdup(reason);
    s->p[s->np].line = line;
    s->np++;
}

static void on_skipped(void *ctx, const char *path, const char *why)
{
    seen_t *s = ctx;
    ck_assert_uint_lt(s->ns, MAX_SEEN);
    ck_assert(why[0] != '\0');
    s->why[s->ns] = xdup(why);
    s->skipped[s->ns++] = xdup(path);
}

static void on_field_from(void *ctx, const char *path, unsigned long line,
                          silk_reader_field_t field, const char *key)
{
    seen_t *s = ctx;
    (void)path;
    ck_assert_uint_lt(s->nfrom, MAX_SEEN);
    snprintf(s->from[s->nfrom++], sizeof s->from[0], "%s<-%s@%lu",
             silk_reader_field_name(field), key, line);
}

static const silk_reader_cbs_t cbs = {.article = on_article,
                                      .problem = on_problem,
                                      .skipped = on_skipped,
                                      .field_from = on_field_from};

static void seen_free(seen_t *s)
{
    for (size_t i = 0; i < s->na; i++) {
        seen_article_t *x = &s->a[i];
        free(x->id); free(x->title); free(x->body); free(x->date);
        free(x->source); free(x->url); free(x->extra); free(x->path);
    }
    for (size_t i = 0; i < s->np; i++) {
        free(s->p[i].path);
        free(s->p[i].reason);
    }
    for (size_t i = 0; i < s->ns; i++) {
        free(s->skipped[i]);
        free(s->why[i]);
    }
    memset(s, 0, sizeof *s);
}

/* ---- a scratch directory per test ---- */

static char tmpdir[64];
static char pathbuf[512];

static void tmp_setup(void)
{
    strcpy(tmpdir, "/tmp/check_reader.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void tmp_teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

/* tmpdir/rel, in a static buffer. */
static const char *at(const char *rel)
{
    snprintf(pathbuf, sizeof pathbuf, "%s/%s", tmpdir, rel);
    return pathbuf;
}

static void write_bytes(const char *rel, const char *data, size_t len)
{
    FILE *f = fopen(at(rel), "wb");
    ck_assert_msg(f != NULL, "cannot create %s: %s", at(rel), strerror(errno));
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

static void write_text(const char *rel, const char *text)
{
    write_bytes(rel, text, strlen(text));
}

static void make_dir(const char *rel)
{
    ck_assert_int_eq(mkdir(at(rel), 0755), 0);
}

/* Walk the single path tmpdir/rel with options o (NULL: no limit). */
static int walk_with(const char *rel, const silk_reader_opts_t *o, seen_t *s)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    const char *paths[] = {path};
    return silk_reader_walk(o, paths, 1, &cbs, s);
}

static int walk(const char *rel, seen_t *s)
{
    return walk_with(rel, NULL, s);
}

/* Write data[0..len) gzip'ed to tmpdir/rel. */
static void write_gz(const char *rel, const char *data, size_t len)
{
    gzFile z = gzopen(at(rel), "wb");
    ck_assert_ptr_nonnull(z);
    ck_assert_int_eq(gzwrite(z, data, (unsigned)len), (int)len);
    ck_assert_int_eq(gzclose(z), Z_OK);
}

static const seen_problem_t *find_problem(const seen_t *s, silk_problem_t k)
{
    for (size_t i = 0; i < s->np; i++)
        if (s->p[i].kind == k)
            return &s->p[i];
    return NULL;
}

static const char *base(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* ---- plain text with sidecars ---- */

#define NONE ((silk_problem_t)-1)

static const struct txt_case {
    const char *name;
    const char *text;
    const char *meta;        /* NULL: no sidecar */
    const char *id, *title, *date, *source, *url, *extra;
    silk_problem_t problem;  /* NONE, or the one problem expected */
    unsigned long problem_line;
    bool invalid_utf8, bad_date;
} txt_cases[] = {
    {"plain", "\n  First line  \nSecond line.\n", NULL,
     "plain", "First line", "", "", "", "{}", NONE, 0, false, false},
    {"crlf", "Title here\r\n\r\nBody.\r\n", NULL,
     "crlf", "Title here", "", "", "", "{}", NONE, 0, false, false},
    {"no_final_newline", "Title here\n\nBody.", NULL,
     "no_final_newline", "Title here", "", "", "", "{}", NONE, 0, false,
     false},
    {"bom", "\xEF\xBB\xBFHeading\n\nBody.\n", NULL,
     "bom", "Heading", "", "", "", "{}", NONE, 0, false, false},
    {"meta", "First line\n\nBody.\n",
     "# a comment\n\ntitle: The Title\ndate: 2021-03-02\nsource: ECNS\n"
     "url: http://example.com/a?b=c:d\nid: art-7\nAuthor: Someone\n",
     "art-7", "The Title", "2021-03-02", "ECNS", "http://example.com/a?b=c:d",
     "{\"Author\":\"Someone\"}", NONE, 0, false, false},
    {"meta_crlf_case", "First\n", "Title:  Spaced  \r\nDATE: 2019\r\n",
     "meta_crlf_case", "Spaced", "2019", "", "", "{}", NONE, 0, false, false},
    {"meta_empty_title", "From the text\n", "title:\n",
     "meta_empty_title", "From the text", "", "", "", "{}", NONE, 0, false,
     false},
    {"meta_bad_line", "Body text\n", "title: T\nthis line has no colon\n",
     "meta_bad_line", "T", "", "", "", "{}", SILK_PROBLEM_BAD_META, 2, false,
     false},
    /* the reason quotes 60 bytes of the line: cut inside an "é" */
    {"meta_cut_utf8", "Body text\n",
     "x\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
     "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
     "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
     "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
     "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\n",
     "meta_cut_utf8", "Body text", "", "", "", "{}", SILK_PROBLEM_BAD_META, 1,
     false, false},
    {"meta_bad_key", "Body text\n", "two words: x\n",
     "meta_bad_key", "Body text", "", "", "", "{}", SILK_PROBLEM_BAD_META, 1,
     false, false},
    {"meta_bad_date", "Body text\n", "title: T\ndate: 2021-02-30\n",
     "meta_bad_date", "T", "", "", "", "{}", SILK_PROBLEM_BAD_DATE, 2, false,
     true},
    {"meta_duplicate_key", "Body text\n", "title: First\ntitle: Second\n",
     "meta_duplicate_key", "First", "", "", "", "{}", SILK_PROBLEM_BAD_META,
     2, false, false},
    {"meta_duplicate_extra", "Body text\n", "author: A\nauthor: B\n",
     "meta_duplicate_extra", "Body text", "", "", "", "{\"author\":\"A\"}",
     SILK_PROBLEM_BAD_META, 2, false, false},
    {"meta_empty_id", "Body text\n", "title: T\nid:\n",
     "meta_empty_id", "T", "", "", "", "{}", SILK_PROBLEM_BAD_ID, 2, false,
     false},
    {"meta_crlf_cp1252", "Body text\n", "title: Caf\xe9 \xa3\r\n",
     "meta_crlf_cp1252", "Caf\xC3\xA9 \xC2\xA3", "", "", "", "{}", NONE, 0,
     false, false},
    {"meta_long_date", "Body\n", "date: March 2, 2021\n",
     "meta_long_date", "Body", "2021-03-02", "", "", "{}", NONE, 0, false,
     false},
    /* a UTF-8 "é" beside the bad bytes: mixed, so repaired */
    {"bad_utf8", "Caf\xC3\xA9 \xC3 ok \xFF\xFE end\n", NULL,
     "bad_utf8",
     "Caf\xC3\xA9 \xEF\xBF\xBD ok \xEF\xBF\xBD\xEF\xBF\xBD end", "", "",
     "", "{}", SILK_PROBLEM_INVALID_UTF8, 0, true, false},
    /* no UTF-8 sequence at all: Latin-1 / Windows-1252, decoded (BBC's
     * sport/199.txt has one 0xA3, "£"); not a problem */
    {"cp1252", "Price \xa3" "600m, caf\xe9, \x93quoted\x94 \x80 5\n", NULL,
     "cp1252",
     "Price \xC2\xA3" "600m, caf\xC3\xA9, \xE2\x80\x9Cquoted\xE2\x80\x9D "
     "\xE2\x82\xAC 5", "", "", "", "{}", NONE, 0, false, false},
    {"overlong_and_surrogate", "\xC3\xA9 a\xC0\xAF b\xED\xA0\x80 c\n", NULL,
     "overlong_and_surrogate",
     "\xC3\xA9 a\xEF\xBF\xBD\xEF\xBF\xBD b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD c",
     "", "", "", "{}",
     SILK_PROBLEM_INVALID_UTF8, 0, true, false},
};

START_TEST(test_txt)
{
    const struct txt_case *c = &txt_cases[_i];
    char name[128];
    seen_t s = {0};
    snprintf(name, sizeof name, "%s.txt", c->name);
    write_text(name, c->text);
    if (c->meta) {
        snprintf(name, sizeof name, "%s.meta", c->name);
        write_text(name, c->meta);
    }
    ck_assert_int_eq(walk("", &s), 0);
    ck_assert_uint_eq(s.na, 1);
    ck_assert_str_eq(s.a[0].id, c->id);
    ck_assert_str_eq(s.a[0].title, c->title);
    ck_assert_str_eq(s.a[0].date, c->date);
    ck_assert_str_eq(s.a[0].source, c->source);
    ck_assert_str_eq(s.a[0].url, c->url);
    ck_assert_str_eq(s.a[0].extra, c->extra);
    ck_assert_uint_eq(s.a[0].line, 0);
    ck_assert_uint_eq(s.a[0].index, 1);
    ck_assert_int_eq(s.a[0].invalid_utf8, c->invalid_utf8);
    ck_assert_int_eq(s.a[0].cp1252, strncmp(c->name, "cp1252", 6) == 0 ||
                                    strcmp(c->name, "meta_crlf_cp1252") == 0);
    ck_assert_int_eq(s.a[0].bad_date, c->bad_date);
    ck_assert_uint_eq(s.ns, 0);  /* the sidecar is not "skipped" */
    if (c->problem == NONE) {
        ck_assert_uint_eq(s.np, 0);
    } else {
        ck_assert_uint_eq(s.np, 1);
        ck_assert_int_eq(s.p[0].kind, c->problem);
        ck_assert_uint_eq(s.p[0].line, c->problem_line);
    }
    seen_free(&s);
}
END_TEST

START_TEST(test_txt_body_exact)
{
    /* The body is the file's bytes after a BOM, with LF line ends: CRLF,
     * a lone CR and no final newline read like LF. */
    seen_t s = {0};
    write_text("a.txt", "\xEF\xBB\xBFOne\r\n\r\nTwo\rThree\r\n");
    write_text("b.txt", "One\n\nTwo\nThree");
    ck_assert_int_eq(walk("", &s), 0);
    ck_assert_uint_eq(s.na, 2);
    ck_assert_str_eq(s.a[0].body, "One\n\nTwo\nThree\n");
    ck_assert_str_eq(s.a[1].body, "One\n\nTwo\nThree");
    ck_assert_str_eq(base(s.a[0].path), "a.txt");
    seen_free(&s);
}
END_TEST

START_TEST(test_long_title_cut)
{
    /* A first line that is a whole paragraph is cut at a word break. */
    char text[2000] = "";
    seen_t s = {0};
    for (int i = 0; i < 100; i++)
        strcat(text, "word ");
    strcat(text, "\n");
    write_text("long.txt", text);
    ck_assert_int_eq(walk("long.txt", &s), 0);
    ck_assert_uint_le(strlen(s.a[0].title), 203);
    ck_assert_ptr_nonnull(strstr(s.a[0].title, "word word"));
    ck_assert_str_eq(s.a[0].title + strlen(s.a[0].title) - 7, "word\xE2\x80\xA6");
    seen_free(&s);
}
END_TEST

/* ---- problems with whole files ---- */

START_TEST(test_empty_and_binary)
{
    static const char nul_early[] = "text\0more";
    char *late = malloc(9000);
    seen_t s = {0};
    ck_assert_ptr_nonnull(late);
    memset(late, 'a', 9000);
    late[8500] = '\0';
    write_text("empty.txt", "");
    write_text("space.txt", " \n\t\r\n");
    write_bytes("nul.txt", nul_early, sizeof nul_early - 1);
    write_bytes("nul_late.txt", late, 9000);
    write_text("empty.jsonl", "");
    write_text("blank.jsonl", "\n  \n");
    write_bytes("nul.jsonl", "{\"id\":1}\0\n", 10);
    free(late);
    ck_assert_int_eq(walk("", &s), 0);
    /* Sorted: blank.jsonl empty.jsonl empty.txt nul.jsonl nul.txt
     * nul_late.txt space.txt */
    ck_assert_uint_eq(s.np, 7);
    static const struct { const char *file; silk_problem_t kind; } want[] = {
        {"blank.jsonl", SILK_PROBLEM_EMPTY},  {"empty.jsonl", SILK_PROBLEM_EMPTY},
        {"empty.txt", SILK_PROBLEM_EMPTY},    {"nul.jsonl", SILK_PROBLEM_BINARY},
        {"nul.txt", SILK_PROBLEM_BINARY},
        {"nul_late.txt", SILK_PROBLEM_BINARY},
        {"space.txt", SILK_PROBLEM_EMPTY}};
    for (size_t i = 0; i < 7; i++) {
        ck_assert_str_eq(base(s.p[i].path), want[i].file);
        ck_assert_int_eq(s.p[i].kind, want[i].kind);
    }
    /* A NUL past the first 8 KiB makes the file binary too (issue 15):
     * it is skipped, as docs/bad-input.md says. */
    ck_assert_uint_eq(s.na, 0);
    ck_assert_ptr_nonnull(strstr(s.p[5].reason, "offset 8500"));
    seen_free(&s);
}
END_TEST

/* ---- JSON Lines ---- */

/* 200 bytes of an id: one more is too long. */
#define X10 "xxxxxxxxxx"
#define X200 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 \
             X10 X10 X10 X10 X10 X10 X10 X10 X10 X10

static const struct jsonl_case {
    const char *name;
    const char *line;        /* one line, without its newline */
    const char *id, *title, *body, *date, *extra;  /* id NULL: rejected */
    silk_problem_t problem;
    const char *reason;      /* substring of the problem's reason */
    bool invalid_utf8, bad_date;
} jsonl_cases[] = {
    {"minimal", "{\"id\":\"a\",\"title\":\"T\",\"body\":\"B\"}",
     "a", "T", "B", "", "{}", NONE, NULL, false, false},
    {"id_integer", "{\"id\":17,\"title\":\"T\",\"body\":\"B\"}",
     "17", "T", "B", "", "{}", NONE, NULL, false, false},
    {"id_real", "{\"id\":1.5,\"title\":\"T\",\"body\":\"B\"}",
     "1.5", "T", "B", "", "{}", NONE, NULL, false, false},
    {"date_time_dropped",
     "{\"id\":\"a\",\"title\":\"T\",\"body\":\"B\",\"date\":\"1987-02-26T15:01:01.79\"}",
     "a", "T", "B", "1987-02-26", "{}", NONE, NULL, false, false},
    {"extra_fields",
     "{\"id\":\"a\",\"body\":\"B\",\"title\":\"T\",\"places\":[\"usa\",\"uk\"],\"n\":1,\"source\":\"R\"}",
     "a", "T", "B", "", "{\"places\":[\"usa\",\"uk\"],\"n\":1}", NONE, NULL,
     false, false},
    {"nulls_are_absent",
     "{\"id\":\"a\",\"title\":null,\"body\":\"First line\\nrest\",\"date\":null,\"url\":null}",
     "a", "First line", "First line\nrest", "", "{}", NONE, NULL, false, false},
    {"empty_body_kept", "{\"id\":\"a\",\"title\":\"Brief\",\"body\":\"\"}",
     "a", "Brief", "", "", "{}", NONE, NULL, false, false},
    {"bad_date", "{\"id\":\"a\",\"title\":\"T\",\"body\":\"B\",\"date\":\"2021-13-01\"}",
     "a", "T", "B", "", "{}", SILK_PROBLEM_BAD_DATE, "2021-13-01", false, true},
    {"invalid_utf8_repaired", "{\"id\":\"a\",\"title\":\"T\",\"body\":\"x\xFFy\"}",
     "a", "T", "x\xEF\xBF\xBDy", "", "{}", SILK_PROBLEM_INVALID_UTF8, "U+FFFD",
     true, false},
    {"nul_escape_replaced", "{\"id\":\"a\",\"title\":\"T\",\"body\":\"x\\u0000y\"}",
     "a", "T", "x\xEF\xBF\xBDy", "", "{}", SILK_PROBLEM_INVALID_UTF8, "NUL",
     true, false},
    /* a headline without a body (or with "body": null) is an article */
    {"no_body", "{\"id\":\"a\",\"title\":\"T\"}",
     "a", "T", "", "", "{}", NONE, NULL, false, false},
    {"null_body", "{\"id\":\"a\",\"title\":\"T\",\"body\":null}",
     "a", "T", "", "", "{}", NONE, NULL, false, false},
    /* no id: the file's id and the line number */
    {"no_id", "{\"title\":\"T\",\"body\":\"B\"}",
     "c:2", "T", "B", "", "{}", NONE, NULL, false, false},
    {"null_id", "{\"id\":null,\"title\":\"T\",\"body\":\"B\"}",
     "c:2", "T", "B", "", "{}", NONE, NULL, false, false},
    {"empty_id", "{\"id\":\"\",\"body\":\"B\"}",
     "c:2", "B", "B", "", "{}", SILK_PROBLEM_BAD_ID, "\"id\" is empty",
     false, false},
    {"crlf_in_strings",
     "{\"id\":\"a\",\"title\":\"T\\r\\nU\",\"body\":\"One\\r\\n\\r\\nTwo\"}",
     "a", "T\nU", "One\n\nTwo", "", "{}", NONE, NULL, false, false},
    {"neither_title_nor_body",
     "{\"id\":\"a\",\"title\":\" \",\"body\":\"\",\"when\":1}",
     NULL, NULL, NULL, NULL, NULL, SILK_PROBLEM_EMPTY,
     "no title and no body: nothing to index (its fields: id, title, body, when)",
     false, false},
    {"wrong_field_names", "{\"id\":\"a\",\"story_text\":\"Story\"}",
     NULL, NULL, NULL, NULL, NULL, SILK_PROBLEM_EMPTY,
     "fields: id, story_text); name the text's field with --field body=NAME",
     false, false},
    /* other names of the fields (docs/corpus-format.md "Field names") */
    {"aliases", "{\"headline\":\"Port reopens\",\"text\":\"The port reopened today.\",\"published\":\"2021-02-26\"}",
     "c:2", "Port reopens", "The port reopened today.", "2021-02-26", "{}",
     NONE, NULL, false, false},
    {"huffpost",
     "{\"link\":\"http://h/1\",\"headline\":\"H\",\"category\":\"CRIME\",\"short_description\":\"S\",\"authors\":\"A\",\"date\":\"2018-05-26\"}",
     "c:2", "H", "S", "2018-05-26", "{\"category\":\"CRIME\",\"authors\":\"A\"}",
     NONE, NULL, false, false},
    {"canonical_wins", "{\"id\":\"a\",\"body\":\"B\",\"text\":\"T\",\"headline\":\"H\"}",
     "a", "H", "B", "", "{\"text\":\"T\"}", NONE, NULL, false, false},
    {"empty_canonical_gives_way",
     "{\"id\":\"a\",\"title\":\" \",\"headline\":\"H\",\"body\":\"\",\"content\":\"C\"}",
     "a", "H", "C", "", "{}", NONE, NULL, false, false},
    {"first_alias_wins", "{\"id\":\"a\",\"summary\":\"S\",\"content\":\"C\"}",
     "a", "C", "C", "", "{\"summary\":\"S\"}", NONE, NULL, false, false},
    {"body_same_as_title", "{\"id\":\"a\",\"headline\":\"Same\",\"description\":\"Same\"}",
     "a", "Same", "", "", "{\"description\":\"Same\"}", NONE, NULL, false, false},
    {"any_case", "{\"ID\":\"x\",\"Title\":\"T\",\"Body\":\"B\",\"PubDate\":\"2020-01-02\"}",
     "x", "T", "B", "2020-01-02", "{}", NONE, NULL, false, false},
    {"alias_not_a_string", "{\"id\":\"a\",\"title\":\"T\",\"text\":5,\"content\":\"C\"}",
     "a", "T", "C", "", "{\"text\":5}", NONE, NULL, false, false},
    {"alias_id_number", "{\"article_id\":7,\"title\":\"T\"}",
     "7", "T", "", "", "{}", NONE, NULL, false, false},
    {"canonical_wrong_type_beside_alias", "{\"id\":\"a\",\"body\":5,\"text\":\"T\"}",
     NULL, NULL, NULL, NULL, NULL, SILK_PROBLEM_BAD_JSON,
     "\"body\" must be a string, not a number", false, false},
    {"id_too_long",
     "{\"id\":\"" X200 "x\",\"body\":\"B\"}",
     NULL, NULL, NULL, NULL, NULL, SILK_PROBLEM_BAD_ID, "201 bytes",
     false, false},
    {"nul_byte_in_line", "{\"id\":\"a\",\"body\":\"x\x01y\"}",
     NULL, NULL, NULL, NULL, NULL, SILK_PROBLEM_BAD_JSON, "control character",
     false, false},
    {"id_wrong_type", "{\"id\":[1],\"body\":\"B\"}",
     NULL, NULL, NULL, NULL, NULL, SILK_PROBLEM_BAD_JSON,
     "\"id\" must be a string or a number, not an array", false, false},
    {"body_wrong_type", "{\"id\":\"a\",\"body\":5}",
     NULL, NULL, NULL, NULL, NULL, SILK_PROBLEM_BAD_JSON,
     "\"body\" must be a string, not a number", false, false},
    {"title_wrong_type", "{\"id\":\"a\",\"body\":\"B\",\"title\":true}",
     NULL, NULL, NULL, NULL, NULL, SILK_PROBLEM_BAD_JSON,
     "\"title\" must be a string, not a boolean", false, false},
    {"date_wrong_type", "{\"id\":\"a\",\"body\":\"B\",\"date\":19870226}",
     NULL, NULL, NULL, NULL, NULL, SILK_PROBLEM_BAD_JSON,
     "\"date\" must be a string, not a number", false, false},
    {"not_object", "[1,2]",
     NULL, NULL, NULL, NULL, NULL, SILK_PROBLEM_BAD_JSON,
     "expected a JSON object, got an array", false, false},
    {"invalid_json", "{\"id\":\"a\",",
     NULL, NULL, NULL, NULL, NULL, SILK_PROBLEM_BAD_JSON, "invalid JSON",
     false, false},
    {"trailing_garbage", "{\"id\":\"a\",\"body\":\"B\"} x",
     NULL, NULL, NULL, NULL, NULL, SILK_PROBLEM_BAD_JSON, "invalid JSON",
     false, false},
    {"duplicate_key", "{\"id\":\"a\",\"body\":\"B\",\"body\":\"C\"}",
     NULL, NULL, NULL, NULL, NULL, SILK_PROBLEM_BAD_JSON, "duplicate",
     false, false},
    {"lone_surrogate", "{\"id\":\"a\",\"body\":\"\\ud800\"}",
     NULL, NULL, NULL, NULL, NULL, SILK_PROBLEM_BAD_JSON, "invalid JSON",
     false, false},
};

START_TEST(test_jsonl)
{
    const struct jsonl_case *c = &jsonl_cases[_i];
    char text[512];
    seen_t s = {0};
    /* line 1 blank, line 2 the case, line 3 a good article: line numbers
     * and going on after a bad line are checked too. */
    snprintf(text, sizeof text, "\n%s\n{\"id\":\"z\",\"body\":\"after\"}\n",
             c->line);
    write_text("c.jsonl", text);
    ck_assert_int_eq(walk("c.jsonl", &s), 0);
    ck_assert_uint_eq(s.na, c->id ? 2 : 1);
    ck_assert_str_eq(s.a[s.na - 1].id, "z");
    ck_assert_uint_eq(s.a[s.na - 1].line, 3);
    ck_assert_uint_eq(s.a[s.na - 1].index, 3);
    if (c->id) {
        ck_assert_str_eq(s.a[0].id, c->id);
        ck_assert_str_eq(s.a[0].title, c->title);
        ck_assert_str_eq(s.a[0].body, c->body);
        ck_assert_str_eq(s.a[0].date, c->date);
        ck_assert_str_eq(s.a[0].extra, c->extra);
        ck_assert_uint_eq(s.a[0].line, 2);
        ck_assert_int_eq(s.a[0].invalid_utf8, c->invalid_utf8);
        ck_assert_int_eq(s.a[0].bad_date, c->bad_date);
    }
    if (c->problem == NONE) {
        ck_assert_uint_eq(s.np, 0);
    } else {
        ck_assert_uint_eq(s.np, 1);
        ck_assert_int_eq(s.p[0].kind, c->problem);
        ck_assert_uint_eq(s.p[0].line, 2);
        ck_assert_msg(strstr(s.p[0].reason, c->reason) != NULL,
                      "reason \"%s\" lacks \"%s\"", s.p[0].reason, c->reason);
    }
    seen_free(&s);
}
END_TEST

START_TEST(test_jsonl_truncated_and_crlf)
{
    seen_t s = {0};
    write_text("t.jsonl", "{\"id\":\"a\",\"body\":\"B\"}\r\n"
                          "{\"id\":\"b\",\"body\":\"C\"}\r\n"
                          "{\"id\":\"c\",\"bo");
    ck_assert_int_eq(walk("t.jsonl", &s), 0);
    ck_assert_uint_eq(s.na, 2);
    ck_assert_str_eq(s.a[1].body, "C");
    ck_assert_uint_eq(s.np, 1);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_BAD_JSON);
    ck_assert_uint_eq(s.p[0].line, 3);
    ck_assert_ptr_nonnull(strstr(s.p[0].reason, "truncated"));
    seen_free(&s);
    /* A last line without a newline that is complete is fine. */
    write_text("u.jsonl", "{\"id\":\"a\",\"body\":\"B\"}");
    ck_assert_int_eq(walk("u.jsonl", &s), 0);
    ck_assert_uint_eq(s.na, 1);
    ck_assert_uint_eq(s.np, 0);
    seen_free(&s);
}
END_TEST

START_TEST(test_jsonl_huge_string)
{
    /* A 10 MB body on one line reads whole. */
    enum { BIG = 10 * 1024 * 1024 };
    const char head[] = "{\"id\":\"big\",\"title\":\"T\",\"body\":\"";
    char *line = malloc(BIG + 64);
    seen_t s = {0};
    ck_assert_ptr_nonnull(line);
    size_t n = strlen(head);
    memcpy(line, head, n);
    memset(line + n, 'x', BIG);
    n += BIG;
    memcpy(line + n, "\"}\n", 3);
    write_bytes("big.jsonl", line, n + 3);
    free(line);
    ck_assert_int_eq(walk("big.jsonl", &s), 0);
    ck_assert_uint_eq(s.np, 0);
    ck_assert_uint_eq(s.na, 1);
    ck_assert_uint_eq(s.a[0].body_len, BIG);
    seen_free(&s);
}
END_TEST

/* ---- the walk ---- */

START_TEST(test_walk_order_and_kinds)
{
    seen_t s = {0};
    make_dir("d");
    make_dir("d/sub");
    make_dir("d/x.txt");                 /* a directory named x.txt */
    make_dir("d/.hidden");
    write_text("d/b.txt", "B\n");
    write_text("d/a.txt", "A\n");
    write_text("d/B.txt", "upper B\n");
    write_text("d/a.meta", "title: Meta A\n");
    write_text("d/orphan.meta", "title: nobody\n");
    write_text("d/sub/c.txt", "C\n");
    write_text("d/x.txt/inner.txt", "inner\n");
    write_text("d/.hidden/h.txt", "hidden\n");
    write_text("d/.dotfile.txt", "hidden\n");
    write_text("d/notes.md", "# not an article\n");
    write_text("d/data.jsonl", "{\"id\":\"j1\",\"body\":\"x\"}\n");
    ck_assert_int_eq(walk("d", &s), 0);
    static const char *const order[] = {"B", "Meta A", "B", "j1", "C", "inner"};
    ck_assert_uint_eq(s.na, 6);
    ck_assert_str_eq(s.a[0].id, "B");         /* "B.txt" < "a.txt" */
    ck_assert_str_eq(s.a[1].title, order[1]);
    ck_assert_str_eq(s.a[2].id, "b");
    ck_assert_str_eq(s.a[3].id, "j1");
    ck_assert_str_eq(s.a[4].id, "sub/c");     /* the path under the PATH */
    ck_assert_str_eq(s.a[5].id, "x.txt/inner");
    ck_assert_uint_eq(s.ns, 1);
    ck_assert_str_eq(base(s.skipped[0]), "notes.md");
    ck_assert_str_eq(s.why[0], "not an article file");
    ck_assert_uint_eq(s.np, 0);
    seen_free(&s);
}
END_TEST

/* Ids never clash: category folders of one-two-three names (the BBC as
 * downloaded) give "business/001" and "tech/001"; a PATH that is a file
 * gives its base name; a JSON record without an id its file's id and its
 * line or index. */
static const struct id_case {
    const char *root;        /* walked, under tmpdir */
    const char *want[8];     /* the ids, in walk order */
} id_cases[] = {
    {"bbc", {"business/001", "business/002", "tech/001", "tech/feed:1",
             "tech/feed:3", "tech/list:1", "tech/list:2", "tech/one"}},
    {"bbc/", {"business/001", "business/002", "tech/001", "tech/feed:1",
              "tech/feed:3", "tech/list:1", "tech/list:2", "tech/one"}},
    {"bbc/tech", {"001", "feed:1", "feed:3", "list:1", "list:2", "one"}},
    {"bbc/tech/001.txt", {"001"}},
    {"bbc/tech/feed.jsonl", {"feed:1", "feed:3"}},
    {"bbc/tech/one.json", {"one"}},
};

START_TEST(test_ids)
{
    const struct id_case *c = &id_cases[_i];
    seen_t s = {0};
    make_dir("bbc");
    make_dir("bbc/business");
    make_dir("bbc/tech");
    write_text("bbc/business/001.txt", "Ad sales boost Time Warner profit\n");
    write_text("bbc/business/002.txt", "Dollar gains on Greenspan speech\n");
    write_text("bbc/tech/001.txt", "Ink helps drive democracy in Asia\n");
    write_text("bbc/tech/feed.jsonl", "{\"title\":\"A\",\"body\":\"x\"}\n\n"
                                      "{\"title\":\"B\",\"body\":\"y\"}\n");
    write_text("bbc/tech/list.json", "[{\"title\":\"C\"},\n {\"title\":\"D\"}]");
    write_text("bbc/tech/one.json", "{\"title\":\"E\", \"body\":\"z\"}");
    write_text("bbc/README.TXT", "not an article\n");
    ck_assert_int_eq(walk(c->root, &s), 0);
    size_t n = 0;
    while (n < 8 && c->want[n])
        n++;
    ck_assert_uint_eq(s.na, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(s.a[i].id, c->want[i]);
    ck_assert_uint_eq(s.np, 0);
    seen_free(&s);
}
END_TEST

/* Re-reading the same tree gives the same ids; a long path is shortened
 * the same way every time. */
START_TEST(test_ids_long_and_stable)
{
    seen_t s = {0}, t = {0};
    char rel[512] = "d";
    make_dir("d");
    for (int i = 0; i < 5; i++) {
        strcat(rel, "/a-rather-long-directory-name-of-forty-bytes");
        make_dir(rel);
    }
    strcat(rel, "/x.txt");
    write_text(rel, "Deep\n");
    strcpy(rel + strlen(rel) - 5, "y.txt");
    write_text(rel, "Deeper\n");
    ck_assert_int_eq(walk("d", &s), 0);
    ck_assert_int_eq(walk("d", &t), 0);
    ck_assert_uint_eq(s.na, 2);
    for (size_t i = 0; i < 2; i++) {
        ck_assert_uint_le(strlen(s.a[i].id), SILK_MAX_ID_BYTES);
        ck_assert_ptr_nonnull(strchr(s.a[i].id, '~'));
        ck_assert_str_eq(s.a[i].id, t.a[i].id);
    }
    ck_assert_str_ne(s.a[0].id, s.a[1].id);
    seen_free(&s);
    seen_free(&t);
}
END_TEST

/* File and directory names that are not UTF-8, or hold a newline, are
 * read: the id is escaped (\xHH), the path stays the bytes on disk. */
START_TEST(test_names_not_utf8)
{
    seen_t s = {0};
    make_dir("n");
    make_dir("n/d\xe9p");
    write_text("n/caf\xe9.txt", "Caf\xc3\xa9 opens\n");
    write_text("n/d\xe9p/two\nlines.txt", "Two lines\n");
    ck_assert_int_eq(walk("n", &s), 0);
    ck_assert_uint_eq(s.np, 0);
    ck_assert_uint_eq(s.na, 2);
    ck_assert_str_eq(s.a[0].id, "caf\\xE9");
    ck_assert_str_eq(base(s.a[0].path), "caf\xe9.txt");
    ck_assert_str_eq(s.a[1].id, "d\\xE9p/two\\x0Alines");
    seen_free(&s);
}
END_TEST

/* What a walk reads and leaves out: .TXT is text; README.TXT, .md and
 * names without an extension are skipped and named, unless named as a
 * PATH or read with all_files. */
START_TEST(test_walk_what_is_read)
{
    seen_t s = {0};
    silk_reader_opts_t all = {.all_files = true};
    make_dir("w");
    write_text("w/README.TXT", "About this collection\n");
    write_text("w/LICENSE", "Licence text\n");
    write_text("w/Story.TXT", "An article in capitals\n");
    write_text("w/notes.md", "A markdown note\n");
    write_text("w/49960", "A newsgroup article\n");
    ck_assert_int_eq(walk("w", &s), 0);
    ck_assert_uint_eq(s.na, 1);
    ck_assert_str_eq(s.a[0].id, "Story");
    ck_assert_uint_eq(s.ns, 4);
    ck_assert_str_eq(base(s.skipped[0]), "49960");
    ck_assert_str_eq(s.why[0], "no extension");
    ck_assert_str_eq(base(s.skipped[1]), "LICENSE");
    ck_assert_str_eq(base(s.skipped[2]), "README.TXT");
    ck_assert_str_eq(s.why[2], "a README or licence, not an article");
    ck_assert_str_eq(base(s.skipped[3]), "notes.md");
    seen_free(&s);

    ck_assert_int_eq(walk("w/notes.md", &s), 0);   /* named: read */
    ck_assert_uint_eq(s.na, 1);
    ck_assert_str_eq(s.a[0].id, "notes.md");
    ck_assert_uint_eq(s.ns, 0);
    seen_free(&s);
    ck_assert_int_eq(walk("w/README.TXT", &s), 0);
    ck_assert_uint_eq(s.na, 1);
    seen_free(&s);

    ck_assert_int_eq(walk_with("w", &all, &s), 0);
    ck_assert_uint_eq(s.na, 5);
    ck_assert_str_eq(s.a[0].id, "49960");
    ck_assert_uint_eq(s.ns, 0);
    seen_free(&s);
}
END_TEST

/* JSON files: an array of articles, parsed one at a time (each problem
 * names its line), or one article. */
START_TEST(test_json_files)
{
    seen_t s = {0};
    write_text("list.json",
               "[\n"
               "  {\"id\": \"a\", \"title\": \"First\", \"body\": \"One.\"},\n"
               "  {\"title\": \"No id\", \"body\": \"Two.\"},\n"
               "  {\"id\": \"c\", \"body\": 3},\n"
               "  {\"id\": \"d\", \"title\": \"Last\"}\n"
               "]\n");
    ck_assert_int_eq(walk("list.json", &s), 0);
    ck_assert_uint_eq(s.na, 3);
    ck_assert_str_eq(s.a[0].id, "a");
    ck_assert_uint_eq(s.a[0].line, 2);
    ck_assert_str_eq(s.a[1].id, "list:2");
    ck_assert_uint_eq(s.a[1].index, 2);
    ck_assert_str_eq(s.a[2].id, "d");
    ck_assert_uint_eq(s.a[2].line, 5);
    ck_assert_uint_eq(s.np, 1);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_BAD_JSON);
    ck_assert_uint_eq(s.p[0].line, 4);
    seen_free(&s);

    /* minified on one line: every article has line 1, each its index */
    write_text("min.json", "[{\"title\":\"A\"},{\"title\":\"B\"},{\"title\":\"C\"}]");
    ck_assert_int_eq(walk("min.json", &s), 0);
    ck_assert_uint_eq(s.na, 3);
    ck_assert_uint_eq(s.a[2].line, 1);
    ck_assert_uint_eq(s.a[2].index, 3);
    ck_assert_str_eq(s.a[2].id, "min:3");
    seen_free(&s);

    /* a broken article stops the file: the rest cannot be found again */
    write_text("broken.json", "[{\"title\":\"A\"},\n{\"title\": ,},\n{\"title\":\"C\"}]");
    ck_assert_int_eq(walk("broken.json", &s), 0);
    ck_assert_uint_eq(s.na, 1);
    ck_assert_uint_eq(s.np, 1);
    ck_assert_uint_eq(s.p[0].line, 2);
    ck_assert_ptr_nonnull(strstr(s.p[0].reason, "the rest of the file is not read"));
    seen_free(&s);

    write_text("empty.json", "[ ]\n");
    write_text("garbage.json", "{\"title\":\"A\"} trailing");
    ck_assert_int_eq(walk("empty.json", &s), 0);
    ck_assert_int_eq(walk("garbage.json", &s), 0);
    ck_assert_uint_eq(s.na, 1);   /* the object before the junk */
    ck_assert_uint_eq(s.np, 2);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_EMPTY);
    ck_assert_int_eq(s.p[1].kind, SILK_PROBLEM_BAD_JSON);
    seen_free(&s);
}
END_TEST

/* gzip'ed JSON Lines and JSON read like plain ones; damaged gzip data is
 * an unreadable file after the articles before the damage. */
START_TEST(test_gzip)
{
    seen_t s = {0};
    static const char lines[] = "{\"id\":\"g1\",\"title\":\"Gz\",\"body\":\"One\"}\n"
                                "{\"id\":\"g2\",\"title\":\"Gz\",\"body\":\"Two\"}\n";
    write_gz("a.jsonl.gz", lines, sizeof lines - 1);
    static const char one[] = "[{\"id\":\"g3\",\"title\":\"T\"}]";
    write_gz("b.json.gz", one, sizeof one - 1);
    ck_assert_int_eq(walk("", &s), 0);
    ck_assert_uint_eq(s.na, 3);
    ck_assert_str_eq(s.a[1].id, "g2");
    ck_assert_str_eq(s.a[2].id, "g3");
    ck_assert_uint_eq(s.np, 0);
    seen_free(&s);

    /* no id: the id drops the whole ".jsonl.gz" */
    static const char noid[] = "{\"title\":\"T\"}\n";
    write_gz("c.jsonl.gz", noid, sizeof noid - 1);
    ck_assert_int_eq(walk("c.jsonl.gz", &s), 0);
    ck_assert_str_eq(s.a[0].id, "c:1");
    seen_free(&s);

    /* cut short: what came before the damage is read, then one problem */
    char *big = malloc(200000);   /* ~200 lines, gzip'ed to ~2 KB */
    size_t n = 0;
    ck_assert_ptr_nonnull(big);
    for (int i = 0; n < 12000; i++)
        n += (size_t)snprintf(big + n, 200000 - n,
                              "{\"id\":\"x%d\",\"title\":\"Line %d of many\"}\n",
                              i, i * 7919);
    write_gz("cut.jsonl.gz", big, n);
    free(big);
    struct stat st;
    ck_assert_int_eq(stat(at("cut.jsonl.gz"), &st), 0);
    ck_assert_int_eq(truncate(at("cut.jsonl.gz"), st.st_size / 2), 0);
    ck_assert_int_eq(walk("cut.jsonl.gz", &s), 0);
    ck_assert_uint_gt(s.na, 10);
    ck_assert_uint_eq(s.np, 1);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_UNREADABLE);
    ck_assert_ptr_nonnull(strstr(s.p[0].reason, "gzip"));
    seen_free(&s);
}
END_TEST

/* --field names come before the built-in ones; a canonical key that held
 * something and lost stays in extra; each field's key is said once a
 * file when it is not the canonical name. */
START_TEST(test_field_keys)
{
    seen_t s = {0};
    static const silk_reader_field_key_t keys[] = {
        {SILK_RF_BODY, "story_text"}, {SILK_RF_TITLE, "hed"},
        {SILK_RF_BODY, "lede"}};
    silk_reader_opts_t o = {.field_keys = keys, .nfield_keys = 3};
    write_text("f.jsonl",
               "{\"hed\":\"H\",\"story_text\":\"S\",\"body\":\"B\"}\n"
               "{\"title\":\"T\",\"LEDE\":\"L\"}\n"
               "{\"hed\":\"H3\",\"body\":\"B3\"}\n");
    ck_assert_int_eq(walk_with("f.jsonl", &o, &s), 0);
    ck_assert_uint_eq(s.np, 0);
    ck_assert_uint_eq(s.na, 3);
    ck_assert_str_eq(s.a[0].title, "H");
    ck_assert_str_eq(s.a[0].body, "S");
    ck_assert_str_eq(s.a[0].extra, "{\"body\":\"B\"}");
    ck_assert_str_eq(s.a[1].title, "T");
    ck_assert_str_eq(s.a[1].body, "L");
    ck_assert_str_eq(s.a[2].body, "B3");
    ck_assert_uint_eq(s.nfrom, 2);
    ck_assert_str_eq(s.from[0], "title<-hed@1");
    ck_assert_str_eq(s.from[1], "body<-story_text@1");
    seen_free(&s);

    /* without the option the same file has other titles and bodies */
    ck_assert_int_eq(walk("f.jsonl", &s), 0);
    ck_assert_uint_eq(s.na, 3);
    ck_assert_str_eq(s.a[0].title, "B");
    ck_assert_str_eq(s.a[1].body, "");     /* a headline */
    ck_assert_str_eq(s.a[0].extra, "{\"hed\":\"H\",\"story_text\":\"S\"}");
    seen_free(&s);

    ck_assert_int_eq(silk_reader_field_parse("Body"), SILK_RF_BODY);
    ck_assert_int_eq(silk_reader_field_parse("url"), SILK_RF_URL);
    ck_assert_int_eq(silk_reader_field_parse("bdy"), -1);
    ck_assert_int_eq(silk_reader_field_parse("text"), -1);
    ck_assert_ptr_null(silk_reader_field_name(SILK_RF_COUNT_));
}
END_TEST

/* NewsAPI's articles: the source an object whose name is the source
 * (the object kept in extra), publishedAt the date, content the body. */
START_TEST(test_newsapi)
{
    seen_t s = {0};
    write_text("n.jsonl",
               "{\"source\":{\"id\":null,\"name\":\"BBC News\"},\"author\":\"A\","
               "\"title\":\"T\",\"description\":\"D\",\"url\":\"http://u\","
               "\"publishedAt\":\"2021-03-02T09:00:00Z\",\"content\":\"C\"}\n"
               "{\"source\":{\"id\":\"x\"},\"title\":\"U\"}\n");
    ck_assert_int_eq(walk("n.jsonl", &s), 0);
    ck_assert_uint_eq(s.na, 1);
    ck_assert_str_eq(s.a[0].source, "BBC News");
    ck_assert_str_eq(s.a[0].body, "C");
    ck_assert_str_eq(s.a[0].date, "2021-03-02");
    ck_assert_str_eq(s.a[0].url, "http://u");
    ck_assert_str_eq(s.a[0].extra, "{\"source\":{\"id\":null,\"name\":\"BBC "
                     "News\"},\"author\":\"A\",\"description\":\"D\"}");
    /* a source object without a name is still the wrong type */
    ck_assert_uint_eq(s.np, 1);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_BAD_JSON);
    ck_assert_str_eq(s.p[0].reason, "\"source\" must be a string, not an object");
    seen_free(&s);
}
END_TEST

/* ---- CSV and TSV ---- */

/* RFC 4180 quoting (separators, newlines and "" inside quotes), CRLF, a
 * BOM, the header's names mapped as JSON keys are, empty cells absent,
 * blank lines and rows of empty cells passed over, ids from an id column
 * or the row's first line; each problem at the row's first line. */
START_TEST(test_csv)
{
    seen_t s = {0};
    write_text("news.csv",
               "\xEF\xBB\xBFid,Headline,Content,Date,authors\r\n"
               "1,Port reopens,\"The port, closed since March,\r\n"
               "reopened \"\"today\"\".\",2021-02-26,Zo\xC3\xAB\r\n"
               "2,Rail line approved,,2021-03-01,\r\n"
               "\r\n"
               "3,a short row\r\n"
               ",,,,\r\n"
               "4,Bad \xFF byte,x,,\r\n"
               ",No id here,y,1987-02-26T15:01:01,\r\n"
               "5,\"never closed,x,,\r\n"
               "6,Lost,z,,\r\n");
    ck_assert_int_eq(walk("news.csv", &s), 0);
    ck_assert_uint_eq(s.na, 4);
    ck_assert_str_eq(s.a[0].id, "1");
    ck_assert_str_eq(s.a[0].title, "Port reopens");
    ck_assert_str_eq(s.a[0].body,
                     "The port, closed since March,\nreopened \"today\".");
    ck_assert_str_eq(s.a[0].date, "2021-02-26");
    ck_assert_str_eq(s.a[0].extra, "{\"authors\":\"Zo\xC3\xAB\"}");
    ck_assert_uint_eq(s.a[0].line, 2);
    ck_assert(!s.a[0].cp1252);        /* its UTF-8 settles the file's */
    ck_assert_str_eq(s.a[1].id, "2");
    ck_assert_str_eq(s.a[1].body, "");           /* a headline */
    ck_assert_str_eq(s.a[1].extra, "{}");
    ck_assert_uint_eq(s.a[1].line, 4);
    ck_assert_str_eq(s.a[2].id, "4");
    ck_assert_str_eq(s.a[2].title, "Bad \xEF\xBF\xBD byte");
    ck_assert(s.a[2].invalid_utf8);
    ck_assert_str_eq(s.a[3].id, "news:9");       /* its first line */
    ck_assert_str_eq(s.a[3].date, "1987-02-26");
    ck_assert_uint_eq(s.np, 3);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_BAD_CSV);
    ck_assert_uint_eq(s.p[0].line, 6);
    ck_assert_str_eq(s.p[0].reason, "2 fields where the header has 5: row "
                     "skipped");
    ck_assert_int_eq(s.p[1].kind, SILK_PROBLEM_INVALID_UTF8);
    ck_assert_uint_eq(s.p[1].line, 8);
    ck_assert_int_eq(s.p[2].kind, SILK_PROBLEM_BAD_CSV);
    ck_assert_uint_eq(s.p[2].line, 10);
    ck_assert_ptr_nonnull(strstr(s.p[2].reason, "never closed"));
    ck_assert_uint_eq(s.nfrom, 2);
    ck_assert_str_eq(s.from[0], "title<-Headline@2");
    ck_assert_str_eq(s.from[1], "body<-Content@2");
    seen_free(&s);

    /* an Excel export in Windows-1252: no UTF-8 sequence in the first row
     * past ASCII, so the file is read as Windows-1252, not a problem */
    write_text("excel.csv", "id,Titular,body\r\n1,Caf\xE9 opens,Price \xA3" "6 \x80\r\n"
                            "2,Na\xEFve,x\r\n");
    ck_assert_int_eq(walk("excel.csv", &s), 0);
    ck_assert_uint_eq(s.np, 0);
    ck_assert_uint_eq(s.na, 2);
    ck_assert_str_eq(s.a[0].title, "Price \xC2\xA3" "6 \xE2\x82\xAC");
    ck_assert_str_eq(s.a[0].body, "Price \xC2\xA3" "6 \xE2\x82\xAC");
    ck_assert_str_eq(s.a[0].extra, "{\"Titular\":\"Caf\xC3\xA9 opens\"}");
    ck_assert(s.a[0].cp1252);
    ck_assert(!s.a[0].invalid_utf8);
    ck_assert_str_eq(s.a[1].extra, "{\"Titular\":\"Na\xC3\xAFve\"}");
    ck_assert(s.a[1].cp1252);
    seen_free(&s);

    /* TSV, gzip'ed, LF, no final newline, a quoted tab, a lone-CR file */
    static const char tsv[] = "title\tbody\tsection\n"
                              "T1\t\"a\tb\"\tworld\n"
                              "T2\tsecond\t";
    make_dir("t");
    write_gz("t/feed.tsv.gz", tsv, sizeof tsv - 1);
    write_text("t/mac.csv", "title,text\rA,one\rB,two\r");
    ck_assert_int_eq(walk("t", &s), 0);
    ck_assert_uint_eq(s.np, 0);
    ck_assert_uint_eq(s.na, 4);
    ck_assert_str_eq(s.a[0].id, "feed:2");
    ck_assert_str_eq(s.a[0].body, "a\tb");
    ck_assert_str_eq(s.a[0].extra, "{\"section\":\"world\"}");
    ck_assert_str_eq(s.a[1].id, "feed:3");
    ck_assert_str_eq(s.a[1].extra, "{}");
    ck_assert_str_eq(s.a[2].id, "mac:2");
    ck_assert_str_eq(s.a[3].id, "mac:3");
    ck_assert_str_eq(s.a[3].body, "two");
    seen_free(&s);

    /* a CR LF split by the reader's 128 KiB buffer is one line end */
    static char big[(128 << 10) + 64];
    size_t n = (size_t)snprintf(big, sizeof big, "title,body\r\n");
    char pad[601];
    memset(pad, 'y', 600);
    pad[600] = '\0';
    while (n < (128u << 10) - 1300)
        n += (size_t)snprintf(big + n, sizeof big - n, "T,%s\r\n", pad);
    memset(big + n, 'x', (128u << 10) - 1 - n);
    memcpy(big + n, "T,", 2);
    n = 128u << 10;
    big[n - 1] = '\r';
    unsigned long last = 2;               /* the line after the split */
    for (size_t i = 0; i < n; i++)
        last += big[i] == '\n';
    n += (size_t)snprintf(big + n, sizeof big - n, "\nLast,row\r\n");
    write_bytes("split.csv", big, n);
    ck_assert_int_eq(walk("split.csv", &s), 0);
    ck_assert_uint_eq(s.np, 0);
    ck_assert_uint_eq(s.na, last - 1);    /* every line but the header */
    ck_assert_int_eq(s.a[s.na - 2].body[0], 'x');  /* the row cut by it */
    ck_assert_str_eq(s.a[s.na - 1].title, "Last");
    ck_assert_uint_eq(s.a[s.na - 1].line, last);
    seen_free(&s);
}
END_TEST

/* A CSV file that cannot give an article says why once; --field names a
 * column; a row past max_article_bytes is too large and read past. */
START_TEST(test_csv_errors)
{
    seen_t s = {0};
    write_text("cols.csv", "a,b,c\n1,2,3\n");
    write_text("header.csv", "title,body\r\n");
    write_text("empty.csv", "");
    write_text("x.csv", "\"title\",story_text,title\nT,S,U\n");
    ck_assert_int_eq(walk("", &s), 0);
    ck_assert_uint_eq(s.na, 1);
    ck_assert_str_eq(s.a[0].id, "x:2");
    ck_assert_str_eq(s.a[0].title, "T");
    ck_assert_str_eq(s.a[0].extra, "{\"story_text\":\"S\",\"title_3\":\"U\"}");
    /* in a walk, a table without a text column is left out, named */
    ck_assert_uint_eq(s.ns, 1);
    ck_assert_str_eq(base(s.skipped[0]), "cols.csv");
    ck_assert_str_eq(s.why[0], SILK_SKIP_CSV);
    ck_assert_uint_eq(s.np, 2);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_EMPTY);
    ck_assert_str_eq(s.p[0].reason, "empty file");
    ck_assert_int_eq(s.p[1].kind, SILK_PROBLEM_EMPTY);
    ck_assert_str_eq(s.p[1].reason, "a header and no rows");
    seen_free(&s);
    /* named, it is a problem: the user meant it to be read */
    ck_assert_int_eq(walk("cols.csv", &s), 0);
    ck_assert_uint_eq(s.na, 0);
    ck_assert_uint_eq(s.ns, 0);
    ck_assert_uint_eq(s.np, 1);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_BAD_CSV);
    ck_assert_uint_eq(s.p[0].line, 1);
    ck_assert_str_eq(s.p[0].reason, "no title or body column (its columns: a, "
                     "b, c): name the text's column with --field body=NAME (or "
                     "title=NAME); the file is not read");
    seen_free(&s);

    static const silk_reader_field_key_t keys[] = {{SILK_RF_BODY, "b"}};
    silk_reader_opts_t o = {.field_keys = keys, .nfield_keys = 1,
                            .max_article_bytes = 1000};
    char big[4000];
    int n = snprintf(big, sizeof big, "a,b\n1,one\n2,\"");
    for (int i = 0; i < 60; i++)
        n += snprintf(big + n, sizeof big - (size_t)n,
                      "line %02d of a long cell\n", i);
    snprintf(big + n, sizeof big - (size_t)n, "end\"\n3,three\n");
    write_text("cols.csv", big);
    ck_assert_int_eq(walk_with("cols.csv", &o, &s), 0);
    ck_assert_uint_eq(s.na, 2);
    ck_assert_str_eq(s.a[0].body, "one");
    ck_assert_str_eq(s.a[1].body, "three");
    ck_assert_str_eq(s.a[1].id, "cols:64");
    ck_assert_uint_eq(s.np, 1);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_TOO_LARGE);
    ck_assert_uint_eq(s.p[0].line, 3);
    seen_free(&s);
}
END_TEST

/* ---- SGML news collections: Reuters-21578 .sgm, TREC <DOC> files ---- */

/* A Reuters-21578 story as the distribution writes it (raw/reut2-000.sgm):
 * wire codes in <UNKNOWN>, &#2; / &#3; around the text, a "Reuter"
 * sign-off, hard-wrapped lines with indented paragraphs. */
#define REUTERS_HEAD(attrs) \
    "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS TOPICS=\"YES\" " \
    "LEWISSPLIT=\"TRAIN\" CGISPLIT=\"TRAINING-SET\" OLDID=\"5544\" " attrs ">\n" \
    "<DATE>26-FEB-1987 15:01:01.79</DATE>\n" \
    "<TOPICS><D>cocoa</D></TOPICS>\n" \
    "<PLACES><D>el-salvador</D><D>usa</D></PLACES>\n" \
    "<PEOPLE></PEOPLE>\n<ORGS></ORGS>\n<EXCHANGES></EXCHANGES>\n" \
    "<COMPANIES></COMPANIES>\n" \
    "<UNKNOWN> \n&#5;&#5;&#5;C T\n&#22;&#22;&#1;f0704&#31;reute\n" \
    "u f BC-BAHIA-COCOA-REVIEW   02-26 0105</UNKNOWN>\n"
#define REUTERS_EXTRA(type) \
    "{\"datetime\":\"1987-02-26T15:01:01.79\",\"places\":[\"el-salvador\"," \
    "\"usa\"],\"topics\":[\"cocoa\"],\"orgs\":[],\"people\":[]," \
    "\"exchanges\":[]," type ",\"oldid\":\"5544\",\"topics_attr\":\"YES\"," \
    "\"lewissplit\":\"TRAIN\",\"cgisplit\":\"TRAINING-SET\"," \
    "\"text_type\":"
#define REUTERS_NORM_TEXT \
    "<TEXT>&#2;\n<TITLE>MARINE CORP &lt;MCRP.O> 3RD QTR &amp; NET</TITLE>\n" \
    "<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued " \
    "throughout\nthe week in the zone.\n    The dry \x01period&#127; means " \
    "late &#x41;&#150;&#65;.\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n"

static const struct sgml_case {
    const char *name, *text;
    size_t narticles;
    /* the first article */
    const char *id, *title, *body, *date, *extra;  /* extra NULL: "{}" */
    silk_problem_t problem;  /* NONE, or the one problem expected */
    unsigned long problem_line;
    bool cp1252, invalid_utf8;
} sgml_cases[] = {
    /* entities, wire codes, the sign-off, paragraphs: docs.jsonl's fields */
    {"norm.sgm", REUTERS_HEAD("NEWID=\"7\"") REUTERS_NORM_TEXT, 1, "7",
     "MARINE CORP <MCRP.O> 3RD QTR & NET",
     "Showers continued throughout the week in the zone.\n\nThe dry period "
     "means late A\xE2\x80\x93" "A.", "1987-02-26",
     REUTERS_EXTRA("\"dateline\":\"SALVADOR, Feb 26 -\"") "\"NORM\"}", NONE, 0,
     false, false},
    /* BRIEF: a headline only */
    {"brief.sgm", REUTERS_HEAD("NEWID=\"8\"")
     "<TEXT TYPE=\"BRIEF\">&#2;\n******<TITLE>OPEC DELIBERATELY UNDER CEILING"
     "</TITLE>\nBlah blah blah.\n&#3;\n\n</TEXT>\n</REUTERS>\n", 1, "8",
     "OPEC DELIBERATELY UNDER CEILING", "", "1987-02-26", NULL, NONE, 0,
     false, false},
    /* UNPROC: no TITLE or BODY, the text is the body (its first line the
     * title) */
    {"unproc.sgm", REUTERS_HEAD("NEWID=\"9\"")
     "<TEXT TYPE=\"UNPROC\">&#2;\nWheat tenders   \nfor Egypt\n\n    second "
     "part\n Reuter\n&#3;</TEXT>\n</REUTERS>\n", 1, "9",
     "Wheat tenders for Egypt", "Wheat tenders for Egypt\n\nsecond part",
     "1987-02-26", NULL, NONE, 0, false, false},
    /* no NEWID: its place in the file, as for a JSON array */
    {"nonewid.sgm", REUTERS_HEAD("") REUTERS_NORM_TEXT, 1, "nonewid:1",
     "MARINE CORP <MCRP.O> 3RD QTR & NET", NULL, "1987-02-26", NULL, NONE, 0,
     false, false},
    /* neither title nor text: empty, as NEWID 12793 */
    {"empty.sgm", REUTERS_HEAD("NEWID=\"12793\"")
     "<TEXT TYPE=\"UNPROC\">&#2;\n&#3;</TEXT>\n</REUTERS>\n", 0, NULL, NULL,
     NULL, NULL, NULL, SILK_PROBLEM_EMPTY, 2, false, false},
    /* cut short: the first story whole, the second as far as it goes */
    {"cut.sgm", REUTERS_HEAD("NEWID=\"10\"") REUTERS_NORM_TEXT
     "<REUTERS NEWID=\"11\">\n<TEXT><TITLE>SECOND STORY</TITLE><BODY>Its "
     "first line\nand then noth", 2, "10", "MARINE CORP <MCRP.O> 3RD QTR & NET",
     NULL, "1987-02-26", NULL, SILK_PROBLEM_UNREADABLE, 22, false, false},
    /* Latin-1 bytes and no UTF-8: the file is Windows-1252, as a .txt */
    {"latin1.sgm", "<REUTERS NEWID=\"12\">\n<TEXT><TITLE>M\xDCNCHEN \x93RE\x94"
     "</TITLE><BODY>growth.\xFC" "side\n</BODY></TEXT></REUTERS>\n", 1, "12",
     "M\xC3\x9CNCHEN \xE2\x80\x9CRE\xE2\x80\x9D", "growth.\xC3\xBCside", "",
     "{\"places\":[],\"topics\":[],\"orgs\":[],\"people\":[],\"exchanges\":[],"
     "\"oldid\":\"\",\"topics_attr\":\"\",\"lewissplit\":\"\",\"cgisplit\":\"\","
     "\"text_type\":\"NORM\"}", NONE, 0, true, false},
    /* UTF-8 and a stray byte: repaired */
    {"mixed.sgm", "<REUTERS NEWID=\"13\">\n<TEXT><TITLE>CAF\xC3\x89 \xFF"
     "</TITLE></TEXT></REUTERS>\n", 1, "13", "CAF\xC3\x89 \xEF\xBF\xBD", "",
     "", NULL, SILK_PROBLEM_INVALID_UTF8, 1, false, true},
    /* TREC: DOCNO, the first headline tag, a YYMMDD date, <P> paragraphs
     * (nested ones too), other tags dropped, their text kept */
    {"WSJ880101", "\n<DOC>\n<DOCNO> WSJ880101-0001 </DOCNO>\n<HL> Blair Is "
     "Near\n Accord </HL>\n<HEAD>not this</HEAD>\n<DD> 01/01/88</DD>\n"
     "<DATE>880101</DATE>\n<TEXT>\n<P>First <B>bold</B> line\nwrapped</P>"
     "<P>outer <P>inner</P> tail</P>\n</TEXT>\n<TEXT>   A second text.\n"
     "</TEXT>\n</DOC>\n", 1, "WSJ880101-0001", "Blair Is Near Accord",
     "First bold line wrapped\n\nouter\n\ninner\n\ntail\n\nA second text.",
     "1988-01-01", NULL, NONE, 0, false, false},
    /* LA Times: the date before the day's name; a headline in <P> */
    {"LA010189", "<DOC>\n<DOCNO>LA010189-0001</DOCNO>\n<DATE><P>January 1, "
     "1989, Sunday, Home Edition </P></DATE>\n<HEADLINE><P>HUNGARIANS FLEE"
     "</P></HEADLINE>\n<TEXT><P>Sixty-five fled.</P></TEXT>\n</DOC>\n", 1,
     "LA010189-0001", "HUNGARIANS FLEE", "Sixty-five fled.", "1989-01-01",
     NULL, NONE, 0, false, false},
    /* no DOCNO: its place; no TEXT: all but the headline is the body */
    {"nodocno", "<DOC>\n<HEAD>A head</HEAD>\nLoose text\n</DOC>\n", 1,
     "nodocno:1", "A head", "Loose text", "", NULL, NONE, 0, false, false},
    /* WSJ: no <DATE>, an American <DD> */
    {"WSJ870324", "<DOC>\n<DOCNO> WSJ870324-0001 </DOCNO>\n<HL> Accord </HL>\n"
     "<DD> 03/24/87</DD>\n<TEXT>Text.</TEXT></DOC>\n", 1, "WSJ870324-0001",
     "Accord", "Text.", "1987-03-24", NULL, NONE, 0, false, false},
    /* AQUAINT: the id an attribute, the date an American <DATE_TIME> */
    {"APW19980601", "<DOC id=\"APW19980601.0001\" type=\"story\">\n"
     "<DATE_TIME> 06/01/1998 00:02 </DATE_TIME>\n<BODY><HEADLINE>Quake"
     "</HEADLINE><TEXT><P>Text.</P></TEXT></BODY></DOC>\n", 1,
     "APW19980601.0001", "Quake", "Text.", "1998-06-01", NULL, NONE, 0, false,
     false},
    /* a date element with no date the parser reads: no date, no problem */
    {"FBIS3", "<DOC><DOCNO>FBIS3-1</DOCNO><DATE1> soon </DATE1><H3><TI> "
     "Parties </TI></H3><TEXT>Text.</TEXT></DOC>", 1, "FBIS3-1", "Parties",
     "Text.", "", NULL, NONE, 0, false, false},
    /* an empty DOCNO: a bad id, the place gives one */
    {"emptydocno", "<DOC><DOCNO> </DOCNO><TEXT>Text</TEXT></DOC>", 1,
     "emptydocno:1", "Text", "Text", "", NULL, SILK_PROBLEM_BAD_ID, 1, false,
     false},
};

/* Is s free of control characters other than LF and TAB? */
static bool no_controls(const char *s)
{
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        if ((*u < 0x20 && *u != '\n' && *u != '\t') || *u == 0x7F ||
            (u[0] == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F))
            return false;
    return true;
}

START_TEST(test_sgml)
{
    const struct sgml_case *c = &sgml_cases[_i];
    seen_t s = {0};
    write_text(c->name, c->text);
    ck_assert_int_eq(walk(c->name, &s), 0);
    ck_assert_uint_eq(s.na, c->narticles);
    for (size_t i = 0; i < s.na; i++) {
        ck_assert_msg(no_controls(s.a[i].title) && no_controls(s.a[i].body),
                      "%s: a control character in article %zu", c->name, i);
        ck_assert_uint_eq(s.a[i].index, i + 1);
    }
    if (c->narticles) {
        const seen_article_t *a = &s.a[0];
        ck_assert_str_eq(a->id, c->id);
        ck_assert_str_eq(a->title, c->title);
        if (c->body)
            ck_assert_str_eq(a->body, c->body);
        ck_assert_str_eq(a->date, c->date);
        if (c->extra)
            ck_assert_str_eq(a->extra, c->extra);
        else if (c->text[0] == '<' && c->text[1] == 'D')
            ck_assert_str_eq(a->extra, "{}");
        ck_assert_int_eq(a->cp1252, c->cp1252);
        ck_assert_int_eq(a->invalid_utf8, c->invalid_utf8);
    }
    if (c->problem == NONE) {
        ck_assert_msg(s.np == 0, "%s: unexpected problem %s", c->name,
                      s.np ? s.p[0].reason : "");
    } else {
        ck_assert_uint_eq(s.np, 1);
        ck_assert_int_eq(s.p[0].kind, c->problem);
        ck_assert_uint_eq(s.p[0].line, c->problem_line);
    }
    seen_free(&s);
}
END_TEST

/* In a walk, a file without a known extension (or its .gz) that starts
 * with <DOC> or <REUTERS> is SGML; another stays skipped. Stories are
 * read one at a time: one past the limit is too large, the rest read. */
START_TEST(test_sgml_walk)
{
    seen_t s = {0};
    static const char doc[] = "<DOC>\n<DOCNO>AP880212-0001</DOCNO>\n"
                              "<HEAD>Port reopens</HEAD>\n<TEXT>\n   The port "
                              "reopened.\n</TEXT>\n</DOC>\n";
    make_dir("trec");
    write_text("trec/ap880212", doc);
    write_gz("trec/ap880213.gz", "<DOC><TEXT>Gzip'ed story</TEXT></DOC>", 37);
    write_text("trec/notes", "<p>not a story</p>\n");
    write_gz("trec/x.sgm.gz", doc, sizeof doc - 1);
    ck_assert_int_eq(walk("trec", &s), 0);
    ck_assert_uint_eq(s.na, 3);
    ck_assert_str_eq(s.a[0].id, "AP880212-0001");
    ck_assert_str_eq(s.a[0].title, "Port reopens");
    ck_assert_str_eq(s.a[0].body, "The port reopened.");
    ck_assert_str_eq(s.a[1].id, "ap880213:1");
    ck_assert_str_eq(s.a[1].body, "Gzip'ed story");
    ck_assert_str_eq(s.a[2].id, "AP880212-0001");
    ck_assert_uint_eq(s.ns, 1);
    ck_assert_str_eq(base(s.skipped[0]), "notes");
    ck_assert_str_eq(s.why[0], "no extension");
    ck_assert_uint_eq(s.np, 0);
    seen_free(&s);

    /* --max-article-bytes bounds a story, not the file */
    char big[4096];
    int n = snprintf(big, sizeof big, "<DOC><DOCNO>a</DOCNO><TEXT>short</TEXT>"
                     "</DOC>\n<DOC><DOCNO>b</DOCNO><TEXT>");
    for (int i = 0; i < 10; i++)   /* 10 lines of 60 bytes */
        n += snprintf(big + n, sizeof big - (size_t)n, "%059d\n", i);
    n += snprintf(big + n, sizeof big - (size_t)n, "</TEXT></DOC>\n"
                  "<DOC><DOCNO>c</DOCNO><TEXT>short</TEXT></DOC>\n");
    write_bytes("big.sgml", big, (size_t)n);
    silk_reader_opts_t o = {.max_article_bytes = 300};
    ck_assert_int_eq(walk_with("big.sgml", &o, &s), 0);
    ck_assert_uint_eq(s.na, 2);
    ck_assert_str_eq(s.a[0].id, "a");
    ck_assert_str_eq(s.a[1].id, "c");
    ck_assert_uint_eq(s.a[1].line, 13);
    ck_assert_uint_eq(s.a[1].index, 3);
    ck_assert_uint_eq(s.np, 1);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_TOO_LARGE);
    ck_assert_uint_eq(s.p[0].line, 2);
    seen_free(&s);

    /* a story left open before the next: reported, both read */
    write_text("open.sgm", "<DOC><DOCNO>p</DOCNO><TEXT>one\n\n<DOC><DOCNO>q"
                           "</DOCNO><TEXT>two</TEXT></DOC>\n");
    ck_assert_int_eq(walk("open.sgm", &s), 0);
    ck_assert_uint_eq(s.na, 2);
    ck_assert_str_eq(s.a[0].body, "one");
    ck_assert_str_eq(s.a[1].id, "q");
    ck_assert_uint_eq(s.np, 1);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_UNREADABLE);
    ck_assert_uint_eq(s.p[0].line, 1);
    seen_free(&s);

    /* UTF-8 with a stray byte in the second story: that one is repaired
     * and reported, the first is clean */
    write_text("two.sgm", "<DOC><DOCNO>u1</DOCNO><TEXT>caf\xC3\xA9</TEXT></DOC>\n"
                          "<DOC><DOCNO>u2</DOCNO><TEXT>caf\xE9</TEXT></DOC>\n");
    ck_assert_int_eq(walk("two.sgm", &s), 0);
    ck_assert_uint_eq(s.na, 2);
    ck_assert(!s.a[0].invalid_utf8);
    ck_assert(s.a[1].invalid_utf8);
    ck_assert_str_eq(s.a[1].body, "caf\xEF\xBF\xBD");
    ck_assert_uint_eq(s.np, 1);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_INVALID_UTF8);
    ck_assert_uint_eq(s.p[0].line, 2);
    seen_free(&s);

    /* no story at all */
    write_text("none.sgm", "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n");
    ck_assert_int_eq(walk("none.sgm", &s), 0);
    ck_assert_uint_eq(s.na, 0);
    ck_assert_uint_eq(s.np, 1);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_EMPTY);
    seen_free(&s);
}
END_TEST

/* Past max_article_bytes a file, a line or a .json file is "too large"
 * and skipped, named with its line; the lines after it are read. */
START_TEST(test_too_large)
{
    seen_t s = {0};
    silk_reader_opts_t lim = {.max_article_bytes = 1000};
    char line[3000];
    memset(line, 'x', sizeof line);
    static const char head[] = "{\"id\":\"big\",\"body\":\"";
    memcpy(line, head, sizeof head - 1);
    memcpy(line + sizeof line - 3, "\"}\n", 3);
    FILE *f = fopen(at("l.jsonl"), "wb");
    ck_assert_ptr_nonnull(f);
    fputs("{\"id\":\"small1\",\"body\":\"a\"}\n", f);
    fwrite(line, 1, sizeof line, f);
    fputs("{\"id\":\"small2\",\"body\":\"b\"}\n", f);
    fclose(f);
    write_bytes("t.txt", line, sizeof line);
    write_bytes("j.json", line, sizeof line - 1);
    ck_assert_int_eq(walk_with("", &lim, &s), 0);
    /* j.json, l.jsonl, t.txt */
    ck_assert_uint_eq(s.na, 2);
    ck_assert_str_eq(s.a[1].id, "small2");
    ck_assert_uint_eq(s.a[1].line, 3);
    ck_assert_uint_eq(s.np, 3);
    for (size_t i = 0; i < 3; i++)
        ck_assert_int_eq(s.p[i].kind, SILK_PROBLEM_TOO_LARGE);
    ck_assert_uint_eq(s.p[1].line, 2);
    ck_assert_ptr_nonnull(strstr(s.p[1].reason, "max-article-bytes"));
    seen_free(&s);
    /* no limit: all read */
    ck_assert_int_eq(walk("", &s), 0);
    ck_assert_uint_eq(s.na, 5);
    seen_free(&s);
}
END_TEST

/* A raw NUL byte in a JSON line after the first 8 KiB skips that line. */
START_TEST(test_jsonl_nul_late)
{
    seen_t s = {0};
    FILE *f = fopen(at("n.jsonl"), "wb");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < 200; i++)
        fprintf(f, "{\"id\":\"a%d\",\"body\":\"some text of the line\"}\n", i);
    fputs("{\"id\":\"nul\",\"body\":\"x", f);
    fputc('\0', f);
    fputs("y\"}\n{\"id\":\"after\",\"body\":\"z\"}\n", f);
    fclose(f);
    ck_assert_int_eq(walk("n.jsonl", &s), 0);
    ck_assert_uint_eq(s.np, 1);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_BINARY);
    ck_assert_uint_eq(s.p[0].line, 201);
    ck_assert_uint_eq(s.na, 201);
    seen_free(&s);
}
END_TEST

/* "-" reads JSON Lines from standard input; an id is required there. */
START_TEST(test_stdin)
{
    seen_t s = {0};
    write_text("in.jsonl", "{\"id\":\"s1\",\"title\":\"From stdin\"}\n"
                           "{\"title\":\"no id\"}\n");
    int saved = dup(STDIN_FILENO);
    FILE *f = fopen(at("in.jsonl"), "rb");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_ge(dup2(fileno(f), STDIN_FILENO), 0);
    const char *paths[] = {SILK_READER_STDIN};
    ck_assert_int_eq(silk_reader_walk(NULL, paths, 1, &cbs, &s), 0);
    dup2(saved, STDIN_FILENO);
    close(saved);
    fclose(f);
    ck_assert_uint_eq(s.na, 1);
    ck_assert_str_eq(s.a[0].id, "s1");
    ck_assert_str_eq(s.a[0].path, SILK_READER_STDIN);
    ck_assert_uint_eq(s.np, 1);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_BAD_JSON);
    ck_assert_ptr_nonnull(strstr(s.p[0].reason, "standard input"));
    seen_free(&s);
}
END_TEST

START_TEST(test_walk_several_paths)
{
    seen_t s = {0};
    write_text("one.txt", "one\n");
    write_text("two.txt", "two\n");
    char p1[512], p2[512];
    snprintf(p1, sizeof p1, "%s/two.txt", tmpdir);
    snprintf(p2, sizeof p2, "%s/one.txt", tmpdir);
    const char *paths[] = {p1, p2};
    ck_assert_int_eq(silk_reader_walk(NULL, paths, 2, &cbs, &s), 0);
    ck_assert_uint_eq(s.na, 2);
    ck_assert_str_eq(s.a[0].id, "two");       /* named paths keep their order */
    ck_assert_str_eq(s.a[1].id, "one");
    seen_free(&s);
}
END_TEST

START_TEST(test_walk_stop)
{
    seen_t s = {.stop_after = 1};
    write_text("a.txt", "a\n");
    write_text("b.txt", "b\n");
    ck_assert_int_eq(walk("", &s), 42);
    ck_assert_uint_eq(s.na, 1);
    seen_free(&s);
}
END_TEST

START_TEST(test_sample_fixtures)
{
    /* The documented examples in tests/fixtures/reader read as documented. */
    seen_t s = {0};
    const char *paths[] = {SILK_FIXTURES "/reader"};
    ck_assert_int_eq(silk_reader_walk(NULL, paths, 1, &cbs, &s), 0);
    ck_assert_uint_eq(s.np, 0);
    ck_assert_uint_eq(s.na, 3);
    ck_assert_str_eq(s.a[0].id, "r-1");
    ck_assert_str_eq(s.a[0].date, "1987-02-26");
    ck_assert_str_eq(s.a[0].extra, "{\"places\":[\"usa\"]}");
    ck_assert_str_eq(s.a[1].id, "2");
    ck_assert_str_eq(s.a[2].id, "sample");
    ck_assert_str_eq(s.a[2].title, "Trade with Belt and Road countries rises");
    ck_assert_str_eq(s.a[2].date, "2020-11-12");
    ck_assert_str_eq(s.a[2].source, "China News Service");
    seen_free(&s);
}
END_TEST

/* ---- errors of the walk ---- */

START_TEST(test_missing_path)
{
    seen_t s = {0};
    write_text("a.txt", "a\n");
    char missing[512], present[512];
    snprintf(missing, sizeof missing, "%s/nope", tmpdir);
    snprintf(present, sizeof present, "%s/a.txt", tmpdir);
    const char *paths[] = {missing, present};
    ck_assert_int_eq(silk_reader_walk(NULL, paths, 2, &cbs, &s),
                     SILK_WALK_MISSING);
    ck_assert_uint_eq(s.na, 1);   /* the other path is still read */
    ck_assert_uint_eq(s.np, 1);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_UNREADABLE);
    ck_assert_str_eq(s.p[0].path, missing);
    seen_free(&s);
}
END_TEST

START_TEST(test_symlink_loop)
{
    seen_t s = {0};
    make_dir("d");
    make_dir("d/e");
    write_text("d/e/a.txt", "a\n");
    ck_assert_int_eq(symlink("..", at("d/e/up")), 0);
    ck_assert_int_eq(walk("d", &s), 0);
    ck_assert_uint_eq(s.na, 1);
    const seen_problem_t *p = find_problem(&s, SILK_PROBLEM_UNREADABLE);
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(strstr(p->reason, "symlink loop"));
    ck_assert_str_eq(base(p->path), "up");
    seen_free(&s);
}
END_TEST

START_TEST(test_unreadable_entries)
{
    seen_t s = {0};
    ck_assert_int_eq(symlink("nowhere.txt", at("broken.txt")), 0);
    ck_assert_int_eq(symlink("self.txt", at("self.txt")), 0);
    ck_assert_int_eq(mkfifo(at("fifo.txt"), 0644), 0);
    ck_assert_int_eq(walk("", &s), 0);
    ck_assert_uint_eq(s.na, 0);
    ck_assert_uint_eq(s.np, 3);
    ck_assert_str_eq(base(s.p[0].path), "broken.txt");
    ck_assert_ptr_nonnull(strstr(s.p[0].reason, "broken symbolic link"));
    ck_assert_str_eq(base(s.p[1].path), "fifo.txt");
    ck_assert_ptr_nonnull(strstr(s.p[1].reason, "not a regular file"));
    ck_assert_str_eq(base(s.p[2].path), "self.txt");
    for (size_t i = 0; i < 3; i++)
        ck_assert_int_eq(s.p[i].kind, SILK_PROBLEM_UNREADABLE);
    seen_free(&s);
}
END_TEST

/* ---- XML news items (RCV1, NITF) ---- */

#define RCV1_ITEM(attrs, head, text) \
    "<?xml version=\"1.0\" encoding=\"iso-8859-1\" ?>\n<newsitem " attrs \
    " id=\"root\" xml:lang=\"en\">\n<title>USA: Garnet up.</title>\n" head \
    "<byline>Jane  Doe</byline>\n<dateline>NEW YORK 1996-08-20</dateline>\n" \
    text "<copyright>(c) Reuters Limited 1996</copyright>\n<metadata>\n" \
    "<codes class=\"bip:countries:1.0\">\n <code code=\"USA\">\n" \
    "  <editdetail action=\"confirmed\"/>\n </code>\n <code code=\"CAN\"/>" \
    "</codes>\n<codes class=\"bip:topics:1.0\"><code code=\"M14\"/></codes>\n" \
    "<dc element=\"dc.publisher\" value=\"Reuters Holdings Plc\"/>\n" \
    "<dc element=\"dc.date.published\" value=\"1996-08-21\"/>\n</metadata>\n" \
    "</newsitem>\n"
#define RCV1_TEXT \
    "<text>\n<p>Garnet prices rose\n on Tuesday in Caf\xE9 &amp; bar.</p>\n" \
    "<p>Second <b>bold</b> paragraph.</p>\n</text>\n"
#define RCV1_EXTRA \
    "{\"byline\":\"Jane Doe\",\"dateline\":\"NEW YORK 1996-08-20\"," \
    "\"copyright\":\"(c) Reuters Limited 1996\",\"countries\":[\"USA\"," \
    "\"CAN\"],\"topics\":[\"M14\"]}"
#define NITF_ITEM(docdata, pubdata, content) \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nitf SYSTEM " \
    "\"http://www.nitf.org/IPTC/NITF/3.3/specification/dtd/nitf-3-3.dtd\">\n" \
    "<nitf version=\"-//IPTC//DTD NITF 3.3//EN\"><head><title>Head title" \
    "</title><docdata>" docdata "<doc.copyright holder=\"The New York Times\"" \
    "/></docdata>" pubdata "</head><body><body.head><hedline><hl1>Mine " \
    "opens</hl1></hedline><byline class=\"print_byline\">By JOHN ROE" \
    "</byline><dateline>LIMA, Peru</dateline></body.head><body.content>" \
    content "</body.content></body></nitf>\n"

static const struct xml_case {
    const char *name, *text;
    size_t narticles;
    const char *id, *title, *body, *date, *source, *extra;
    silk_problem_t problem;  /* NONE, or the one problem expected */
    unsigned long problem_line;
    bool cp1252;
} xml_cases[] = {
    /* RCV1: itemid, <headline> over <title>, <p> paragraphs, the root's
     * date, dc.publisher, byline, dateline and codes in extra; Latin-1 as
     * declared */
    {"2286newsML.xml", RCV1_ITEM("itemid=\"2286\" date=\"1996-08-20\"",
     "<headline>Garnet prices  rise</headline>\n", RCV1_TEXT), 1, "2286",
     "Garnet prices rise",
     "Garnet prices rose on Tuesday in Caf\xC3\xA9 & bar.\n\nSecond bold "
     "paragraph.", "1996-08-20", "Reuters Holdings Plc", RCV1_EXTRA, NONE, 0,
     false},
    /* no headline: <title>; no root date: dc.date.published */
    {"nohead.xml", RCV1_ITEM("itemid=\"7\"", "", RCV1_TEXT), 1, "7",
     "USA: Garnet up.", NULL, "1996-08-21", "Reuters Holdings Plc", NULL,
     NONE, 0, false},
    /* a headline only */
    {"brief.xml", "<newsitem itemid=\"8\" date=\"1996-08-20\"><headline>Just"
     " a headline</headline><text/></newsitem>", 1, "8", "Just a headline", "",
     "1996-08-20", "", "{}", NONE, 0, false},
    /* neither headline nor text: empty */
    {"empty.xml", "<newsitem itemid=\"9\"><headline> </headline><text><p/>"
     "</text></newsitem>", 0, NULL, NULL, NULL, NULL, NULL, NULL,
     SILK_PROBLEM_EMPTY, 0, false},
    /* no itemid: the path's id; an impossible date */
    {"noid.xml", "<newsitem date=\"1996-02-30\"><headline>H</headline><text>"
     "<p>Body.</p></text></newsitem>", 1, "noid", "H", "Body.", "", "", "{}",
     SILK_PROBLEM_BAD_DATE, 0, false},
    /* NITF: doc-id, hl1, the full_text block (not the lead), the basic ISO
     * date, the copyright holder */
    {"nyt.xml", NITF_ITEM("<doc-id id-string=\"1000001\"/><date.issue norm=\""
     "19870102T000000\"/>", "<pubdata date.publication=\"19870101T000000\"/>",
     "<block class=\"lead_paragraph\"><p>Lead.</p></block><block class=\""
     "full_text\"><p>Lead.</p><p>Second.</p></block>"), 1, "1000001",
     "Mine opens", "Lead.\n\nSecond.", "1987-01-01", "The New York Times",
     "{\"byline\":\"By JOHN ROE\",\"dateline\":\"LIMA, Peru\"}", NONE, 0,
     false},
    /* NITF without full_text: every block; date.issue, the basic form
     * without a time */
    {"blocks.xml", NITF_ITEM("<date.issue norm=\"19870102\"/>", "",
     "<block><p>One.</p></block><block><p>Two.</p></block>"), 1, "blocks",
     "Mine opens", "One.\n\nTwo.", "1987-01-02", "The New York Times", NULL,
     NONE, 0, false},
    /* malformed: libxml2's line and message */
    {"bad.xml", "<newsitem itemid=\"1\">\n<headline>H</headline>\n<text><p>x"
     "</text>\n</newsitem>\n", 0, NULL, NULL, NULL, NULL, NULL, NULL,
     SILK_PROBLEM_BAD_XML, 3, false},
    /* no declaration, Latin-1 bytes: read as Windows-1252 */
    {"latin1.xml", "<newsitem itemid=\"l\"><headline>M\xDCNCHEN \x93RE\x94"
     "</headline><text><p>Na\xEFve.</p></text></newsitem>", 1, "l",
     "M\xC3\x9CNCHEN \xE2\x80\x9CRE\xE2\x80\x9D", "Na\xC3\xAFve.", "", "",
     "{}", NONE, 0, true},
    /* an internal entity is not expanded; an external one (XXE) neither,
     * and nothing is fetched */
    {"entity.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE newsitem [\n<!ENTITY "
     "co \"Zqcorp\">\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
     "<newsitem itemid=\"e\"><headline>A &co; story</headline><text><p>&xxe;"
     "Kept &lt;text&gt;.</p></text></newsitem>", 1, "e", "A story",
     "Kept <text>.", "", "", "{}", NONE, 0, false},
    /* billion laughs: refused by libxml2, never expanded */
    {"lol.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE newsitem [\n"
     "<!ENTITY a \"aaaaaaaaaaaaaaaa\">\n"
     "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
     "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
     "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
     "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
     "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
     "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
     "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
     "]>\n<newsitem itemid=\"lol\"><headline>&h;</headline><text><p>&h;&h;"
     "</p></text></newsitem>", 0, NULL, NULL, NULL, NULL, NULL, NULL,
     SILK_PROBLEM_BAD_XML, 0, false},
};

START_TEST(test_xml)
{
    const struct xml_case *c = &xml_cases[_i];
    seen_t s = {0};
    write_text(c->name, c->text);
    ck_assert_int_eq(walk(c->name, &s), 0);
    ck_assert_uint_eq(s.na, c->narticles);
    if (c->narticles) {
        const seen_article_t *a = &s.a[0];
        ck_assert_str_eq(a->id, c->id);
        ck_assert_str_eq(a->title, c->title);
        if (c->body)
            ck_assert_str_eq(a->body, c->body);
        ck_assert_str_eq(a->date, c->date);
        ck_assert_str_eq(a->source, c->source);
        if (c->extra)
            ck_assert_str_eq(a->extra, c->extra);
        ck_assert_int_eq(a->cp1252, c->cp1252);
        ck_assert_uint_eq(a->index, 1);
    }
    if (c->problem == NONE) {
        ck_assert_msg(s.np == 0, "%s: unexpected problem %s", c->name,
                      s.np ? s.p[0].reason : "");
    } else {
        ck_assert_uint_eq(s.np, 1);
        ck_assert_int_eq(s.p[0].kind, c->problem);
        if (c->problem_line)
            ck_assert_uint_eq(s.p[0].line, c->problem_line);
    }
    seen_free(&s);
}
END_TEST

/* In a walk: .xml and .xml.gz news items are read, another root is
 * skipped and named (a problem when named itself), a file over
 * --max-article-bytes is too large only when it is a news item. */
START_TEST(test_xml_walk)
{
    seen_t s = {0};
    static const char item[] = "<nitf><head><docdata><doc-id id-string=\"g1\""
                               "/></docdata></head><body><body.content><block>"
                               "<p>Gzip'ed item</p></block></body.content>"
                               "</body></nitf>";
    make_dir("x");
    write_gz("x/a.xml.gz", item, sizeof item - 1);
    write_text("x/feed.xml", "<?xml version=\"1.0\"?>\n<!-- a feed -->\n<rss "
               "version=\"2.0\"><channel><title>Feed</title></channel></rss>");
    write_text("x/b.xml", "<newsitem itemid=\"b1\"><headline>Plain item"
               "</headline></newsitem>");
    ck_assert_int_eq(walk("x", &s), 0);
    ck_assert_uint_eq(s.na, 2);
    ck_assert_str_eq(s.a[0].id, "g1");
    ck_assert_str_eq(s.a[0].title, "Gzip'ed item");
    ck_assert_str_eq(s.a[1].id, "b1");
    ck_assert_uint_eq(s.ns, 1);
    ck_assert_str_eq(base(s.skipped[0]), "feed.xml");
    ck_assert_str_eq(s.why[0],
                     "an XML file whose root is <rss>, not a news item");
    ck_assert_uint_eq(s.np, 0);
    seen_free(&s);

    ck_assert_int_eq(walk("x/feed.xml", &s), 0);
    ck_assert_uint_eq(s.na, 0);
    ck_assert_uint_eq(s.np, 1);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_BAD_XML);
    seen_free(&s);

    silk_reader_opts_t o = {.max_article_bytes = 40};
    ck_assert_int_eq(walk_with("x", &o, &s), 0);
    ck_assert_uint_eq(s.na, 0);
    ck_assert_uint_eq(s.ns, 1);
    ck_assert_str_eq(base(s.skipped[0]), "feed.xml");
    ck_assert_uint_eq(s.np, 2);
    ck_assert_int_eq(s.p[0].kind, SILK_PROBLEM_TOO_LARGE);
    ck_assert_int_eq(s.p[1].kind, SILK_PROBLEM_TOO_LARGE);
    seen_free(&s);
}
END_TEST

START_TEST(test_problem_names)
{
    static const char *const names[SILK_PROBLEM_COUNT_] = {
        "unreadable", "empty", "binary", "bad json", "bad meta",
        "invalid utf-8", "bad date", "bad id", "too large", "out of memory",
        "bad csv", "bad xml"};
    ck_assert_str_eq(silk_problem_str((silk_problem_t)_i), names[_i]);
    ck_assert_str_eq(silk_problem_str(SILK_PROBLEM_COUNT_), "unknown");
}
END_TEST

static Suite *reader_suite(void)
{
    Suite *s = suite_create("reader");
    TCase *core = tcase_create("core");
    tcase_add_checked_fixture(core, tmp_setup, tmp_teardown);
    tcase_set_timeout(core, 60);
    tcase_add_loop_test(core, test_txt, 0, sizeof txt_cases / sizeof *txt_cases);
    tcase_add_test(core, test_txt_body_exact);
    tcase_add_test(core, test_long_title_cut);
    tcase_add_loop_test(core, test_jsonl, 0, sizeof jsonl_cases / sizeof *jsonl_cases);
    tcase_add_test(core, test_jsonl_huge_string);
    tcase_add_test(core, test_walk_order_and_kinds);
    tcase_add_loop_test(core, test_ids, 0, sizeof id_cases / sizeof *id_cases);
    tcase_add_test(core, test_ids_long_and_stable);
    tcase_add_test(core, test_names_not_utf8);
    tcase_add_test(core, test_walk_what_is_read);
    tcase_add_test(core, test_json_files);
    tcase_add_test(core, test_gzip);
    tcase_add_test(core, test_field_keys);
    tcase_add_test(core, test_newsapi);
    tcase_add_test(core, test_csv);
    tcase_add_loop_test(core, test_sgml, 0, sizeof sgml_cases / sizeof *sgml_cases);
    tcase_add_test(core, test_sgml_walk);
    tcase_add_loop_test(core, test_xml, 0, sizeof xml_cases / sizeof *xml_cases);
    tcase_add_test(core, test_xml_walk);
    tcase_add_test(core, test_stdin);
    tcase_add_test(core, test_walk_several_paths);
    tcase_add_test(core, test_walk_stop);
    tcase_add_test(core, test_sample_fixtures);
    tcase_add_loop_test(core, test_problem_names, 0, SILK_PROBLEM_COUNT_);
    suite_add_tcase(s, core);

    TCase *errors = tcase_create("errors");
    tcase_add_checked_fixture(errors, tmp_setup, tmp_teardown);
    tcase_add_test(errors, test_empty_and_binary);
    tcase_add_test(errors, test_jsonl_truncated_and_crlf);
    tcase_add_test(errors, test_too_large);
    tcase_add_test(errors, test_csv_errors);
    tcase_add_test(errors, test_jsonl_nul_late);
    tcase_add_test(errors, test_missing_path);
    tcase_add_test(errors, test_symlink_loop);
    tcase_add_test(errors, test_unreadable_entries);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(reader_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
