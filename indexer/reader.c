/* reader.c: corpus readers — a sorted, loop-safe directory walk that
 * delivers articles from plain-text files (with NAME.meta sidecars), JSON
 * Lines (plain, gzip'ed or on stdin, read a bounded piece at a time) and
 * JSON files (an array of articles or one), with ids that never clash,
 * text decoded to UTF-8 with LF line ends, and every problem reported with
 * its place. See docs/corpus-format.md. This file: the walk, problems,
 * ids and whole-file reads; the formats are reader_text.c,
 * reader_json.c, reader_csv.c, reader_sgml.c and reader_xml.c
 * (reader_int.h between them).
 */
#define _POSIX_C_SOURCE 200809L

#include "reader_int.h"
#include "indexer_int.h"
#include "silk_utf8.h"
#include "silk_vec.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

/* Longest problem reason passed to the callback; longer ones are cut. */
#define REASON_MAX 512

/* ---- problems ---- */

static const char *const problem_names[SILK_PROBLEM_COUNT_] = {
    [SILK_PROBLEM_UNREADABLE] = "unreadable",
    [SILK_PROBLEM_EMPTY] = "empty",
    [SILK_PROBLEM_BINARY] = "binary",
    [SILK_PROBLEM_BAD_JSON] = "bad json",
    [SILK_PROBLEM_BAD_META] = "bad meta",
    [SILK_PROBLEM_INVALID_UTF8] = "invalid utf-8",
    [SILK_PROBLEM_BAD_DATE] = "bad date",
    [SILK_PROBLEM_BAD_ID] = "bad id",
    [SILK_PROBLEM_TOO_LARGE] = "too large",
    [SILK_PROBLEM_NO_MEMORY] = "out of memory",
    [SILK_PROBLEM_BAD_CSV] = "bad csv",
    [SILK_PROBLEM_BAD_XML] = "bad xml",
};

/* See reader.h. */
const char *silk_problem_str(silk_problem_t p)
{
    if ((unsigned)p >= SILK_PROBLEM_COUNT_)
        return "unknown";
    return problem_names[p];
}

/* See reader.h. A bad id skips the article only when it is too long; the
 * caller cannot tell, so it counts as skipping (keeping is the safe way). */
bool silk_problem_skips(silk_problem_t p)
{
    return p == SILK_PROBLEM_UNREADABLE || p == SILK_PROBLEM_EMPTY ||
           p == SILK_PROBLEM_BINARY || p == SILK_PROBLEM_BAD_JSON ||
           p == SILK_PROBLEM_BAD_ID || p == SILK_PROBLEM_TOO_LARGE ||
           p == SILK_PROBLEM_NO_MEMORY || p == SILK_PROBLEM_BAD_CSV ||
           p == SILK_PROBLEM_BAD_XML;
}

