/* check_parse.c: the query language — how every kind of query (and every
 * odd one) is read, printed back and built into a Xapian query. */
#define _POSIX_C_SOURCE 200809L /* access */
#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "parse.h"

/* ---- helpers ------------------------------------------------------------ */

/* The tree's shape, for precedence tests: "AND(GROUP(a,+b),-c)". */
static void shape_into(const silk_qnode_t *n, char *buf, size_t cap)
{
    static const char *const kinds[] = {"", "", "AND", "OR", "NOT", "", "GROUP"};
    size_t len = strlen(buf);
    if (n == NULL) {
        snprintf(buf + len, cap - len, "_");
        return;
    }
    if (n->required)
        snprintf(buf + strlen(buf), cap - strlen(buf), "+");
    switch (n->kind) {
    case SILK_Q_WORD:
        snprintf(buf + strlen(buf), cap - strlen(buf), "%s%s%s", n->field ? n->field : "",
                 n->field ? ":" : "", n->text);
        return;
    case SILK_Q_PHRASE:
        snprintf(buf + strlen(buf), cap - strlen(buf), "%s%s\"%s\"", n->field ? n->field : "",
                 n->field ? ":" : "", n->text);
        return;
    case SILK_Q_FILTER:
        if (n->is_range)
            snprintf(buf + strlen(buf), cap - strlen(buf), "%s=[%s,%s]", n->field,
                     n->lo ? n->lo : "", n->hi ? n->hi : "");
        else
            snprintf(buf + strlen(buf), cap - strlen(buf), "%s=%s", n->field, n->text);
        return;
    default:
        break;
    }
    snprintf(buf + strlen(buf), cap - strlen(buf), "%s(", kinds[n->kind]);
    for (size_t i = 0; i < n->nkids; i++) {
        if (i > 0)
            snprintf(buf + strlen(buf), cap - strlen(buf), ",");
        shape_into(n->kids[i], buf, cap);
    }
    snprintf(buf + strlen(buf), cap - strlen(buf), ")");
}

/* Parse q and check its reading, its shape (if wanted) and its notes
 * (NULL: none; else a substring of them). The reading parses back to
 * itself. */
static void check_reading(const char *q, const char *reading, const char *shape,
                          const char *note)
{
    char *notes = NULL;
    silk_qnode_t *t = silk_query_parse(q, &notes);
    char *f = silk_qnode_format(t);
    ck_assert_ptr_nonnull(f);
    ck_assert_msg(strcmp(f, reading) == 0, "query [%s]: read as [%s], want [%s]", q, f,
                  reading);
    if (shape != NULL) {
        char buf[1024] = "";
        shape_into(t, buf, sizeof buf);
        ck_assert_msg(strcmp(buf, shape) == 0, "query [%s]: shape %s, want %s", q, buf,
                      shape);
    }
    if (note == NULL)
        ck_assert_msg(notes == NULL, "query [%s]: unexpected notes [%s]", q, notes);
    else
        ck_assert_msg(notes != NULL && strstr(notes, note) != NULL,
                      "query [%s]: notes [%s], want [%s]", q, notes ? notes : "(none)", note);
    char *notes2 = NULL;
    silk_qnode_t *t2 = silk_query_parse(f, &notes2);
    char *f2 = silk_qnode_format(t2);
    ck_assert_msg(strcmp(f, f2) == 0, "reading [%s] reads back as [%s]", f, f2);
    ck_assert_msg(notes2 == NULL, "reading [%s] has notes [%s]", f, notes2);
    free(f);
    free(f2);
    free(notes);
    free(notes2);
    silk_qnode_free(t);
    silk_qnode_free(t2);
}

/* ---- readings ------------------------------------------------------- */

typedef struct reading_case {
    const char *query;
    const char *reading; /* silk_qnode_format */
    const char *shape;   /* NULL: not checked */
    const char *note;    /* NULL: no notes */
} reading_case_t;

