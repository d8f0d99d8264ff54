/* gazetteer.c: silk's facet vocabularies as hash tables keyed by analyser
 * norms joined with spaces (util/silk_map.h), built on first use from the
 * data in gazetteer_tables.c; the user-side lookups (`country:Laos`) and
 * dateline places. The matcher over a token stream is gazetteer_match.c.
 */
#include "gazetteer.h"
#include "gazetteer_int.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "silk_buf.h"
#include "silk_map.h"

/* ---- hash tables ------------------------------------------------------ */

/* A table's entry and its key, allocated together in the arena. */
typedef struct node {
    silk_gz_entry_t e;
    char key[];
} node;

/* Arena chunk size: all keys of all tables fit in a few chunks. */
#define ARENA_CHUNK 65536

typedef struct chunk {
    struct chunk *next;
    size_t used;
    _Alignas(max_align_t) char data[ARENA_CHUNK];
} chunk;

/* The tables, each built on first use: building runs the analyser over
 * about a thousand names (some milliseconds), which a silk-query that
 * only prints display names never needs. */
#define N_TABLES 3

struct silk_gazetteer {
    silk_analyzer_t *a;
    silk_map_t t[N_TABLES]; /* SILK_GZ_COUNTRY, SILK_GZ_MINISTRY, places:
                               key -> silk_gz_entry_t (in the arena) */
    bool built[N_TABLES];  /* t[i] has been built (or its build failed) */
    chunk *arena;
    const char *display[26 * 26];  /* alpha-2 -> display name */
    silk_buf_t key;        /* the key being built */
    bool oom;              /* the build in progress ran out of memory */
    bool failed;           /* a build ran out of memory: some lookups
                              answer "unknown" wrongly (sticky) */
};

#define PLACES 2

size_t silk_gazetteer__strip_possessive(const char *norm, size_t n)
{
    if (n > 2 && norm[n - 2] == '\'' && norm[n - 1] == 's')
        return n - 2;
    if (n > 1 && norm[n - 1] == '\'')
        return n - 1;
    return n;
}

/* A node with a copy of key[0..n) in the arena, its entry zeroed; NULL if
 * memory ran out. */
static node *arena_node(silk_gazetteer_t *g, const char *key, size_t n)
{
    const size_t align = _Alignof(max_align_t);
    size_t size = (sizeof (node) + n + 1 + align - 1) / align * align;
    if (size > ARENA_CHUNK)
        return NULL;
    if (!g->arena || g->arena->used + size > ARENA_CHUNK) {
        chunk *c = malloc(sizeof *c);
        if (!c)
            return NULL;
        c->next = g->arena;
        c->used = 0;
        g->arena = c;
    }
    node *nd = (node *)(void *)(g->arena->data + g->arena->used);
    g->arena->used += size;
    memset(&nd->e, 0, sizeof nd->e);
    memcpy(nd->key, key, n);
    nd->key[n] = '\0';
    return nd;
}

/* The entry for key in t, created empty (flags 0) if new; NULL if memory
 * ran out. */
static silk_gz_entry_t *table_get(silk_gazetteer_t *g, silk_map_t *t,
                                  const char *key, size_t n)
{
    silk_gz_entry_t *e = silk_map_get(t, key, n);
    if (e)
        return e;
    node *nd = arena_node(g, key, n);
    if (!nd || silk_map_put(t, nd->key, n, &nd->e) != 0)
        return NULL;   /* the node stays in the arena until the free */
    return &nd->e;
}

static bool need_table(silk_gazetteer_t *g, unsigned v);

const silk_gz_entry_t *silk_gazetteer__find(const silk_gazetteer_t *g,
                                            silk_gz_vocab_t v,
                                            const char *key, size_t n,
                                            uint64_t h)
{
    /* g is const to callers: building a table on first use does not
     * change what any lookup answers. g itself was malloc'ed, never a
     * const object, so writing through it is defined. */
    if ((unsigned)v >= N_TABLES || !need_table((silk_gazetteer_t *)g, v))
        return NULL;
    return silk_map_get_hashed(&g->t[v], key, n, h);
}

/* ---- keys ------------------------------------------------------------- */

/* Analyser callback: append the token's norm (possessive stripped) to the
 * key being built, space-separated. */
static int key_token(void *ctx, const silk_token_t *tok)
{
    silk_gazetteer_t *g = ctx;
    size_t n = silk_gazetteer__strip_possessive(tok->norm, tok->norm_len);
    if (n == 0)
        return 0;
    if ((g->key.len && silk_buf_putc(&g->key, ' ') < 0) ||
        silk_buf_append(&g->key, tok->norm, n) < 0) {
        g->oom = true;
        return 1;
    }
    return 0;
}