/* See reader_int.h. */
void silk_reader__problem(walk_t *w, silk_problem_t kind, const char *path,
                          unsigned long line, const char *fmt, ...)
{
    if (!w->cbs->problem)
        return;
    char reason[REASON_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    unsigned char *u = (unsigned char *)reason;
    size_t n = strlen(reason);
    for (size_t i = 0; i < n;) {
        size_t bad, k = silk_utf8_len(u + i, n - i, &bad);
        if (k == 0) {
            u[i++] = '?';
        } else {
            if (u[i] < 0x20 || u[i] == 0x7F)
                u[i] = ' ';
            i += k;
        }
    }
    w->cbs->problem(w->ctx, kind, path, line, reason);
}

/* A size for a message: "2999 bytes", "41.9 MB". */
static const char *size_str(char out[32], unsigned long long bytes)
{
    if (bytes < 1000000)
        snprintf(out, 32, "%llu bytes", bytes);
    else
        snprintf(out, 32, "%.1f MB", (double)bytes / 1e6);
    return out;
}

/* See reader_int.h. */
int silk_reader__no_memory(walk_t *w, const char *path, unsigned long line,
                           unsigned long long bytes)
{
    char a[32];
    if (bytes >= 1000000)
        silk_reader__problem(w, SILK_PROBLEM_NO_MEMORY, path, line,
                "out of memory reading %s of it", size_str(a, bytes));
    else
        silk_reader__problem(w, SILK_PROBLEM_NO_MEMORY, path, line,
                             "out of memory");
    return NOMEM;
}

/* See reader_int.h. */
void silk_reader__too_large(walk_t *w, const char *path, unsigned long line,
                            const char *what, unsigned long long bytes)
{
    char a[32], b[32];
    silk_reader__problem(w, SILK_PROBLEM_TOO_LARGE, path, line,
            "too large: %s of %s, over --max-article-bytes (%s): skipped",
            what, size_str(a, bytes), size_str(b, w->max_bytes));
}

/* ---- names and ids ---- */

/* See reader_int.h. */
const char *silk_reader__base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Does name end in ext (lower case), in any case, with something before? */
static bool ends_with_ci(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    if (n <= e)
        return false;
    for (size_t i = 0; i < e; i++) {
        char c = name[n - e + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != ext[i])
            return false;
    }
    return true;
}

/* What a file is, by its name. */
typedef enum ftype {
    F_TXT, F_JSONL, F_JSON, F_CSV, F_TSV, F_META, F_SGML, F_XML, F_OTHER
} ftype_t;

/* Extensions the reader knows, longest first where one ends another. */
static const struct ext {
    const char *ext;
    ftype_t type;
    bool gz;
} exts[] = {
    {".jsonl.gz", F_JSONL, true}, {".ndjson.gz", F_JSONL, true},
    {".json.gz", F_JSON, true},   {".jsonl", F_JSONL, false},
    {".ndjson", F_JSONL, false},  {".json", F_JSON, false},
    {".txt", F_TXT, false},       {".meta", F_META, false},
    {".csv.gz", F_CSV, true},     {".tsv.gz", F_TSV, true},
    {".csv", F_CSV, false},       {".tsv", F_TSV, false},
    {".sgml.gz", F_SGML, true},   {".sgm.gz", F_SGML, true},
    {".sgml", F_SGML, false},     {".sgm", F_SGML, false},
    {".xml.gz", F_XML, true},     {".xml", F_XML, false},
};

/* The type of the file named name and the length of its known extension
 * (0 for F_OTHER); *gz for a gzip'ed one. */
static ftype_t file_type(const char *name, size_t *ext_len, bool *gz)
{
    *ext_len = 0;
    *gz = false;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (ends_with_ci(name, exts[i].ext)) {
            *ext_len = strlen(exts[i].ext);
            *gz = exts[i].gz;
            return exts[i].type;
        }
    return F_OTHER;
}

/* See reader.h. */
bool silk_reader_is_input(const char *path)
{
    size_t ext_len;
    bool gz;
    return file_type(silk_reader__base_name(path), &ext_len, &gz) != F_OTHER ||
           silk_reader__sgml_sniff(path);
}

/* Files that sit beside articles but are about them, by the name before
 * the first '.' (any case): a walk leaves them out (README.TXT beside the
 * BBC's articles). */
static const char *const not_articles[] = {
    "readme", "license", "licence", "copying", "changelog", "changes",
    "authors", "contributors", "contributing", "install", "notice", "todo",
    "manifest", "sha256sums", "sha1sums", "md5sums", "checksums"};

static bool about_file(const char *name)
{
    size_t n = strcspn(name, ".");
    for (size_t i = 0; i < sizeof not_articles / sizeof *not_articles; i++) {
        const char *w = not_articles[i];
        if (strlen(w) != n)
            continue;
        size_t k = 0;
        while (k < n && (name[k] | 0x20) == w[k])
            k++;
        if (k == n)
            return true;
    }
    return false;
}

/* 64-bit FNV-1a of s[0..n): for shortening long ids (not adversarial). */
static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3u;
    }
    return h;
}