static const reading_case_t core_cases[] = {
    /* words, compounds, phrases */
    {"China-Laos Railway", "China-Laos Railway", "GROUP(China-Laos,Railway)", NULL},
    {"railways", "railways", "railways", NULL},
    {"\"china laos\" railway year:2019..2021", "\"china laos\" railway year:2019..2021",
     "GROUP(\"china laos\",railway,year=[2019,2021])", NULL},
    {"“curly quotes”", "\"curly quotes\"", "\"curly quotes\"", NULL},
    {"\"curly quotes”", "\"curly quotes\"", NULL, NULL},
    {"“ Xapian QueryParser” parses", "\"Xapian QueryParser\" parses", NULL, NULL},
    {"久有归天愿", "久有归天愿", "久有归天愿", NULL},
    {"ＵＦＪ", "ＵＦＪ", NULL, NULL},
    /* operators: upper case only; lower case and other words are words */
    {"and or not", "and or not", "GROUP(and,or,not)", NULL},
    {"A XOR B", "A XOR B", "GROUP(A,XOR,B)", NULL},
    {"a NEAR b", "a NEAR b", "GROUP(a,NEAR,b)", NULL},
    {"one A.N.D. two", "one A.N.D. two", NULL, NULL},
    /* ... except in pasted text in capitals (no lower-case letter, more
     * than SILK_QUERY_CAPS_OPERATOR_WORDS other words): LISA's requests */
    {"I AM INTERESTED IN CHINA AND LAOS", "I AM INTERESTED IN CHINA \"AND\" LAOS",
     "GROUP(I,AM,INTERESTED,IN,CHINA,AND,LAOS)", "AND, OR, NOT, - and + read as words"},
    {"USERS OR NON-USERS OF LIBRARIES NOT SCHOOLS",
     "USERS \"OR\" NON-USERS OF LIBRARIES \"NOT\" SCHOOLS", NULL, "read as words"},
    {"ÉTUDES DES CHEMINS DE FER OR RAILWAYS", "ÉTUDES DES CHEMINS DE FER \"OR\" RAILWAYS",
     NULL, "read as words"},
    {"CHINA LAOS RAILWAY NOT BRIDGE", "CHINA LAOS RAILWAY NOT BRIDGE",
     "NOT(GROUP(CHINA,LAOS,RAILWAY),BRIDGE)", NULL},
    /* a wire headline's " -SOURCE" is part of the pasted text, not "NOT" */
    {"DROUGHT MAY REDUCE ZIMBABWE COFFEE OUTPUT -GROWERS",
     "DROUGHT MAY REDUCE ZIMBABWE COFFEE OUTPUT \"-GROWERS\"",
     "GROUP(DROUGHT,MAY,REDUCE,ZIMBABWE,COFFEE,OUTPUT,-GROWERS)", "- and + read as words"},
    {"U.S. SAYS +GATT TALKS ON FARM TRADE -YEUTTER", "U.S. SAYS \"+GATT\" TALKS ON FARM TRADE \"-YEUTTER\"",
     NULL, "read as words"},
    /* decided on what the reading kept, so the reading parses back the same */
    {"RICE B C D E AND F title:(", "RICE B C D E \"AND\" F", NULL, "read as words"},
    {"CHINA LAOS RAILWAY -BRIDGE", "CHINA LAOS RAILWAY -BRIDGE",
     "GROUP(CHINA,LAOS,RAILWAY,NOT(_,BRIDGE))", NULL},
    {"oil output cut -iran opec saudi", "oil output cut -iran opec saudi", NULL, NULL},
    {"interested in CHINA AND LAOS trade routes", "interested in CHINA AND LAOS trade routes",
     "AND(GROUP(interested,in,CHINA),GROUP(LAOS,trade,routes))", NULL},
    {"CORPORATE ORDERS FOR NOTEBOOKS ANDROID PHONES", "CORPORATE ORDERS FOR NOTEBOOKS ANDROID PHONES",
     NULL, NULL},
    /* precedence: side by side binds tightest, then AND / NOT, then OR */
    {"one AND two three", "one AND two three", "AND(one,GROUP(two,three))", NULL},
    {"one two AND three", "one two AND three", "AND(GROUP(one,two),three)", NULL},
    {"a OR b c", "a OR b c", "OR(a,GROUP(b,c))", NULL},
    {"A OR B NOT C", "A OR B NOT C", "OR(A,NOT(B,C))", NULL},
    {"a AND b AND c NOT d OR e", "a AND b AND c NOT d OR e",
     "OR(NOT(AND(a,b,c),d),e)", NULL},
    {"beach sun tan NOT cream", "beach sun tan NOT cream",
     "NOT(GROUP(beach,sun,tan),cream)", NULL},
    {"beer AND NOT lager", "beer NOT lager", "NOT(beer,lager)", NULL},
    {"beer AND -lager", "beer AND -lager", "AND(beer,NOT(_,lager))", NULL},
    {"beer AND +lager", "beer AND lager", "AND(beer,lager)", NULL},
    {"NOT windows", "-windows", "NOT(_,windows)", NULL},
    {"a AND (NOT b)", "a AND -b", "AND(a,NOT(_,b))", NULL},
    {"(a b) c", "(a b) c", "GROUP(GROUP(a,b),c)", NULL},
    {"a OR (b OR c)", "a OR (b OR c)", "OR(a,OR(b,c))", NULL},
    {"IRC (FAQ OR (hulp NEAR bij))", "IRC (FAQ OR hulp NEAR bij)",
     "GROUP(IRC,OR(FAQ,GROUP(hulp,NEAR,bij)))", NULL},
    /* exclusion and requirement */
    {"stock -cooking", "stock -cooking", "GROUP(stock,NOT(_,cooking))", NULL},
    {"beer -\"orange juice\"", "beer -\"orange juice\"", NULL, NULL},
    {"zero -(one two)", "zero -(one two)", "GROUP(zero,NOT(_,GROUP(one,two)))", NULL},
    {"one +two three", "one +two three", "GROUP(one,+two,three)", NULL},
    {"+\"must have\" optional", "+\"must have\" optional", NULL, NULL},
    {"sony +(u20 u-20)", "sony +(u20 u-20)", "GROUP(sony,+GROUP(u20,u-20))", NULL},
    {"+(-a) -(-b)", "+(-a) -(-b)", "GROUP(+NOT(_,a),NOT(_,NOT(_,b)))", NULL},
    /* '-' and '+' inside or after a word, or doubled, are part of it */
    {"c++ -d--", "c++ -d--", "GROUP(c++,NOT(_,d--))", NULL},
    {"Mg2+ Cl-", "Mg2+ Cl-", NULL, NULL},
    {"DVD+RW d- school", "DVD+RW d- school", NULL, NULL},
    {"wget --http-user", "wget --http-user", "GROUP(wget,--http-user)", NULL},
    {"ms +-connect", "ms +-connect", "GROUP(ms,+-connect)", NULL},
    {"-Wredundant-decls", "-Wredundant-decls", "NOT(_,Wredundant-decls)", NULL},
    /* fields */
    {"title:railway", "title:railway", "title:railway", NULL},
    {"title:\"animal farm\" -title:pig", "title:\"animal farm\" -title:pig",
     "GROUP(title:\"animal farm\",NOT(_,title:pig))", NULL},
    {"title:(chemical engineers)", "title:chemical title:engineers",
     "GROUP(title:chemical,title:engineers)", NULL},
    {"internet title:(http OR www)", "internet (title:http OR title:www)", NULL, NULL},
    {"Title:Railway COUNTRY:laos", "title:Railway country:laos",
     "GROUP(title:Railway,country=laos)", NULL},
    {"country:\"United States\" country:Laos", "country:\"United States\" country:Laos",
     "GROUP(country=United States,country=Laos)", NULL},
    {"country:“United States”", "country:\"United States\"", NULL, NULL},
    {"year:2021", "year:2021", "year=2021", NULL},
    {"*", "*", "*", NULL},
    {"* year:2021", "* year:2021", "GROUP(*,year=2021)", NULL},
    {"year:..2019", "year:..2019", "year=[,2019]", NULL},
    {"year:2020..", "year:2020..", "year=[2020,]", NULL},
    {"date:2021-03-02", "date:2021-03-02", "date=2021-03-02", NULL},
    {"DATE:2020-11..2021-03", "date:2020-11..2021-03", "date=[2020-11,2021-03]", NULL},
    {"date:2021-01..", "date:2021-01..", "date=[2021-01,]", NULL},
    {"date:..2020-06", "date:..2020-06", "date=[,2020-06]", NULL},
    {"ministry:commerce source:\"China Trade News\" subject:la",
     "ministry:commerce source:\"China Trade News\" subject:la",
     "GROUP(ministry=commerce,source=China Trade News,subject=la)", NULL},
    {"source:xinhua.net", "source:xinhua.net", "source=xinhua.net", NULL},
    {"-country:China railway", "-country:China railway",
     "GROUP(NOT(_,country=China),railway)", NULL},
    {"one author:AND two", "one author AND two", "AND(GROUP(one,author),two)",
     "unknown field author"},
    {"Call to undefined function: imagecreate()", "Call to undefined function: imagecreate",
     NULL, NULL},
    /* things that look like other engines' syntax are words */
    {"musket~0.5 test*", "musket~0.5 test*", NULL, NULL},
    {"$50..100 1999-03-12..2020-12-30", "$50..100 1999-03-12..2020-12-30", NULL, NULL},
    {"a-b NEAR x", "a-b NEAR x", NULL, NULL},
    {"Türkiye'dir", "Türkiye'dir", NULL, NULL},
    {"KT4V(MS-6712)", "KT4V MS-6712", "GROUP(KT4V,MS-6712)", NULL},
};

