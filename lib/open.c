/* open.c: the one index-open path of every silk tool — stubs, shards,
 * remote shards, the schema and language checks, the reopen-and-retry
 * around the reads of opening, and a message that names the shard that
 * failed. See docs/library.md and docs/scaling.md.
 */
#define _POSIX_C_SOURCE 200809L /* strdup, access */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "silk_num.h"
#include "expand.h"
#include "silk_int.h"
#include "silk_schema.h"
#include "writer_probe.h"

/* How long a remote shard may take to connect and to answer, in ms:
 * Xapian's own default for a stub's "remote" line. */
#define REMOTE_TIMEOUT_MS 10000u

/* How long a remote shard may take to answer when asked which one failed
 * during a search: a shard that answers is not the one. */
#define PROBE_TIMEOUT_MS 2000u

/* Reads of a freshly opened index begun again after a writer's commits
 * discarded its revision (as a search does, search.c). */
#define OPEN_MODIFIED_RETRIES 10

/* ---- stubs -------------------------------------------------------------- */

/* A port: 1..65535, digits only. */
static int parse_port(const char *s, unsigned *out)
{
    unsigned long v;

    if (silk_parse_ulong(s, 1, 65535, &v) != 0)
        return -1;
    *out = (unsigned)v;
    return 0;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

void silk_stub_free(silk_stub_t *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].text);
        free(s->v[i].path);
        free(s->v[i].host);
    }
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

silk_status_t silk_stub_read(silk_stub_t *out, const char *stub,
                             const char *base)
{
    static const char *const local_types[] = {"auto ", "glass ", "chert ",
                                              "honey "};
    char line[SILK_STUB_LINE_MAX];
    unsigned long lineno = 0;
    silk_status_t st = SILK_OK;
    size_t cap = 0;
    FILE *fp = fopen(stub, "r");

    out->v = NULL;
    out->n = 0;
    if (!fp)
        return silk_fail(errno == ENOENT ? SILK_NOT_FOUND : SILK_ERROR,
                         "cannot read the stub file %s: %s", stub,
                         strerror(errno));
    while (st == SILK_OK && fgets(line, sizeof line, fp)) {
        size_t len = strcspn(line, "\r\n");
        bool too_long = line[len] == '\0' && !feof(fp);
        const char *rest = NULL, *hp = line + 7, *colon;
        silk_stub_line_t e;

        lineno++;
        if (too_long) {  /* skip the rest of it */
            int ch;
            while ((ch = fgetc(fp)) != EOF && ch != '\n')
                ;
        }
        line[len] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        memset(&e, 0, sizeof e);
        e.lineno = lineno;
        for (size_t t = 0; t < sizeof local_types / sizeof *local_types; t++)
            if (strncmp(line, local_types[t], strlen(local_types[t])) == 0)
                rest = line + strlen(local_types[t]);
        colon = strrchr(line, ':');
        if (too_long || strncmp(line, "remote :", 8) == 0 ||
            strcmp(line, "inmemory") == 0) {
            e.kind = SILK_STUB_XAPIAN;
        } else if (rest && *rest) {
            size_t n = strlen(base) + strlen(rest) + 2;
            e.kind = SILK_STUB_LOCAL;
            if ((e.path = malloc(n)) != NULL) {
                if (rest[0] == '/')
                    snprintf(e.path, n, "%s", rest);
                else
                    snprintf(e.path, n, "%s/%s", base, rest);
            }
        } else if (strncmp(line, "remote ", 7) == 0 && colon && colon > hp &&
                   parse_port(colon + 1, &e.port) == 0) {
            e.kind = SILK_STUB_REMOTE;
            e.host = dup_n(hp, (size_t)(colon - hp));
        } else {
            e.kind = SILK_STUB_BAD;
        }
        e.text = dup_n(line, strlen(line));
        if (out->n == cap) {
            size_t ncap = cap ? 2 * cap : 8;
            silk_stub_line_t *v = realloc(out->v, ncap * sizeof *v);
            if (v) {
                out->v = v;
                cap = ncap;
            }
        }
        if (!e.text || (e.kind == SILK_STUB_LOCAL && !e.path) ||
            (e.kind == SILK_STUB_REMOTE && !e.host) || out->n == cap) {
            free(e.text);
            free(e.path);
            free(e.host);
            st = silk_fail(SILK_NO_MEMORY, "out of memory");
            break;
        }
        out->v[out->n++] = e;
    }
    if (st == SILK_OK && ferror(fp))
        st = silk_fail(SILK_ERROR, "cannot read the stub file %s: %s", stub,
                       strerror(errno));
    fclose(fp);
    return st;
}