/* The id made from a path-derived name (escaped UTF-8): itself when it
 * fits SILK_MAX_ID_BYTES, else its first bytes (cut at a character), '~'
 * and 16 hex digits of a hash of all of it. malloc'ed, NULL: no memory. */
static char *fit_id(char *name)
{
    size_t n = strlen(name);
    if (n <= SILK_MAX_ID_BYTES)
        return name;
    size_t keep = SILK_MAX_ID_BYTES - 17;
    while (keep > 0 && ((unsigned char)name[keep] & 0xC0) == 0x80)
        keep--;
    char tail[18];
    snprintf(tail, sizeof tail, "~%016llx",
             (unsigned long long)fnv1a(name, n));
    memcpy(name + keep, tail, sizeof tail);
    return name;
}

/* See reader_int.h. */
const char *silk_reader__rel_path(const walk_t *w, const char *path)
{
    const char *rel = "";
    if (w->root_is_dir && strncmp(path, w->root, w->root_len) == 0) {
        rel = path + w->root_len;
        while (*rel == '/')
            rel++;
    } else if (w->root_above && strcmp(path, w->root) == 0) {
        rel = "";  /* a file named as a PATH: root_above ends with it */
    } else if (w->root_above) {
        return rel;
    }
    if (!w->root_above || !*w->root_above)
        return rel;
    silk_buf_t *b = w->rel_buf;
    silk_buf_clear(b);
    if (silk_buf_puts(b, w->root_above) < 0 ||
        (*rel && (silk_buf_putc(b, '/') < 0 || silk_buf_puts(b, rel) < 0)))
        return rel;  /* out of memory: the path below the PATH alone */
    return silk_buf_str(b);
}

typedef SILK_VEC(char *) comps_t;

/* Append path's components to *v (strdup'ed), "." and empty ones left
 * out, ".." taking the one before back where it can; -1 when memory ran
 * out. */
static int components(const char *path, comps_t *v)
{
    for (const char *p = path; *p;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.' && v->n > 0 &&
            strcmp(v->v[v->n - 1], "..") != 0) {
            free(v->v[--v->n]);
        } else if (n > 0 && !(n == 1 && p[0] == '.')) {
            char *c = strndup(p, n);
            if (!c || silk_vec_push(v, c) < 0) {
                free(c);
                return -1;
            }
        }
        p += n;
        while (*p == '/')
            p++;
    }
    return 0;
}

/* With several PATHs (stdin aside), ids and categories are relative to the
 * deepest directory that holds them all, a file counting by its own
 * directory: `silk-index -i X bbc/raw/ *` (a glob) names bbc/raw/business/001.txt
 * business/001, as `silk-index -i X bbc/raw` does, and two files are never
 * one id. Sets above[i] to PATH i's part below that directory ("" for the
 * directory itself; a file's ends with its name), malloc'ed. Compared as
 * written (a relative PATH taken from the working directory, "." and ".."
 * resolved by name); returns -1 when memory ran out. */
static int paths_above(const char *const *paths, size_t n, char **above)
{
    comps_t *c = calloc(n, sizeof *c);
    char cwd[4096];
    int rc = -1;
    size_t common = SIZE_MAX;
    size_t first = SIZE_MAX;
    if (!c)
        return -1;
    if (!getcwd(cwd, sizeof cwd))
        strcpy(cwd, ".");
    for (size_t i = 0; i < n; i++) {
        if (strcmp(paths[i], SILK_READER_STDIN) == 0)
            continue;
        if ((paths[i][0] != '/' && components(cwd, &c[i]) < 0) ||
            components(paths[i], &c[i]) < 0)
            goto done;
        struct stat st;
        if (stat(paths[i], &st) != 0)
            continue;  /* what is not there has no say (it is reported) */
        /* a file counts by its directory */
        size_t dir_n = c[i].n;
        if (!S_ISDIR(st.st_mode) && dir_n > 0)
            dir_n--;
        if (first == SIZE_MAX) {
            first = i;
            common = dir_n;
        }
        size_t k = 0;
        while (k < common && k < dir_n && strcmp(c[i].v[k], c[first].v[k]) == 0)
            k++;
        common = k;
    }
    for (size_t i = 0; i < n; i++) {
        silk_buf_t b = {0};
        for (size_t k = common; k < c[i].n; k++)
            if ((b.len && silk_buf_putc(&b, '/') < 0) || silk_buf_puts(&b, c[i].v[k]) < 0)
                goto done;
        if (!(above[i] = b.len ? silk_buf_detach(&b, NULL) : strdup("")))
            goto done;
    }
    rc = 0;
done:
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < c[i].n; k++)
            free(c[i].v[k]);
        silk_vec_free(&c[i]);
    }
    free(c);
    return rc;
}