/* Odd input: never an error; read as words, with a note saying how. */
static const reading_case_t odd_cases[] = {
    {"", "", "_", NULL},
    {"   \t\r\n ", "", "_", NULL},
    {"?!", "", "_", "\"?!\" ignored: no letters or digits"},
    {"\"unbalanced quote", "\"unbalanced quote\"", "\"unbalanced quote\"",
     "unbalanced quote: read to the end"},
    {"unmatched\"", "unmatched", "unmatched", "stray quote ignored"},
    {"unmatched “ ” ", "unmatched", "unmatched", "empty quotes ignored"},
    {"\"phrase one \"phrase two\"", "\"phrase one\" phrase two", NULL, "stray quote"},
    {"(a b", "a b", "GROUP(a,b)", "unbalanced '(': closed at the end"},
    {"(foo XOR (bar AND baz", "foo XOR (bar AND baz)", NULL, "unbalanced '('"},
    {"a b)", "a b", "GROUP(a,b)", "unbalanced ')' ignored"},
    {"patch linux exploit -p)", "patch linux exploit -p", NULL, "unbalanced ')'"},
    {")))", "", "_", "unbalanced ')'"},
    {"a - b", "a b", "GROUP(a,b)", "\"-\" ignored"},
    {"a : b", "a b", "GROUP(a,b)", "\":\" ignored"},
    {"a .. b", "a b", "GROUP(a,b)", "\"..\" ignored"},
    {"foo:bar", "foo bar", "GROUP(foo,bar)", "unknown field foo: read as a word"},
    {"author:(twain OR poe) OR flight", "author (twain OR poe) OR flight", NULL,
     "unknown field author"},
    {"year:abc", "year:abc", "year=abc", NULL}, /* the build notes it */
    {"year:..", "", "_", "year:.. with no bounds ignored"},
    {"date:..", "", "_", "date:.. with no bounds ignored"},
    {"title:*", "", "_", "\"*\" ignored: no letters or digits"},
    {"country:\"\"", "", "_", "country: with no value ignored"},
    {"title: railway", "title: railway", "GROUP(title:,railway)", NULL},
    {"AND foo", "foo", "foo", "AND with nothing before it ignored"},
    {"foo OR", "foo", "foo", "OR with nothing after it ignored"},
    {"OR foo", "foo", "foo", "OR with nothing before it ignored"},
    {"NOT", "", "_", "NOT with nothing after it ignored"},
    {"gordian NOT", "gordian", "gordian", "NOT with nothing after it ignored"},
    {"gordian AND -", "gordian", "gordian", "AND with nothing after it ignored"},
    {"AND -windows", "-windows", NULL, "AND with nothing before it ignored"},
    {"foo OR (something AND)", "foo OR something", NULL, "AND with nothing after it"},
    {"+session +[", "session", "session", "'+' with nothing after it ignored"},
    {"-", "", "_", "\"-\" ignored"},
    {"->", "", "_", "'-' with nothing after it ignored"},
    {"(multi pc modem)+ (line sync)", "(multi pc modem) (line sync)", NULL, "\"+\" ignored"},
    {"hard\xC2\xA0space", "hard space", "GROUP(hard,space)", NULL},
    {"a\x01" "b\tc", "a b c", NULL, NULL},
    {"bad \xFF\xFE utf8", "bad utf8", "GROUP(bad,utf8)", "no letters or digits"},
    {"caf\xC3", "caf\xEF\xBF\xBD", NULL, NULL},
};

