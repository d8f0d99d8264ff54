/* example.c: search a silk index from C with libsilk (docs/library.md).
 *
 *   cc -o example example.c $(pkg-config --cflags --libs silk)
 *   ./example INDEX QUERY [FACETS]
 *
 * Prints the summary, each hit with its citation (id, score, title, date,
 * file and byte span), the first line of its passage, and the counts of the
 * facet fields asked for (default "year,country"). Exit status: 0 if
 * something matched, 1 if nothing did, 2 on an error (its message on
 * stderr).
 */
#include <stdio.h>
#include <string.h>

#include <silk.h>

/* Say what failed and why, as every silk tool does. */
static int fail(const char *what, silk_status_t st)
{
    fprintf(stderr, "example: %s: %s (%s)\n", what, silk_last_error(),
            silk_strerror(st));
    return 2;
}

int main(int argc, char **argv)
{
    silk_index_t *ix = NULL;
    silk_answer_t *ans = NULL;
    silk_search_options_t opts;
    silk_status_t st;
    int exact;

    if (argc < 3 || argc > 4) {
        fputs("usage: example INDEX QUERY [FACETS]\n", stderr);
        return 2;
    }
    /* One index (a directory, a sharded index or a stub); NULL: default
     * open options (every shard required, any language). */
    const char *paths[] = { argv[1] };
    if ((st = silk_index_open(&ix, paths, 1, NULL)) != SILK_OK)
        return fail("cannot open the index", st);

    silk_search_options_init(&opts);
    opts.limit = 5;
    opts.facets = argc == 4 ? argv[3] : "year,country";
    if ((st = silk_search(&ans, ix, argv[2], &opts)) != SILK_OK) {
        silk_index_close(ix);
        return fail("search failed", st);
    }

    unsigned long total = silk_answer_total(ans, &exact);
    printf("%s%lu passages in %lu articles for %s\n", exact ? "" : "about ",
           total, silk_answer_articles(ans, NULL), silk_answer_parsed(ans));
    if (silk_answer_suggestion(ans))
        printf("did you mean: %s\n", silk_answer_suggestion(ans));

    for (size_t i = 0; i < silk_answer_hit_count(ans); i++) {
        size_t len;
        const char *text = silk_hit_text(ans, i, &len);
        const char *title = silk_hit_field(ans, i, "title");
        int first_line = (int)strcspn(text, "\n");

        printf("%zu. %s (score %.3f)\n", i + 1, silk_hit_id(ans, i),
               silk_hit_score(ans, i));
        printf("   %s | %s | %s bytes %ld-%ld\n", *title ? title : "(untitled)",
               silk_hit_field(ans, i, "date"), silk_hit_field(ans, i, "path"),
               silk_hit_start(ans, i), silk_hit_end(ans, i));
        printf("   %.*s%s\n", first_line > 70 ? 70 : first_line, text,
               (size_t)first_line > 70 ? "..." : "");
    }

    /* The counts cover every match, not just this page. */
    for (const char *f = opts.facets; *f; ) {
        char field[32];
        size_t n = strcspn(f, ",");
        snprintf(field, sizeof field, "%.*s", (int)n, f);
        printf("%s:", field);
        for (size_t j = 0; j < silk_answer_facet_count(ans, field); j++) {
            unsigned long count;
            const char *value = silk_answer_facet_value(ans, field, j, &count);
            printf(" %s=%lu", value, count);
        }
        putchar('\n');
        f += n + (f[n] == ',');
    }

    int matched = total > 0;
    silk_answer_free(ans);   /* answers before their index */
    silk_index_close(ix);
    return matched ? 0 : 1;
}