/* The key of name (as the analyser reads it) in g->key.p; its length, 0
 * if the name has no tokens or memory ran out. A leading "the" is
 * dropped ("the State of Eritrea"). */
static size_t make_key(silk_gazetteer_t *g, const char *name, size_t len)
{
    silk_buf_clear(&g->key);
    if (silk_analyzer_run(g->a, name, len, 0, key_token, g) != 0)
        return 0;
    if (g->key.len > 4 && memcmp(g->key.p, "the ", 4) == 0) {
        memmove(g->key.p, g->key.p + 4, g->key.len - 4 + 1);  /* and NUL */
        g->key.len -= 4;
    }
    return g->key.len;
}

/* Add name to vocabulary v unless its key is taken (first wins). text and
 * user are the values (either may be NULL). Marks every proper prefix of
 * the key as SILK_GZ_LONGER. False only if memory ran out. */
static bool add_name(silk_gazetteer_t *g, silk_gz_vocab_t v, const char *name,
                     size_t name_len, const char *text, const char *user,
                     const char *rule, unsigned flags)
{
    size_t n = make_key(g, name, name_len);
    if (g->oom)
        return false;
    if (n == 0)
        return true;
    silk_gz_entry_t *e = table_get(g, &g->t[v], g->key.p, n);
    if (!e)
        return false;
    if (!(e->flags & SILK_GZ_ENTRY)) {
        e->text_value = text;
        e->user_value = user;
        e->rule = rule;
        e->flags |= SILK_GZ_ENTRY | (flags & 0xffu & ~SILK_GZ_LONGER);
        if (strcmp(rule, "blocked") == 0)
            e->flags |= SILK_GZ_BLOCK;
    } else if (!e->user_value) {
        e->user_value = user;
    }
    for (size_t i = 0; i < n; i++) {
        if (g->key.p[i] != ' ')
            continue;
        silk_gz_entry_t *p = table_get(g, &g->t[v], g->key.p, i);
        if (!p)
            return false;
        p->flags |= SILK_GZ_LONGER;
    }
    return true;
}

/* Add a NUL-terminated name that yields value both in text and for a
 * user, unless flags has SILK_GZ_USER_ONLY. */
static bool add(silk_gazetteer_t *g, silk_gz_vocab_t v, const char *name,
                const char *value, const char *rule, unsigned flags)
{
    const char *text = (flags & SILK_GZ_USER_ONLY) ? NULL : value;
    return add_name(g, v, name, strlen(name), text, value, rule, flags);
}

/* Add an ISO name: a name with ", ..." or " (...)" ("Korea, Republic
 * of", "Holy See (Vatican City State)") is added whole for users and its
 * head ("Korea", "Holy See") for text and users, unless already taken. */
static bool add_iso_name(silk_gazetteer_t *g, const char *name,
                         const char *a2, const char *rule)
{
    if (!*name)
        return true;
    size_t head = strcspn(name, ",(");
    while (head > 0 && name[head - 1] == ' ')
        head--;
    if (!add_name(g, SILK_GZ_COUNTRY, name, strlen(name), a2, a2, rule, SILK_GZ_CAP))
        return false;
    if (name[head])
        return add_name(g, SILK_GZ_COUNTRY, name, head, a2, a2, rule, SILK_GZ_CAP);
    return true;
}

static int code_index(const char *code)
{
    if (!code || !code[0] || !code[1] || code[2])
        return -1;
    int c0 = code[0] & ~0x20, c1 = code[1] & ~0x20;
    if (c0 < 'A' || c0 > 'Z' || c1 < 'A' || c1 > 'Z')
        return -1;
    return (c0 - 'A') * 26 + (c1 - 'A');
}

/* The display name of every alpha-2 code: ISO's common name, else its
 * official name for an inverted one ("Korea, Republic of"), else its
 * name; then the project's overrides. Static strings, no analyser. */
static void build_display(silk_gazetteer_t *g)
{
    for (size_t i = 0; i < silk_gazetteer__n_iso_rows; i++) {
        const silk_gz_iso_row_t *r = &silk_gazetteer__iso_rows[i];
        int k = code_index(r->a2);
        if (k >= 0 && !g->display[k])
            g->display[k] = *r->common ? r->common
                          : strchr(r->name, ',') && *r->official ? r->official
                          : r->name;
    }
    for (size_t i = 0; i < silk_gazetteer__n_display_overrides; i++) {
        int k = code_index(silk_gazetteer__display_overrides[i].a2);
        if (k >= 0)
            g->display[k] = silk_gazetteer__display_overrides[i].name;
    }
}

/* Build the country vocabulary: aliases first (they win), then ISO names,
 * official and common names, then alpha-2/alpha-3 codes (users only). */