static void check_case(const reading_case_t *c)
{
    check_reading(c->query, c->reading, c->shape, c->note);
}

START_TEST(test_reading)
{
    check_case(&core_cases[_i]);
}
END_TEST

START_TEST(test_odd_reading)
{
    check_case(&odd_cases[_i]);
}
END_TEST

START_TEST(test_null_input)
{
    char *notes = (char *)"x";
    ck_assert_ptr_null(silk_query_parse(NULL, &notes));
    ck_assert_ptr_null(notes);
    char *f = silk_qnode_format(NULL);
    ck_assert_str_eq(f, "");
    free(f);
    silk_qnode_free(NULL);
}
END_TEST

/* Past SILK_QUERY_MAX_TERMS terms the rest of the query is not read. */
START_TEST(test_long_input)
{
    size_t n = 3000;
    char *q = malloc(n * 8 + 1);
    q[0] = '\0';
    for (size_t i = 0; i < n; i++)
        sprintf(q + strlen(q), "w%zu ", i);
    char *notes = NULL;
    silk_qnode_t *t = silk_query_parse(q, &notes);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(t->kind, SILK_Q_GROUP);
    ck_assert_uint_eq(t->nkids, SILK_QUERY_MAX_TERMS);
    ck_assert_ptr_nonnull(notes);
    ck_assert_ptr_nonnull(strstr(notes, "query too long: only its first 256 terms read"));
    free(notes);
    silk_qnode_free(t);
    free(q);
}
END_TEST

/* Brackets nested past SILK_QUERY_MAX_DEPTH are ignored, not recursed. */
START_TEST(test_deep_brackets)
{
    size_t n = 100000;
    char *q = malloc(2 * n + 8);
    memset(q, '(', n);
    strcpy(q + n, "a b");
    memset(q + n + 3, ')', n);
    q[2 * n + 3] = '\0';
    check_reading(q, "a b", "GROUP(a,b)", "brackets nested deeper than 32");
    q[n + 3] = '\0'; /* and never closed */
    check_reading(q, "a b", "GROUP(a,b)", "unbalanced '(': closed at the end");
    /* "-(-(-(...-(a b": past the limit each "(" is skipped, and a '-'
     * with nothing after it is dropped. */
    for (size_t i = 0; i < n; i += 2) {
        q[i] = '-';
        q[i + 1] = '(';
    }
    strcpy(q + n, "a b");
    char want[4 * SILK_QUERY_MAX_DEPTH + 8] = "";
    for (int i = 0; i < SILK_QUERY_MAX_DEPTH; i++)
        strcat(want, "-(");
    strcat(want, "-a b");
    for (int i = 0; i < SILK_QUERY_MAX_DEPTH; i++)
        strcat(want, ")");
    check_reading(q, want, NULL, "brackets nested deeper");
    free(q);
}
END_TEST