/* See reader_int.h. */
char *silk_reader__path_id(const walk_t *w, const char *path, size_t strip,
                           const char *suffix)
{
    const char *rel = silk_reader__rel_path(w, path);
    if (!*rel)
        rel = silk_reader__base_name(path);
    size_t n = strlen(rel);
    n = strip < n ? n - strip : n;
    char *esc = silk_indexer__escape(rel, n);
    if (!esc)
        return NULL;
    size_t e = strlen(esc), s = strlen(suffix);
    char *id = realloc(esc, e + s + 1);
    if (!id) {
        free(esc);
        return NULL;
    }
    memcpy(id + e, suffix, s + 1);
    return fit_id(id);
}

/* See reader_int.h. */
const char *silk_reader__gz_message(gzFile z, int *zerr)
{
    const char *m = gzerror(z, zerr), *cut = m;
    for (const char *p = m; (p = strstr(p, ": ")) != NULL; p += 2)
        cut = p + 2;
    return cut;
}

/* ---- whole files ---- */

/* See reader_int.h. */
int silk_reader__slurp(const walk_t *w, const char *path, bool gz, char **out,
                       size_t *len, const char **zmsg)
{
    silk_buf_t b = {0};
    int err = 0, fd = open(path, O_RDONLY);
    gzFile z = NULL;

    *out = NULL;
    *len = 0;
    *zmsg = NULL;
    if (fd < 0)
        return errno;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        if (!gz && w->max_bytes && (uintmax_t)st.st_size > w->max_bytes) {
            *len = (size_t)st.st_size;
            close(fd);
            return EFBIG;
        }
        if ((uintmax_t)st.st_size < SIZE_MAX / 2 &&
            silk_buf_reserve(&b, (size_t)st.st_size + 1) < 0) {
            close(fd);
            return ENOMEM;
        }
    }
    if (gz) {
        z = gzdopen(fd, "rb");
        if (!z) {
            close(fd);
            free(b.p);
            return ENOMEM;
        }
        fd = -1;
    }
    for (;;) {
        /* Grow only when full: a file whose size fstat gave is read into
         * one allocation of that size (no doubling, no copy). */
        if (b.cap == 0 || b.len + 1 == b.cap) {
            char probe;
            ssize_t k = z ? gzread(z, &probe, 1) : read(fd, &probe, 1);
            if (k < 0 && !z && errno == EINTR)
                continue;
            int zerr = Z_OK;
            if (k == 0 && z)
                *zmsg = silk_reader__gz_message(z, &zerr);
            if (k == 0 && zerr == Z_OK)
                break;
            if (k <= 0) {
                if (z) {
                    *zmsg = silk_reader__gz_message(z, &zerr);
                    err = zerr == Z_MEM_ERROR ? ENOMEM : EIO;
                } else {
                    err = errno;
                }
                goto done;
            }
            if (silk_buf_append(&b, &probe, 1) < 0 ||
                silk_buf_reserve(&b, 65536) < 0) {
                err = ENOMEM;
                goto done;
            }
        }
        size_t room = b.cap - b.len - 1;
        if (room > INT32_MAX)
            room = INT32_MAX;
        ssize_t r;
        if (z) {
            int zr = gzread(z, b.p + b.len, (unsigned)room);
            if (zr < 0) {
                int zerr;
                *zmsg = silk_reader__gz_message(z, &zerr);
                err = zerr == Z_MEM_ERROR ? ENOMEM : EIO;
                goto done;
            }
            r = zr;
        } else {
            r = read(fd, b.p + b.len, room);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                err = errno;
                goto done;
            }
        }
        if (r == 0 && z) {
            int zerr;
            *zmsg = silk_reader__gz_message(z, &zerr);
            if (zerr != Z_OK) {   /* cut short: Z_BUF_ERROR */
                err = zerr == Z_MEM_ERROR ? ENOMEM : EIO;
                goto done;
            }
        }
        if (r == 0)
            break;
        b.len += (size_t)r;
        if (w->max_bytes && b.len > w->max_bytes) {
            *len = b.len;
            err = EFBIG;
            goto done;
        }
    }
    if (!b.p && silk_buf_reserve(&b, 0) < 0) {
        err = ENOMEM;
        goto done;
    }
    b.p[b.len] = '\0';
    *out = b.p;
    *len = b.len;
    b.p = NULL;