bool silk_is_xapian_dir(const char *dir)
{
    static const char *const markers[] = {"iamglass", "iamchert", "iamhoney"};
    char buf[4096];
    struct stat st;

    for (size_t i = 0; dir && i < sizeof markers / sizeof *markers; i++) {
        int n = snprintf(buf, sizeof buf, "%s/%s", dir, markers[i]);
        if (n > 0 && (size_t)n < sizeof buf && stat(buf, &st) == 0)
            return true;
    }
    return false;
}

/* ---- metadata ----------------------------------------------------------- */

silk_status_t silk_meta_read(silk_db_t *db, const char *name, int *schema,
                             char **schema_text, char **lang)
{
    char *s = NULL, *l = NULL;

    *schema = 0;
    *schema_text = NULL;
    *lang = NULL;
    for (int attempt = 0;; attempt++) {
        silk_status_t st = silk_db_get_metadata(db, SILK_META_SCHEMA, &s);
        if (st == SILK_OK)
            st = silk_db_get_metadata(db, SILK_META_LANG, &l);
        if (st == SILK_OK)
            break;
        /* A writer that committed twice since the open: read again. */
        free(s);
        s = NULL;
        if (st != SILK_MODIFIED || attempt >= OPEN_MODIFIED_RETRIES ||
            silk_db_reopen(db) != SILK_OK)
            return silk_fail(st, "cannot read the index at %s: %s", name,
                             silk_errmsg());
    }
    if (s[0] == '\0')
        *schema = 0;
    else if (strspn(s, "0123456789") != strlen(s) || strlen(s) > 6)
        *schema = -1;
    else
        *schema = atoi(s);
    *schema_text = s;
    *lang = l;
    return SILK_OK;
}

/* ---- opening ------------------------------------------------------------ */

/* Add a shard to ix (strings copied). */
static silk_status_t shard_add(silk_index_t *ix, const char *name,
                               const char *path, const char *host,
                               unsigned port, bool in_stub, bool bad_line)
{
    silk_shard_t *s;

    if (ix->nshards == SILK_MAX_SHARDS)
        return silk_fail(SILK_INVALID, "too many shards (at most %d)",
                         SILK_MAX_SHARDS);
    if (ix->nshards % 16 == 0) {
        silk_shard_t *v = realloc(ix->shards, (ix->nshards + 16) * sizeof *v);
        if (!v)
            return silk_fail(SILK_NO_MEMORY, "out of memory");
        ix->shards = v;
    }
    s = &ix->shards[ix->nshards];
    memset(s, 0, sizeof *s);
    s->name = strdup(name);
    s->path = path ? strdup(path) : NULL;
    s->host = host ? strdup(host) : NULL;
    s->port = port;
    s->in_stub = in_stub;
    s->bad_line = bad_line;
    if (!s->name || (path && !s->path) || (host && !s->host)) {
        free(s->name);
        free(s->path);
        free(s->host);
        return silk_fail(SILK_NO_MEMORY, "out of memory");
    }
    ix->nshards++;
    return SILK_OK;
}

static void shards_clear(silk_index_t *ix)
{
    for (size_t i = 0; i < ix->nshards; i++) {
        free(ix->shards[i].name);
        free(ix->shards[i].path);
        free(ix->shards[i].host);
    }
    ix->nshards = 0;
    ix->nmissing = 0;
    ix->nopened = 0;
}

/* Add the shards of the stub at stub to ix. *read is set to false if the
 * stub holds a line left to Xapian, or no shard line at all (a file that
 * is no stub: Xapian says what it is): then nothing is added. A malformed
 * line in a stub with shard lines is an error naming it, or with
 * allow_partial a shard left out, named "STUB line N". */