/* Any bytes: the parser never crashes, and its reading reads back to
 * itself. A fixed seed keeps failures reproducible. */
START_TEST(test_random_bytes)
{
    static const char alphabet[] = "ab (()\"\"--++::..AND OR NOT title:year:date:country: "
                                   "\xE2\x80\x9C\xE2\x80\x9D\xFF\xC3\xA9\x01\t";
    unsigned long seed = 12345;
    char q[80];
    for (int iter = 0; iter < 20000; iter++) {
        size_t len = 0, want = (size_t)(iter % 70);
        while (len < want) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            q[len++] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
        }
        q[len] = '\0';
        silk_qnode_t *t = silk_query_parse(q, NULL);
        char *f = silk_qnode_format(t);
        silk_qnode_t *t2 = silk_query_parse(f, NULL);
        char *f2 = silk_qnode_format(t2);
        ck_assert_msg(strcmp(f, f2) == 0, "[%s] read as [%s], which reads as [%s]", q, f, f2);
        free(f);
        free(f2);
        silk_qnode_free(t);
        silk_qnode_free(t2);
    }
}
END_TEST

/* The same in capitals only, where long queries read AND, OR, NOT as words
 * and short ones as operators: the reading still reads back to itself. */
START_TEST(test_random_caps)
{
    static const char alphabet[] = "AB CD (()\"\"--++::AND OR NOT TITLE:YEAR: \xC3\x89";
    unsigned long seed = 54321;
    char q[80];
    for (int iter = 0; iter < 20000; iter++) {
        size_t len = 0, want = (size_t)(iter % 70);
        while (len < want) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            q[len++] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
        }
        q[len] = '\0';
        silk_qnode_t *t = silk_query_parse(q, NULL);
        char *f = silk_qnode_format(t);
        silk_qnode_t *t2 = silk_query_parse(f, NULL);
        char *f2 = silk_qnode_format(t2);
        ck_assert_msg(strcmp(f, f2) == 0, "[%s] read as [%s], which reads as [%s]", q, f, f2);
        free(f);
        free(f2);
        silk_qnode_free(t);
        silk_qnode_free(t2);
    }
}
END_TEST

/* ---- building ----------------------------------------------------------- */

static silk_analyzer_t *an;
static silk_gazetteer_t *gz;

static void build_setup(void)
{
    an = silk_analyzer_new("english");
    ck_assert_ptr_nonnull(an);
    gz = silk_gazetteer_new(an);
    ck_assert_ptr_nonnull(gz);
}

static void build_teardown(void)
{
    silk_gazetteer_free(gz);
    silk_analyzer_free(an);
}

/* Build q; return Xapian's description (malloc'ed) and the notes. */
static char *describe(const char *q, char **notes, silk_qterms_t *terms)
{
    silk_qnode_t *t = silk_query_parse(q, NULL);
    silk_query_t *xq = NULL;
    silk_rank_opts_t ro;
    silk_rank_opts_init(&ro);
    silk_status_t st = silk_qbuild(&xq, t, an, gz, &ro, terms, notes);
    ck_assert_msg(st == SILK_OK, "query [%s]: %s", q, silk_status_str(st));
    ck_assert_ptr_nonnull(xq);
    char *d = silk_query_describe(xq);
    ck_assert_ptr_nonnull(d);
    silk_query_free(xq);
    silk_qnode_free(t);
    return d;
}

typedef struct build_case {
    const char *query;
    const char *has[4]; /* substrings of the description */
    const char *hasnt;  /* NULL: not checked */
    const char *note;   /* NULL: no notes */
} build_case_t;