done:
    if (z)
        gzclose(z);
    if (fd >= 0)
        close(fd);
    free(b.p);
    return err;
}

/* See reader_int.h. */
void silk_reader__slurp_problem(walk_t *w, const char *path, int err,
                                size_t len,
                                const char *zmsg, const char *what)
{
    if (err == EFBIG)
        silk_reader__too_large(w, path, 0, what, len);
    else if (err == EIO)
        silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, 0,
                "damaged gzip data: %s", zmsg ? zmsg : "read error");
    else
        silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s",
                             strerror(err));
}

/* ---- the walk ---- */

static int walk_path(walk_t *w, const char *path, bool named);

/* strcmp order for qsort over char *. */
static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walk the directory path (already stat'ed as st): entries in strcmp
 * order, hidden ones (".name") left out. Returns 0, the callback's stop
 * value or NOMEM. */
static int walk_dir(walk_t *w, const char *path, const struct stat *st)
{
    for (size_t i = 0; i < w->depth; i++)
        if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino) {
            silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, 0,
                    "symlink loop: this directory is already being walked");
            return 0;
        }
    if (w->depth == MAX_DEPTH) {
        silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, 0,
                "directories nested deeper than %d levels", MAX_DEPTH);
        return 0;
    }
    DIR *d = opendir(path);
    if (!d) {
        silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s",
                             strerror(errno));
        return 0;
    }
    SILK_VEC(char *) names = {0};
    char *child = NULL, *name;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (!(name = strdup(e->d_name)))
            goto nomem;
        if (silk_vec_push(&names, name) != 0) {
            free(name);
            goto nomem;
        }
    }
    if (names.n > 1)
        qsort(names.v, names.n, sizeof *names.v, cmp_names);
    w->stack[w->depth].dev = st->st_dev;
    w->stack[w->depth].ino = st->st_ino;
    w->depth++;
    size_t plen = strlen(path);
    bool slash = plen && path[plen - 1] == '/';
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        size_t clen = plen + 1 + strlen(names.v[i]) + 1;
        if (!(child = malloc(clen))) {
            w->depth--;
            goto nomem;
        }
        snprintf(child, clen, "%s%s%s", path, slash ? "" : "/", names.v[i]);
        rc = walk_path(w, child, false);
        free(child);
        child = NULL;
    }
    w->depth--;
    goto done;
nomem:
    rc = silk_reader__no_memory(w, path, 0, 0);
done:
    closedir(d);
    for (size_t i = 0; i < names.n; i++)
        free(names.v[i]);
    silk_vec_free(&names);
    return rc;
}

/* Read one path: a directory (walked), an article file (read), a sidecar
 * (left to its .txt; reported as skipped only when named on its own), or
 * another file — read as text when named (or with all_files), else skipped
 * and named. Returns 0, the callback's stop value or NOMEM. */
