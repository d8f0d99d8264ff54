/* silk_stem.c: silk-stem, which prints what silk's analyser makes of text
 * (position, byte span, original text, norm, stem, flags per token), as
 * tab-separated lines or as JSON objects, one per line. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "silk.h"

/* Exit statuses: 0 done (also for empty input), 2 usage or I/O error. */
#define EXIT_USAGE 2

/* First size of the stdin buffer; it doubles as input arrives. */
#define READ_CHUNK 65536

static const char usage_text[] =
    "Usage: silk-stem [--json] [--lang NAME] [WORD...]\n"
    "Print what silk's text analyser makes of the WORDs (joined by single\n"
    "spaces; spans are byte offsets into that joined text) or, without\n"
    "WORDs (or with the one word -), of all of standard input.\n"
    "\n"
    "Output: one line per token: position, byte span start-end, original\n"
    "text, normalised form, stem, flags (joined, number, cjk; '-' if none),\n"
    "separated by tabs.\n"
    "\n"
    "  --json             one JSON object per token and line\n"
    "  --lang NAME        Snowball language (default english; 'none' does\n"
    "                     not stem); names or ISO 639 codes\n"
    "  --list-languages   list the languages and exit\n"
    "  -h, --help         show this help and exit\n"
    "  -V, --version      show the version and exit\n"
    "  --                 end of options: the rest are words\n"
    "\n"
    "See docs/analysis.md for the token rules.\n";

/* What the per-token callback needs. */
typedef struct printer {
    const char *text;
    bool json;
    bool failed;  /* a JSON object could not be built */
} printer;

/* The flags of tok as JSON strings appended to arr. Returns 0 or -1. */
static int json_flags(json_t *arr, unsigned flags)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        {SILK_TEXT_JOINED, "joined"},
        {SILK_TEXT_NUMBER, "number"},
        {SILK_TEXT_CJK, "cjk"},
    };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if ((flags & names[k].bit) &&
            json_array_append_new(arr, json_string(names[k].name)) < 0)
            return -1;
    return 0;
}

/* Print one token; stops the analyser (returns 1) if JSON building fails. */
static int print_token(void *ctx, const silk_text_token_t *tok)
{
    printer *p = ctx;
    const char *raw = p->text + tok->start;
    int raw_len = (int)(tok->end - tok->start);

    if (!p->json) {
        printf("%u\t%zu-%zu\t%.*s\t%s\t%s\t", tok->pos, tok->start, tok->end,
               raw_len, raw, tok->norm, tok->stem);
        if (!tok->flags)
            fputs("-", stdout);
        const char *sep = "";
        if (tok->flags & SILK_TEXT_JOINED) { printf("%sjoined", sep); sep = ","; }
        if (tok->flags & SILK_TEXT_NUMBER) { printf("%snumber", sep); sep = ","; }
        if (tok->flags & SILK_TEXT_CJK) printf("%scjk", sep);
        putchar('\n');
        return 0;
    }

    int rc = 1;
    json_t *flags = json_array();
    json_t *obj = NULL;
    if (!flags || json_flags(flags, tok->flags) < 0)
        goto done;
    obj = json_pack("{s:I, s:I, s:I, s:s%, s:s%, s:s%, s:O}",
                    "pos", (json_int_t)tok->pos,
                    "start", (json_int_t)tok->start,
                    "end", (json_int_t)tok->end,
                    "text", raw, (size_t)raw_len,
                    "norm", tok->norm, strlen(tok->norm),
                    "stem", tok->stem, strlen(tok->stem),
                    "flags", flags);
    if (!obj || json_dumpf(obj, stdout, JSON_COMPACT) < 0)
        goto done;
    putchar('\n');
    rc = 0;
done:
    json_decref(obj);
    json_decref(flags);
    if (rc)
        p->failed = true;
    return rc;
}

/* Read all of stdin. Returns a malloc'd buffer (caller frees) and its
 * length in *len, or NULL if reading failed or memory ran out. */