static bool build_countries(silk_gazetteer_t *g)
{
    for (size_t i = 0; i < silk_gazetteer__n_country_aliases; i++) {
        const silk_gz_name_row_t *r = &silk_gazetteer__country_aliases[i];
        if (!add(g, SILK_GZ_COUNTRY, r->name, r->value, r->rule, r->flags))
            return false;
    }
    for (size_t i = 0; i < silk_gazetteer__n_iso_rows; i++) {
        const silk_gz_iso_row_t *r = &silk_gazetteer__iso_rows[i];
        if (!add_iso_name(g, r->name, r->a2, "iso-name") ||
            !add_iso_name(g, r->official, r->a2, "iso-official") ||
            !add_iso_name(g, r->common, r->a2, "iso-name"))
            return false;
    }
    for (size_t i = 0; i < silk_gazetteer__n_iso_rows; i++) {
        const silk_gz_iso_row_t *r = &silk_gazetteer__iso_rows[i];
        if (!add(g, SILK_GZ_COUNTRY, r->a2, r->a2, "code", SILK_GZ_USER_ONLY) ||
            !add(g, SILK_GZ_COUNTRY, r->a3, r->a2, "code", SILK_GZ_USER_ONLY))
            return false;
    }
    return true;
}

/* Build the dateline places. */
static bool build_places(silk_gazetteer_t *g)
{
    for (size_t i = 0; i < silk_gazetteer__n_places; i++)
        if (!add(g, PLACES, silk_gazetteer__places[i].name, silk_gazetteer__places[i].a2, "dateline", 0))
            return false;
    return true;
}

/* Name buffer for generated ministry names: the longest portfolio phrase
 * plus the longest form fits many times over. */
#define MINISTRY_NAME_MAX 160

/* Build the ministry vocabulary: explicit bodies and acronyms, then every
 * form of every portfolio, then the slugs and display names for users. */
static bool build_ministries(silk_gazetteer_t *g)
{
    char buf[MINISTRY_NAME_MAX];
    for (size_t i = 0; i < silk_gazetteer__n_ministry_names; i++) {
        const silk_gz_name_row_t *r = &silk_gazetteer__ministry_names[i];
        if (!add(g, SILK_GZ_MINISTRY, r->name, r->value, r->rule, r->flags))
            return false;
    }
    for (size_t i = 0; i < silk_gazetteer__n_portfolios; i++) {
        for (size_t f = 0; f < silk_gazetteer__n_ministry_forms; f++) {
            int n = snprintf(buf, sizeof buf, silk_gazetteer__ministry_forms[f].fmt, silk_gazetteer__portfolios[i].phrase);
            if (n < 0 || (size_t)n >= sizeof buf)
                continue;
            if (!add(g, SILK_GZ_MINISTRY, buf, silk_gazetteer__portfolios[i].slug,
                     silk_gazetteer__ministry_forms[f].rule, silk_gazetteer__ministry_forms[f].flags))
                return false;
        }
    }
    for (size_t i = 0; i < silk_gazetteer__n_ministries; i++) {
        if (!add(g, SILK_GZ_MINISTRY, silk_gazetteer__ministries[i].slug, silk_gazetteer__ministries[i].slug,
                 "slug", SILK_GZ_USER_ONLY) ||
            !add(g, SILK_GZ_MINISTRY, silk_gazetteer__ministries[i].name, silk_gazetteer__ministries[i].slug,
                 "ministry-name", SILK_GZ_CAP))
            return false;
    }
    for (size_t i = 0; i < silk_gazetteer__n_portfolios; i++)
        if (!add(g, SILK_GZ_MINISTRY, silk_gazetteer__portfolios[i].phrase, silk_gazetteer__portfolios[i].slug,
                 "portfolio", SILK_GZ_USER_ONLY))
            return false;
    return true;
}

/* Make sure table v (SILK_GZ_COUNTRY, SILK_GZ_MINISTRY or PLACES) is
 * built. The first call builds it, on g's thread as every lookup is, with
 * an analyser of its own in g's language (same norms, and safe even when
 * the lookup comes from inside a run of g's analyser); it reuses g's
 * key buffer. False if that build ran out of memory: the table is then
 * left empty, every lookup in it answers "unknown", and
 * silk_gazetteer_status says SILK_NO_MEMORY from then on. */
static bool need_table(silk_gazetteer_t *g, unsigned v)
{
    if (!g->built[v]) {
        silk_analyzer_t *own = silk_analyzer_new(silk_analyzer_language(g->a));
        silk_analyzer_t *user = g->a;
        bool ok = own != NULL;
        g->built[v] = true;
        g->a = own;
        if (ok)
            ok = v == SILK_GZ_COUNTRY ? build_countries(g)
               : v == SILK_GZ_MINISTRY ? build_ministries(g)
               : build_places(g);
        g->a = user;
        silk_analyzer_free(own);
        if (!ok) {
            silk_map_fini(&g->t[v]);
            g->oom = false;
            g->failed = true;
            return false;
        }
    }
    return silk_map_count(&g->t[v]) > 0;
}