static int walk_path(walk_t *w, const char *path, bool named)
{
    struct stat st, lst;
    if (stat(path, &st) < 0) {
        int err = errno;
        if (err != ELOOP && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
            silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, 0,
                    "broken symbolic link");
        else
            silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s",
                                 strerror(err));
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return walk_dir(w, path, &st);
    const char *base = silk_reader__base_name(path);
    size_t ext_len;
    bool gz;
    ftype_t t = file_type(base, &ext_len, &gz);
    /* TREC files have no extension (or .gz): what they start with says */
    if (t == F_OTHER && S_ISREG(st.st_mode) &&
        (named || w->all_files || !about_file(base)) &&
        silk_reader__sgml_sniff(path)) {
        t = F_SGML;
        ext_len = ends_with_ci(base, ".gz") ? 3 : 0;
    }
    const char *why = NULL;
    if (t == F_META)
        why = named ? "a sidecar: it is read with its article's .txt" : "";
    else if ((t == F_TXT || t == F_OTHER) && !named && !w->all_files &&
             about_file(base))
        why = SILK_SKIP_ABOUT;
    else if (t == F_OTHER && !named && !w->all_files)
        why = strchr(base, '.') ? SILK_SKIP_OTHER_EXT : SILK_SKIP_NO_EXT;
    if (why) {
        if (*why && w->cbs->skipped)
            w->cbs->skipped(w->ctx, path, why);
        return 0;
    }
    if (!S_ISREG(st.st_mode)) {
        silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, 0,
                "not a regular file or directory");
        return 0;
    }
    switch (t) {
    case F_JSONL: return silk_reader__read_jsonl(w, path, ext_len);
    case F_JSON: return silk_reader__read_json(w, path, ext_len, gz);
    case F_CSV:
    case F_TSV:
        return silk_reader__read_csv(w, path, ext_len, t == F_TSV, named);
    case F_SGML: return silk_reader__read_sgml(w, path, ext_len);
    case F_XML: return silk_reader__read_xml(w, path, ext_len, gz, named);
    default: return silk_reader__read_txt(w, path, ext_len);
    }
}

/* Walk paths[0..n): see reader.h. A path that does not exist is reported
 * and the walk goes on with the others; the result is then
 * SILK_WALK_MISSING. */
int silk_reader_walk(const silk_reader_opts_t *o, const char *const *paths,
                     size_t n, const silk_reader_cbs_t *cbs, void *ctx)
{
    walk_t *w = calloc(1, sizeof *w);
    int missing = 0, rc = 0;
    if (!w)
        return SILK_WALK_NO_MEMORY;
    w->cbs = cbs;
    w->ctx = ctx;
    if (o) {
        w->max_bytes = o->max_article_bytes;
        w->all_files = o->all_files;
        w->field_keys = o->field_keys;
        w->nfield_keys = o->nfield_keys;
    }
    char **above = NULL;
    silk_buf_t rel_buf = {0};
    w->rel_buf = &rel_buf;
    if (n > 1 && (!(above = calloc(n, sizeof *above)) ||
                  paths_above(paths, n, above) < 0)) {
        rc = SILK_WALK_NO_MEMORY;
        goto done;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct stat st;
        w->root = paths[i];
        w->root_len = strlen(paths[i]);
        w->root_above = above ? above[i] : NULL;
        if (strcmp(paths[i], SILK_READER_STDIN) == 0) {
            w->root_is_dir = false;
            rc = silk_reader__read_jsonl(w, paths[i], 0);
            continue;
        }
        if (stat(paths[i], &st) < 0 && lstat(paths[i], &st) < 0)
            missing = SILK_WALK_MISSING;
        w->root_is_dir = S_ISDIR(st.st_mode);
        rc = walk_path(w, paths[i], true);
    }
done:
    for (size_t i = 0; above && i < n; i++)
        free(above[i]);
    free(above);
    silk_buf_free(&rel_buf);
    free(w);
    return rc ? rc : missing;
}