static const build_case_t build_cases[] = {
    {"railways", {"railway", "Srailway"}, "railways", NULL},
    {"China-Laos", {"(china@1 PHRASE 2 lao@2)", "(Schina@1 PHRASE 2 Slao@2)"}, NULL, NULL},
    {"\"China Laos railways\"", {"PHRASE 3", "railway@3"}, NULL, NULL},
    {"title:railways", {"Srailway"}, "(railway", NULL},
    {"title:\"high speed\"", {"(Shigh@1 PHRASE 2 Sspeed@2)"}, "(high", NULL},
    /* tiers: all words (fixed weight) and the exact phrase (fixed weight) */
    {"China-Laos Railway",
     {"OR (PostingSource(Xapian::FixedWeightPostingSource(wt=1000)) FILTER (china@1 PHRASE 3 lao@2 PHRASE 3 railway@3))"}, NULL, NULL},
    {"the railway", {"OR (PostingSource(Xapian::FixedWeightPostingSource(wt=1000)) FILTER (the@1 PHRASE 2 railway@2))"}, NULL, NULL},
    {"one +two three", {"Stwo@2) AND_MAYBE", "one@1"}, NULL, NULL},
    {"railway OR bridge", {"OR"}, "FixedWeight", NULL},
    {"railway AND bridge", {"AND"}, "FixedWeight", NULL},
    /* filters */
    {"country:Laos", {"<alldocuments> FILTER XCla"}, NULL, NULL},
    {"country:la", {"XCla"}, NULL, NULL},
    {"subject:Laos", {"XKla"}, NULL, NULL},
    {"year:2021", {"Y2021"}, NULL, NULL},
    {"year:2019..2021", {"VALUE_RANGE 0 2019 2021"}, NULL, NULL},
    {"year:..2019", {"VALUE_LE 0 2019"}, NULL, NULL},
    {"year:2020..", {"VALUE_GE 0 2020"}, NULL, NULL},
    {"year:0..99999", {"VALUE_RANGE 0 0000 9999"}, NULL, NULL},
    {"year:2021..2019", {"VALUE_RANGE 0 2019 2021"}, NULL,
     "year:2021..2019 read as year:2019..2021"},
    /* dates: a range on slot 1 from the start as typed to the end of
     * the period the end names */
    {"date:2021-03-02", {"VALUE_RANGE 1 2021-03-02 2021-03-02"}, NULL, NULL},
    {"date:2021-03", {"VALUE_RANGE 1 2021-03 2021-03-31"}, NULL, NULL},
    {"date:2021", {"VALUE_RANGE 1 2021 2021-12-31"}, NULL, NULL},
    {"date:2020-11..2021-03", {"VALUE_RANGE 1 2020-11 2021-03-31"}, NULL, NULL},
    {"date:2021-01..", {"VALUE_GE 1 2021-01"}, NULL, NULL},
    {"date:..2020-06", {"VALUE_LE 1 2020-06-31"}, NULL, NULL},
    {"date:2021..2019-05-01", {"VALUE_RANGE 1 2019-05-01 2021-12-31"}, NULL,
     "date:2021..2019-05-01 read as date:2019-05-01..2021"},
    {"date:2021-13", {"Query()"}, NULL, "date:2021-13 is not a date: there is no month 13: matches nothing"},
    /* * is everything; beside other terms it adds nothing */
    {"*", {"<alldocuments>"}, NULL, NULL},
    {"* year:2021", {"<alldocuments> FILTER Y2021"}, NULL, NULL},
    {"* -country:china", {"<alldocuments> AND_NOT XCcn"}, NULL, NULL},
    {"railway *", {"railway"}, "alldocuments", NULL},
    {"ministry:commerce", {"XMcommerce"}, NULL, NULL},
    {"source:\"China Trade News\"", {"XSchina-trade-news"}, NULL, NULL},
    {"railway year:2020 year:2021 country:laos",
     {"FILTER", "(Y2020 OR Y2021)", "XCla"}, NULL, NULL},
    {"railway AND year:2020 AND year:2021", {"FILTER Y2020 FILTER Y2021"}, NULL, NULL},
    {"railway year:2021 OR country:laos", {"OR"}, NULL, NULL},
    /* exclusion */
    {"railway -bridge", {"AND_NOT", "bridg"}, NULL, NULL},
    {"-bridge", {"<alldocuments> AND_NOT", "bridg"}, NULL, NULL},
    {"railway -country:china", {"AND_NOT XCcn"}, NULL, NULL},
    {"railway NOT bridge", {"AND_NOT"}, NULL, NULL},
    /* what matches nothing says so */
    {"country:Atlantis", {"Query()"}, NULL, "country:Atlantis names no country: matches nothing"},
    {"railway country:Atlantis", {"Query()"}, NULL, "names no country"},
    {"year:abc", {"Query()"}, NULL, "year:abc is not a year: matches nothing"},
    {"year:abc..2020", {"Query()"}, NULL, "is not a range of years"},
    {"ministry:nonsense", {"Query()"}, NULL, "names no ministry"},
    {"source:\"!!\"", {"Query()"}, NULL, "names no source"},
    {"", {"Query()"}, NULL, NULL},
    {"?!", {"Query()"}, NULL, NULL},
    /* CJK: overlapping bigrams, as a phrase */
    {"久有归天愿", {"PHRASE 4"}, NULL, NULL},
};

START_TEST(test_build)
{
    const build_case_t *c = &build_cases[_i];
    char *notes = NULL;
    char *d = describe(c->query, &notes, NULL);
    for (int i = 0; i < 4 && c->has[i]; i++)
        ck_assert_msg(strstr(d, c->has[i]) != NULL, "query [%s]: [%s] lacks [%s]", c->query,
                      d, c->has[i]);
    if (c->hasnt)
        ck_assert_msg(strstr(d, c->hasnt) == NULL, "query [%s]: [%s] has [%s]", c->query, d,
                      c->hasnt);
    if (c->note == NULL)
        ck_assert_msg(notes == NULL, "query [%s]: unexpected notes [%s]", c->query, notes);
    else
        ck_assert_msg(notes != NULL && strstr(notes, c->note) != NULL,
                      "query [%s]: notes [%s], want [%s]", c->query, notes ? notes : "(none)",
                      c->note);
    free(d);
    free(notes);
}
END_TEST