static silk_status_t add_stub(silk_index_t *ix, const char *stub,
                              const char *base, bool *read)
{
    silk_stub_t s;
    const silk_stub_line_t *bad = NULL;
    size_t good = 0, first = ix->nshards;
    silk_status_t st = silk_stub_read(&s, stub, base);
    char name[SILK_STUB_LINE_MAX + 64];

    *read = true;
    for (size_t i = 0; st == SILK_OK && i < s.n; i++) {
        const silk_stub_line_t *e = &s.v[i];
        if (e->kind == SILK_STUB_XAPIAN) {
            *read = false;
            break;
        }
        good += e->kind != SILK_STUB_BAD;
        if (e->kind == SILK_STUB_BAD && !bad)
            bad = e;
        if (e->kind == SILK_STUB_LOCAL) {
            st = shard_add(ix, e->path, e->path, NULL, 0, true, false);
        } else if (e->kind == SILK_STUB_REMOTE) {
            /* named as written: "HOST:PORT" */
            st = shard_add(ix, e->text + 7, NULL, e->host, e->port, true,
                           false);
        } else if (ix->opts.allow_partial) {
            snprintf(name, sizeof name, "%s line %lu", stub, e->lineno);
            st = shard_add(ix, name, NULL, NULL, 0, true, true);
        }
    }
    if (st == SILK_OK && *read && good == 0)
        *read = false;
    if (st == SILK_OK && *read && bad && !ix->opts.allow_partial)
        st = silk_fail(SILK_INVALID, "%s line %lu is not a shard ('%.200s': a "
                       "stub line is 'auto PATH' or 'remote HOST:PORT'); fix "
                       "the stub file, or search the other shards with "
                       "--allow-partial", stub, bad->lineno, bad->text);
    if (st != SILK_OK || !*read) {
        while (ix->nshards > first) {
            silk_shard_t *sh = &ix->shards[--ix->nshards];
            free(sh->name);
            free(sh->path);
            free(sh->host);
        }
    }
    silk_stub_free(&s);
    return st;
}

/* Check that every path exists and is readable, so that the error names
 * the path and says what to do. */
static silk_status_t check_paths(const silk_index_t *ix)
{
    for (size_t i = 0; i < ix->npaths; i++) {
        const char *p = ix->paths[i];
        struct stat sb;
        if (stat(p, &sb) != 0) {
            if (errno == ENOENT || errno == ENOTDIR)
                return silk_fail(SILK_NOT_FOUND, "no index at %s (build one "
                                 "with: silk-index -i %s CORPUS)", p, p);
            return silk_fail(SILK_ERROR, "cannot read the index at %s: %s", p,
                             strerror(errno));
        }
        if (access(p, R_OK | (S_ISDIR(sb.st_mode) ? X_OK : 0)) != 0)
            return silk_fail(SILK_ERROR, "cannot read the index at %s: %s "
                             "(check its permissions)", p, strerror(errno));
    }
    return SILK_OK;
}

/* Expand the paths into shards: a stub file, or a directory holding a
 * stub (a sharded index), is read line by line so that each shard is
 * opened on its own and named when it fails; a database directory, or a
 * stub with lines only Xapian reads, is opened by Xapian as given. */
static silk_status_t expand_paths(silk_index_t *ix)
{
    for (size_t i = 0; i < ix->npaths; i++) {
        const char *p = ix->paths[i], *slash;
        size_t n = strlen(p) + sizeof SILK_STUB_NAME + 2;
        char *stub = malloc(n), *base = malloc(n);
        struct stat sb;
        bool read = false;
        silk_status_t st = SILK_OK;

        if (!stub || !base) {
            st = silk_fail(SILK_NO_MEMORY, "out of memory");
        } else if (stat(p, &sb) != 0) {
            st = silk_fail(SILK_NOT_FOUND, "no index at %s", p);
        } else if (S_ISDIR(sb.st_mode)) {
            snprintf(stub, n, "%s/%s", p, SILK_STUB_NAME);
            snprintf(base, n, "%s", p);
            if (stat(stub, &sb) == 0)
                st = add_stub(ix, stub, base, &read);
        } else {
            snprintf(stub, n, "%s", p);
            slash = strrchr(p, '/');
            if (slash == p)
                snprintf(base, n, "/");
            else if (slash)
                snprintf(base, n, "%.*s", (int)(slash - p), p);
            else
                snprintf(base, n, ".");
            st = add_stub(ix, stub, base, &read);
        }
        free(stub);
        free(base);
        if (st == SILK_OK && !read)
            st = shard_add(ix, p, p, NULL, 0, false, false);
        if (st != SILK_OK)
            return st;
    }
    return SILK_OK;
}