/* ---- public API ------------------------------------------------------- */

/* Set up the gazetteer: the display names now, each name table on its
 * first lookup (need_table). NULL if memory ran out or a is NULL. */
silk_gazetteer_t *silk_gazetteer_new(silk_analyzer_t *a)
{
    if (!a)
        return NULL;
    silk_gazetteer_t *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->a = a;
    build_display(g);
    return g;
}

silk_status_t silk_gazetteer_status(const silk_gazetteer_t *g)
{
    return g && g->failed ? SILK_NO_MEMORY : SILK_OK;
}

/* Free g and everything it owns; NULL is a no-op. */
void silk_gazetteer_free(silk_gazetteer_t *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < N_TABLES; i++)
        silk_map_fini(&g->t[i]);
    while (g->arena) {
        chunk *c = g->arena;
        g->arena = c->next;
        free(c);
    }
    silk_buf_free(&g->key);
    free(g);
}

/* True if s starts with the lower-case ASCII prefix p, ignoring case. */
static bool starts_with_ci(const char *s, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != p[i])
            return false;
    }
    return true;
}

/* What a user typed, read as the analyser reads it, looked up in v's user
 * values. NULL if name is NULL, empty or unknown. */
static const char *user_lookup(silk_gazetteer_t *g, silk_gz_vocab_t v,
                               const char *name)
{
    if (!g || !name || !need_table(g, v))
        return NULL;
    size_t n = make_key(g, name, strlen(name));
    if (n == 0)
        return NULL;
    const silk_gz_entry_t *e = silk_gazetteer__find(
        g, v, g->key.p, n, silk_map_hash(SILK_MAP_HASH_INIT, g->key.p, n));
    return e && (e->flags & SILK_GZ_ENTRY) ? e->user_value : NULL;
}

const char *silk_gazetteer_country_code(silk_gazetteer_t *g, const char *name)
{
    return user_lookup(g, SILK_GZ_COUNTRY, name);
}

const char *silk_gazetteer_country_name(const silk_gazetteer_t *g,
                                        const char *code)
{
    int k = code_index(code);
    return g && k >= 0 ? g->display[k] : NULL;
}

const char *silk_gazetteer_ministry_slug(silk_gazetteer_t *g, const char *name)
{
    static const char *const ranks[] = {"vice ", "vice-", "deputy ", "assistant ",
                                        "under "};
    const char *v = user_lookup(g, SILK_GZ_MINISTRY, name);
    /* an official's title as typed: "Assistant Minister of Commerce" */
    for (size_t i = 0; !v && name && i < sizeof ranks / sizeof ranks[0]; i++) {
        size_t n = strlen(ranks[i]);
        if (starts_with_ci(name, ranks[i], n))
            v = user_lookup(g, SILK_GZ_MINISTRY, name + n);
    }
    return v;
}

const char *silk_gazetteer_ministry_name(const silk_gazetteer_t *g,
                                         const char *slug)
{
    if (!g || !slug)
        return NULL;
    for (size_t i = 0; i < silk_gazetteer__n_ministries; i++)
        if (strcmp(silk_gazetteer__ministries[i].slug, slug) == 0)
            return silk_gazetteer__ministries[i].name;
    return NULL;
}

/* One comma-separated part of a dateline place: a place name first, then
 * a country name as found in text (so "Georgia" here is the US state). */
static const char *place_part(silk_gazetteer_t *g, const char *s, size_t n)
{
    /* Both tables before the key: building one reuses g->key. */
    if (!need_table(g, PLACES) || !need_table(g, SILK_GZ_COUNTRY))
        return NULL;
    size_t k = make_key(g, s, n);
    if (k == 0)
        return NULL;
    uint64_t h = silk_map_hash(SILK_MAP_HASH_INIT, g->key.p, k);
    const silk_gz_entry_t *e = silk_gazetteer__find(g, PLACES, g->key.p, k, h);
    if (e && (e->flags & SILK_GZ_ENTRY))
        return e->text_value;
    e = silk_gazetteer__find(g, SILK_GZ_COUNTRY, g->key.p, k, h);
    if (e && (e->flags & SILK_GZ_ENTRY))
        return e->text_value;
    return NULL;
}

const char *silk_gazetteer_place_country(silk_gazetteer_t *g,
                                         const char *place, size_t len)
{
    if (!g || !place)
        return NULL;
    const char *found = NULL;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && place[j] != ',')
            j++;
        const char *c = place_part(g, place + i, j - i);
        if (c)
            found = c;
        i = j + 1;
    }
    return found;
}