/* The stems to highlight: positive words, body and title, each once. */
START_TEST(test_highlight_terms)
{
    silk_qterms_t terms;
    char *d = describe("railways China-Laos railway -bridge title:station NOT tunnel",
                       NULL, &terms);
    const char *want[] = {"railway", "china", "lao", "station"};
    ck_assert_uint_eq(terms.n, 4);
    for (size_t i = 0; i < 4; i++)
        ck_assert_str_eq(terms.stems[i], want[i]);
    silk_qterms_free(&terms);
    silk_qterms_free(&terms); /* twice is harmless */
    free(d);
}
END_TEST

/* Building checks its arguments. */
START_TEST(test_build_invalid)
{
    silk_query_t *q = (silk_query_t *)1;
    silk_qnode_t *t = silk_query_parse("railway", NULL);
    ck_assert_int_eq(silk_qbuild(&q, t, NULL, gz, NULL, NULL, NULL), SILK_INVALID);
    ck_assert_ptr_null(q);
    ck_assert_int_eq(silk_qbuild(NULL, t, an, gz, NULL, NULL, NULL), SILK_INVALID);
    /* no gazetteer: country filters match nothing, words still work */
    char *notes = NULL;
    silk_qnode_free(t);
    t = silk_query_parse("railway country:laos", NULL);
    ck_assert_int_eq(silk_qbuild(&q, t, an, NULL, NULL, NULL, &notes), SILK_OK);
    ck_assert_ptr_nonnull(strstr(notes, "names no country"));
    silk_query_free(q);
    free(notes);
    silk_qnode_free(t);
}
END_TEST

/* silk_qbuild_check: the first date that does not exist, named. */
typedef struct date_case {
    const char *query;
    const char *msg; /* NULL: accepted */
} date_case_t;

static const date_case_t date_cases[] = {
    {"date:2021-03-02", NULL},
    {"date:2024-02-29", NULL},                 /* a leap day */
    {"date:2000-02-29", NULL},                 /* 2000 is a leap year */
    {"railway date:2020-11..2021-03 year:2021", NULL},
    {"date:..2020-06", NULL},
    {"date:2021-13", "date:2021-13 is not a date: there is no month 13"},
    {"date:2021-00", "date:2021-00 is not a date: there is no month 00"},
    {"date:2021-02-30", "date:2021-02-30 is not a date: 2021-02 has 28 days"},
    {"date:1900-02-29", "date:1900-02-29 is not a date: 1900-02 has 28 days"},
    {"date:2021-04-31", "date:2021-04-31 is not a date: 2021-04 has 30 days"},
    {"date:2021-03-00", "date:2021-03-00 is not a date: 2021-03 has 31 days"},
    {"date:21", "date:21 is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"},
    {"date:2021-3-2", "date:2021-3-2 is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"},
    {"date:march", "date:march is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"},
    {"railway OR (x -date:2020..2021-02-29)",
     "date:2021-02-29 is not a date: 2021-02 has 28 days"},
};

START_TEST(test_date_check)
{
    const date_case_t *c = &date_cases[_i];
    silk_qnode_t *t = silk_query_parse(c->query, NULL);
    char *msg = (char *)1;
    silk_status_t st = silk_qbuild_check(t, &msg);
    if (c->msg == NULL) {
        ck_assert_msg(st == SILK_OK, "[%s] refused: %s", c->query, msg ? msg : "");
        ck_assert_ptr_null(msg);
    } else {
        ck_assert_int_eq(st, SILK_INVALID);
        ck_assert_ptr_nonnull(msg);
        ck_assert_str_eq(msg, c->msg);
    }
    free(msg);
    silk_qnode_free(t);
}
END_TEST

/* Proximity is a knob: off by default, NEAR pairs when set. */
START_TEST(test_proximity_knob)
{
    silk_rank_opts_t ro;
    silk_rank_opts_init(&ro);
    ck_assert(ro.tier_weight >= 100.0);
    ck_assert(ro.proximity_weight == 0.0);
    ro.proximity_weight = 0.5;
    silk_qnode_t *t = silk_query_parse("china laos railway", NULL);
    silk_query_t *q = NULL;
    ck_assert_int_eq(silk_qbuild(&q, t, an, gz, &ro, NULL, NULL), SILK_OK);
    char *d = silk_query_describe(q);
    ck_assert_msg(strstr(d, "AND_MAYBE 0.5 * (china NEAR 8 lao)) AND_MAYBE 0.5 * (lao NEAR 8 railway)") != NULL, "%s", d);
    free(d);
    silk_query_free(q);
    silk_qnode_free(t);
}
END_TEST