/* Open one shard: a local path through Xapian (a stub it reads itself, if
 * so), a remote one over TCP. */
static silk_status_t shard_open(const silk_shard_t *s, silk_db_t **out)
{
    if (s->host)
        return silk_db_open_remote(out, s->host, s->port, REMOTE_TIMEOUT_MS);
    return silk_db_open_read(out, (const char *const *)&s->path, 1);
}

/* Check that shard db is a silk index of this schema, in the same language
 * as the first (*lang: NULL for the first, which sets it). */
static silk_status_t shard_check(silk_db_t *db, const char *name, char **lang)
{
    char *schema = NULL, *l = NULL;
    int version;
    silk_status_t st = silk_meta_read(db, name, &version, &schema, &l);

    if (st != SILK_OK)
        return st;
    if (version == 0) {
        st = silk_fail(SILK_NOT_INDEX, "%s is a Xapian database but not a "
                       "silk index (no %s); build one in a directory of its "
                       "own: silk-index -i INDEX CORPUS", name,
                       SILK_META_SCHEMA);
    } else if (version != SILK_SCHEMA_VERSION) {
        st = silk_fail(SILK_NOT_INDEX, "the index at %s has schema version "
                       "%s but this silk-query reads version %d (rebuild it "
                       "with: silk-index -i %s CORPUS)", name, schema,
                       SILK_SCHEMA_VERSION, name);
    } else if (!*lang) {
        *lang = l;
        l = NULL;
    } else if (strcmp(*lang, l) != 0) {
        st = silk_fail(SILK_NOT_INDEX, "the shards disagree on the language: "
                       "%s is in %s, the first in %s (rebuild them with one "
                       "--lang)", name, l[0] ? l : "english",
                       (*lang)[0] ? *lang : "english");
    }
    free(schema);
    free(l);
    return st;
}

/* Open every shard of ix into ix->db (and ix->a, the index's analyser,
 * unless reopening), with the checks of silk_index_open. */