static char *read_stdin(size_t *len)
{
    size_t cap = READ_CHUNK, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    for (;;) {
        if (n == cap) {
            char *grown = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                return NULL;
            }
            buf = grown;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, stdin);
        n += got;
        if (got == 0) {
            if (ferror(stdin)) {
                free(buf);
                return NULL;
            }
            break;
        }
    }
    *len = n;
    return buf;
}

/* The words argv[from..argc) joined by single spaces; malloc'd, caller
 * frees; NULL if memory ran out. */
static char *join_words(int argc, char **argv, int from, size_t *len)
{
    size_t n = 0;
    for (int k = from; k < argc; k++)
        n += strlen(argv[k]) + 1;
    char *buf = malloc(n + 1);
    if (!buf)
        return NULL;
    size_t at = 0;
    for (int k = from; k < argc; k++) {
        size_t w = strlen(argv[k]);
        if (k > from)
            buf[at++] = ' ';
        memcpy(buf + at, argv[k], w);
        at += w;
    }
    buf[at] = '\0';
    *len = at;
    return buf;
}

/* Print a one-line error and return the usage exit status. */
static int usage_error(const char *what, const char *arg, const char *hint)
{
    fprintf(stderr, "silk-stem: %s%s%s%s; %s\n", what, arg ? " '" : "",
            arg ? arg : "", arg ? "'" : "", hint);
    return EXIT_USAGE;
}

enum { OPT_JSON = 256, OPT_LANG, OPT_LIST_LANGUAGES };

static const struct option long_opts[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {"lang", required_argument, NULL, OPT_LANG},
    {"list-languages", no_argument, NULL, OPT_LIST_LANGUAGES},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}
};

/* A no-op token callback: checking that a language is known. */
static int no_token(void *ctx, const silk_text_token_t *tok)
{
    (void)ctx;
    (void)tok;
    return 0;
}

int main(int argc, char **argv)
{
    const char *lang = "english";
    bool json = false;
    int ch;

    opterr = 0;  /* said below, in silk-stem's words */
    /* '+': options end at the first word, as "silk-stem -- -x" does. */
    for (;;) {
        int at = optind;
        if ((ch = getopt_long(argc, argv, "+:hV", long_opts, NULL)) == -1)
            break;
        switch (ch) {
        case OPT_JSON:
            json = true;
            break;
        case OPT_LANG:
            lang = optarg;
            break;
        case OPT_LIST_LANGUAGES:
            for (const char *const *l = silk_languages(); *l; l++)
                puts(*l);
            return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_USAGE;
        case 'h':
            fputs(usage_text, stdout);
            return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_USAGE;
        case 'V':
            printf("silk-stem %s\n", silk_version());
            return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_USAGE;
        case ':':
            return usage_error("--lang needs a language name", NULL,
                               "see silk-stem --list-languages");
        default:
            return usage_error("unknown option",
                               argv[at < argc ? at : argc - 1],
                               "see silk-stem --help");
        }
    }

    int status = EXIT_USAGE;
    char *text = NULL;
    size_t len = 0;
    int k = optind;
    if (silk_analyze(lang, "", 0, no_token, NULL) != SILK_OK) {
        usage_error("unknown language", lang,
                    "see silk-stem --list-languages for the names");
        goto done;
    }
    errno = 0;
    /* No words, or "-" alone: standard input. */
    if (k == argc || (k == argc - 1 && strcmp(argv[k], "-") == 0))
        text = read_stdin(&len);
    else
        text = join_words(argc, argv, k, &len);
    if (!text) {
        fprintf(stderr, "silk-stem: cannot read the input (%s); "
                "check that it is readable and fits in memory\n",
                errno ? strerror(errno) : "out of memory");
        goto done;
    }
    if (!json && isatty(STDOUT_FILENO))
        puts("pos\tspan\ttext\tnorm\tstem\tflags");

    printer p = {.text = text, .json = json};
    silk_status_t st = silk_analyze(lang, text, len, print_token, &p);
    if (st != SILK_OK || p.failed) {
        fputs("silk-stem: out of memory; try a smaller input\n", stderr);
        goto done;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "silk-stem: cannot write the output (%s)\n",
                strerror(errno));
        goto done;
    }
    status = EXIT_SUCCESS;
done:
    free(text);
    return status;
}