/* Where Xapian's own query-parser inputs are: ../shared, which a fresh
 * clone does not have (check_parse --xapian-inputs exits 77 without). */
#define XAPIAN_INPUTS SILK_SOURCE_DIR "/../shared/data/xapian-queryparser/inputs.jsonl"

/* Every query string of path (one JSON string a line; want of them)
 * parses, reads back to itself and builds. */
static void check_inputs(const char *path, int want)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s: cannot open", path);
    char line[65536];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        json_error_t err;
        json_t *j = json_loads(line, JSON_DECODE_ANY, &err);
        ck_assert_msg(j != NULL && json_is_string(j), "line %d: %s", n + 1, err.text);
        const char *q = json_string_value(j);
        char *notes = NULL, *bnotes = NULL;
        silk_qnode_t *t = silk_query_parse(q, &notes);
        char *r = silk_qnode_format(t);
        silk_qnode_t *t2 = silk_query_parse(r, NULL);
        char *r2 = silk_qnode_format(t2);
        ck_assert_msg(strcmp(r, r2) == 0, "[%s] read as [%s], which reads as [%s]", q, r, r2);
        silk_query_t *xq = NULL;
        silk_qterms_t terms;
        ck_assert_int_eq(silk_qbuild(&xq, t, an, gz, NULL, &terms, &bnotes), SILK_OK);
        char *d = silk_query_describe(xq);
        ck_assert_ptr_nonnull(d);
        free(d);
        silk_query_free(xq);
        silk_qterms_free(&terms);
        free(notes);
        free(bnotes);
        free(r);
        free(r2);
        silk_qnode_free(t);
        silk_qnode_free(t2);
        json_decref(j);
        n++;
    }
    fclose(f);
    ck_assert_int_eq(n, want);
}

/* tests/fixtures/parse/inputs.jsonl: hyphens, c++, C#, prefixes, unbalanced
 * quotes and brackets, wildcards, ranges, NEAR, odd Unicode and spacing,
 * operators in odd places. */
START_TEST(test_fixture_inputs)
{
    check_inputs(SILK_FIXTURES "/parse/inputs.jsonl", 73);
}
END_TEST

/* The 864 query strings of Xapian's own query-parser tests. */
START_TEST(test_xapian_inputs)
{
    check_inputs(XAPIAN_INPUTS, 864);
}
END_TEST

static Suite *parse_suite(void)
{
    Suite *s = suite_create("parse");
    TCase *core = tcase_create("core");
    tcase_add_loop_test(core, test_reading, 0, sizeof core_cases / sizeof core_cases[0]);
    tcase_add_unchecked_fixture(core, build_setup, build_teardown);
    tcase_add_loop_test(core, test_build, 0, sizeof build_cases / sizeof build_cases[0]);
    tcase_add_test(core, test_highlight_terms);
    tcase_add_test(core, test_proximity_knob);
    tcase_add_test(core, test_fixture_inputs);
    suite_add_tcase(s, core);

    TCase *errors = tcase_create("errors");
    tcase_add_unchecked_fixture(errors, build_setup, build_teardown);
    tcase_add_loop_test(errors, test_odd_reading, 0, sizeof odd_cases / sizeof odd_cases[0]);
    tcase_add_test(errors, test_null_input);
    tcase_add_test(errors, test_long_input);
    tcase_add_test(errors, test_deep_brackets);
    tcase_add_test(errors, test_random_bytes);
    tcase_add_test(errors, test_random_caps);
    tcase_add_test(errors, test_build_invalid);
    tcase_add_loop_test(errors, test_date_check, 0, sizeof date_cases / sizeof date_cases[0]);
    suite_add_tcase(s, errors);
    return s;
}

/* Only the run over ../shared's inputs: its own ctest, which can skip. */
static Suite *xapian_inputs_suite(void)
{
    Suite *s = suite_create("parse-xapian-inputs");
    TCase *core = tcase_create("xapian-inputs");
    tcase_add_unchecked_fixture(core, build_setup, build_teardown);
    tcase_add_test(core, test_xapian_inputs);
    suite_add_tcase(s, core);
    return s;
}

/* check_parse: the suite; check_parse --xapian-inputs: the run over
 * Xapian's inputs, exit 77 (skipped) when ../shared is absent. */
int main(int argc, char **argv)
{
    bool xapian = argc == 2 && strcmp(argv[1], "--xapian-inputs") == 0;
    if (argc > 1 && !xapian) {
        fprintf(stderr, "usage: check_parse [--xapian-inputs]\n");
        return EXIT_FAILURE;
    }
    if (xapian && access(XAPIAN_INPUTS, R_OK) != 0) {
        fprintf(stderr, "check_parse: %s: %s: skipped\n", XAPIAN_INPUTS,
                strerror(errno));
        return 77;
    }
    SRunner *sr = srunner_create(xapian ? xapian_inputs_suite() : parse_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