static silk_status_t open_shards(silk_index_t *ix, bool reopening)
{
    const char *first = ix->paths[0];
    char *lang = NULL;
    silk_analyzer_t *a = NULL, *want = NULL;
    silk_status_t st;

    if ((st = check_paths(ix)) != SILK_OK || (st = expand_paths(ix)) != SILK_OK)
        return st;
    ix->missing = calloc(ix->nshards + 1, sizeof *ix->missing);
    ix->opened = calloc(ix->nshards + 1, sizeof *ix->opened);
    if (!ix->missing || !ix->opened)
        return silk_fail(SILK_NO_MEMORY, "out of memory");
    for (size_t i = 0; i < ix->nshards; i++) {
        const silk_shard_t *s = &ix->shards[i];
        silk_db_t *one = NULL;

        if (s->bad_line) {
            ix->missing[ix->nmissing++] = s->name;
            continue;
        }
        st = shard_open(s, &one);
        if (st != SILK_OK && ix->opts.allow_partial && s->in_stub &&
            (st == SILK_NETWORK || st == SILK_NOT_FOUND)) {
            ix->missing[ix->nmissing++] = s->name;
            continue;
        }
        if (st == SILK_NETWORK) {
            st = silk_fail(st, "the remote shard %s could not be reached: %s "
                           "(start xapian-tcpsrv for it, drop it from the stub "
                           "file, or search the rest with --allow-partial)",
                           s->name, silk_errmsg());
            goto done;
        }
        if ((st == SILK_CORRUPT || st == SILK_ERROR) &&
            silk_is_xapian_dir(s->path)) {
            st = silk_fail(SILK_CORRUPT, "the index at %s is damaged (%s); "
                           "check it with xapian-check %s, or rebuild it "
                           "with: silk-index --rebuild -i %s CORPUS", s->name,
                           silk_errmsg(), s->name, s->name);
            goto done;
        }
        if (st == SILK_MODIFIED && s->path && silk_is_xapian_dir(s->path) &&
            !silk_writer_running(s->path) &&
            (st = shard_open(s, &one)) == SILK_MODIFIED) {
            /* "Modified" with no writer, twice (a writer that just ended
             * leaves a readable revision): the revision on disk is not one
             * Xapian wrote whole (a second writer, a bad copy). */
            st = silk_fail(SILK_CORRUPT, "the index at %s is damaged (%s; no "
                           "silk-index is writing it); check it with "
                           "silk-index --check -i %s, or rebuild it with: "
                           "silk-index --rebuild -i %s CORPUS", s->name,
                           silk_errmsg(), s->name, s->name);
            goto done;
        }
        if (st == SILK_MODIFIED) {
            st = silk_fail(st, "the index at %s changed faster than it could "
                           "be read (a writer is committing): %s; run the "
                           "search again", s->name, silk_errmsg());
            goto done;
        }
        if (st != SILK_OK) {
            st = silk_fail(SILK_NOT_INDEX, "%s is not a silk index (%s: %s); "
                           "if it holds articles, index them into a directory "
                           "of their own: silk-index -i INDEX %s, then "
                           "silk-query -i INDEX", s->name, silk_status_str(st),
                           silk_errmsg(), s->name);
            goto done;
        }
        if ((st = shard_check(one, s->name, &lang)) != SILK_OK) {
            silk_db_free(one);
            goto done;
        }
        ix->opened[ix->nopened++] = s->name;
        if (!ix->db) {
            ix->db = one;
        } else {
            st = silk_db_add(ix->db, one);
            silk_db_free(one);
            if (st != SILK_OK) {
                st = silk_fail(st, "cannot add the shard %s: %s", s->name,
                               silk_errmsg());
                goto done;
            }
        }
    }
    if (!ix->db) {
        st = silk_fail(SILK_NETWORK, "none of the shards of %s could be "
                       "opened (every one is missing or unreachable)", first);
        goto done;
    }
    st = SILK_OK;
    if (reopening)
        goto done;  /* the same language: keep the analyser in use */
    a = silk_analyzer_new(lang[0] ? lang : "english");
    if (!a) {
        st = silk_fail(SILK_NOT_INDEX, "the index at %s was built for "
                       "language '%s', which this silk-query does not know "
                       "(rebuild it with a known --lang)", first, lang);
        goto done;
    }
    if (ix->want_lang) {
        want = silk_analyzer_new(ix->want_lang);
        if (!want) {
            st = silk_fail(SILK_INVALID, "unknown language '%s' for --lang (a "
                           "Snowball language such as english, or none)",
                           ix->want_lang);
            goto done;
        }
        if (strcmp(silk_analyzer_language(want),
                   silk_analyzer_language(a)) != 0) {
            st = silk_fail(SILK_NOT_INDEX, "the index at %s was built for "
                           "language %s, not %s (drop --lang, or rebuild the "
                           "index for %s)", first, silk_analyzer_language(a),
                           silk_analyzer_language(want),
                           silk_analyzer_language(want));
            goto done;
        }
    }
    ix->a = a;
    a = NULL;
done:
    silk_analyzer_free(want);
    silk_analyzer_free(a);
    free(lang);
    if (st != SILK_OK) {
        silk_db_free(ix->db);
        ix->db = NULL;
    }
    return st;
}

void silk_open_options_init(silk_open_options_t *o)
{
    memset(o, 0, sizeof *o);
}

silk_status_t silk_index_open(silk_index_t **out, const char *const *paths,
                              size_t n, const silk_open_options_t *opts)
{
    silk_index_t *ix;
    silk_status_t st;

    *out = NULL;
    if (!paths || n == 0)
        return silk_fail(SILK_INVALID, "no index given");
    if (!(ix = calloc(1, sizeof *ix)) ||
        !(ix->paths = calloc(n, sizeof *ix->paths))) {
        free(ix);
        return silk_fail(SILK_NO_MEMORY, "out of memory");
    }
    if (opts)
        ix->opts = *opts;
    ix->opts.language = NULL;
    st = SILK_OK;
    for (size_t i = 0; i < n && st == SILK_OK; i++) {
        if (!(ix->paths[i] = strdup(paths[i])))
            st = silk_fail(SILK_NO_MEMORY, "out of memory");
        ix->npaths++;
    }
    if (st == SILK_OK && opts && opts->language &&
        !(ix->want_lang = strdup(opts->language)))
        st = silk_fail(SILK_NO_MEMORY, "out of memory");
    ix->opts.language = ix->want_lang;
    if (st == SILK_OK)
        st = open_shards(ix, false);
    /* The index's synonym table: a warning on stderr if it is damaged. */
    if (st == SILK_OK && silk_expand_load(&ix->syn, ix->db, ix->a) != 0)
        st = silk_fail(SILK_ERROR, "cannot read the index's synonyms: %s",
                       silk_errmsg());
    if (st != SILK_OK) {
        silk_index_close(ix);
        return st;
    }
    *out = ix;
    return SILK_OK;
}

void silk_index_close(silk_index_t *ix)
{
    if (!ix)
        return;
    silk_gazetteer_free(ix->g);
    silk_syn_free(ix->syn);
    silk_analyzer_free(ix->a);
    silk_db_free(ix->db);
    shards_clear(ix);
    free(ix->shards);
    free(ix->missing);
    free(ix->opened);
    for (size_t i = 0; i < ix->npaths; i++)
        free(ix->paths[i]);
    free(ix->paths);
    free(ix->want_lang);
    free(ix);
}

silk_status_t silk_index_reopen_partial(silk_index_t *ix)
{
    ix->generation++;  /* the lists of shards change */
    silk_db_free(ix->db);
    ix->db = NULL;
    shards_clear(ix);
    free(ix->missing);
    free(ix->opened);
    ix->missing = NULL;
    ix->opened = NULL;
    return open_shards(ix, true);
}

const char *silk_index_failed_remote(const silk_index_t *ix)
{
    for (size_t i = 0; i < ix->nshards; i++) {
        const silk_shard_t *s = &ix->shards[i];
        silk_db_t *probe = NULL;
        bool missing = false;

        for (size_t k = 0; k < ix->nmissing; k++)
            missing |= ix->missing[k] == s->name;
        if (!s->host || missing)
            continue;
        if (silk_db_open_remote(&probe, s->host, s->port, PROBE_TIMEOUT_MS) !=
            SILK_OK)
            return s->name;
        silk_db_free(probe);
    }
    return NULL;
}

const char *silk_index_language(const silk_index_t *ix)
{
    return silk_analyzer_language(ix->a);
}

size_t silk_index_shard_count(const silk_index_t *ix)
{
    return ix->nopened;
}

const char *silk_index_shard(const silk_index_t *ix, size_t i)
{
    return i < ix->nopened ? ix->opened[i] : NULL;
}

size_t silk_index_missing_count(const silk_index_t *ix)
{
    return ix->nmissing;
}

const char *silk_index_missing(const silk_index_t *ix, size_t i)
{
    return i < ix->nmissing ? ix->missing[i] : NULL;
}

silk_db_t *silk_index_db(silk_index_t *ix)
{
    return ix->db;
}

silk_analyzer_t *silk_index_analyzer(silk_index_t *ix)
{
    return ix->a;
}

silk_gazetteer_t *silk_index_gazetteer(silk_index_t *ix)
{
    /* Built on the first search: cheap (its name tables are built on their
     * first lookup), and every query may resolve a country:, subject: or
     * ministry: value or print a display name. */
    if (!ix->g && !(ix->g = silk_gazetteer_new(ix->a)))
        silk_fail(SILK_NO_MEMORY, "out of memory loading the gazetteer");
    return ix->g;
}
