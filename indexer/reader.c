/* reader.c: corpus readers — a sorted, loop-safe directory walk that
 * delivers articles from plain-text files (with NAME.meta sidecars), JSON
 * Lines (plain, gzip'ed or on stdin, read a bounded piece at a time) and
 * JSON files (an array of articles or one), with ids that never clash,
 * text decoded to UTF-8 with LF line ends, and every problem reported with
 * its place. See docs/corpus-format.md.
 */
#define _POSIX_C_SOURCE 200809L

#include "reader.h"
#include "indexer_int.h"
#include "silk_buf.h"
#include "silk_date.h"
#include "silk_utf8.h"

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
#include <sys/types.h>
#include <unistd.h>

#include <jansson.h>
#include <zlib.h>

/* A JSON Lines file with a NUL byte this early is not text (git and grep
 * use the same heuristic and window). A .txt file is read whole, so a NUL
 * anywhere in it makes it binary. */
#define BINARY_SNIFF_BYTES 8192
/* Deeper nesting than this is a mistake or an attack; it would also put the
 * recursion's stack at risk. */
#define MAX_DEPTH 256
/* A title taken from the text is cut to this many bytes (at a word break)
 * so that a first line which is a whole paragraph does not become a title. */
#define DERIVED_TITLE_MAX 200
/* Longest problem reason passed to the callback; longer ones are cut. */
#define REASON_MAX 512
/* JSON Lines are read through this buffer; a line is handed to the JSON
 * parser a piece at a time, so a long line is never held twice. */
#define SRC_BUF_BYTES (128u << 10)
/* Bytes of one line decoded per refill: a repaired byte takes 3 (U+FFFD),
 * so the decoded piece always fits its buffer. */
#define FEED_PIECE 4096
/* From this line length on, the JSON parser's next doubling is tried
 * first (an allocation of three times the line, freed at once): jansson
 * misbehaves when memory runs out inside it, so silk finds out before. */
#define MEMORY_PROBE_FROM (1u << 20)

/* ---- text: UTF-8 (util/silk_utf8.h), Windows-1252, line ends ---- */

/* Rewrite CR LF and lone CR as LF in s[0..n), in place; the new length. */
static size_t lf_only(char *s, size_t n)
{
    char *cr = memchr(s, '\r', n);
    if (!cr)
        return n;
    size_t o = (size_t)(cr - s);
    for (size_t i = o; i < n; i++) {
        if (s[i] == '\r') {
            s[o++] = '\n';
            if (i + 1 < n && s[i + 1] == '\n')
                i++;
        } else {
            s[o++] = s[i];
        }
    }
    s[o] = '\0';
    return o;
}

/* Does s[0..n) start with a UTF-8 byte-order mark? */
static bool has_bom(const char *s, size_t n)
{
    return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
}

/* How a text file was decoded. */
typedef enum decoding { DEC_UTF8, DEC_REPAIRED, DEC_CP1252 } decoding_t;

/* The text file raw[0..len) (NUL-free, BOM already dropped) as UTF-8 with
 * LF line ends, in out: as it is when it is UTF-8; as Windows-1252 when no
 * byte of it is part of a UTF-8 sequence (a Latin-1 or Windows file: its
 * "£" and "é" survive); else repaired with U+FFFD (*nbad counts). Returns
 * the decoding, or -1 when memory ran out. */
static int decode_text(const char *raw, size_t len, silk_buf_t *out, size_t *nbad)
{
    size_t mb = 0;
    decoding_t how = DEC_UTF8;
    int rc;

    *nbad = 0;
    out->len = 0;
    if (silk_utf8_valid(raw, len, NULL)) {
        rc = silk_buf_append(out, raw, len);
    } else {
        silk_utf8_valid(raw, len, &mb);
        if (mb == 0) {
            how = DEC_CP1252;
            rc = silk_utf8_from_cp1252(out, raw, len);
        } else {
            how = DEC_REPAIRED;
            rc = silk_utf8_repair(out, raw, len, nbad);
        }
    }
    if (rc < 0)
        return -1;
    out->len = lf_only(out->p, out->len);
    return (int)how;
}

/* Trim Unicode space from both ends of s[0..*n): returns the new start and
 * updates *n. */
static const char *trim(const char *s, size_t *n)
{
    size_t k;
    while (*n && (k = silk_indexer__space_len(s, *n)) > 0) {
        s += k;
        *n -= k;
    }
    for (;;) {
        size_t m = *n, cut = 0;
        for (size_t back = 1; back <= 3 && back <= m; back++)
            if (silk_indexer__space_len(s + m - back, back) == back) {
                cut = back;
                break;
            }
        if (!cut)
            break;
        *n -= cut;
    }
    return s;
}

/* Is s[0..n) empty or only Unicode space? */
static bool all_space(const char *s, size_t n)
{
    trim(s, &n);
    return n == 0;
}

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
           p == SILK_PROBLEM_NO_MEMORY;
}

/* Returned by the readers below when memory ran out (the walk stops). */
#define NOMEM SILK_WALK_NO_MEMORY

typedef struct walk {
    const silk_reader_cbs_t *cbs;
    void *ctx;
    size_t max_bytes;        /* 0: no limit */
    bool all_files;
    const char *root;        /* the PATH argument being walked */
    size_t root_len;
    bool root_is_dir;
    struct {
        dev_t dev;
        ino_t ino;
    } stack[MAX_DEPTH];      /* the directories being walked, for loops */
    size_t depth;
} walk_t;

/* Report a problem; the reason is formatted, cut to one line of at most
 * REASON_MAX bytes of valid UTF-8 (control characters become spaces, and
 * a byte of a sequence that a cut — "%.60s", jansson's own 160-byte error
 * text — left broken becomes '?'). */
static void problem(walk_t *w, silk_problem_t kind, const char *path,
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

/* Report that memory ran out while reading path[:line]; returns NOMEM. */
static int no_memory(walk_t *w, const char *path, unsigned long line,
                     unsigned long long bytes)
{
    char a[32];
    if (bytes >= 1000000)
        problem(w, SILK_PROBLEM_NO_MEMORY, path, line,
                "out of memory reading %s of it", size_str(a, bytes));
    else
        problem(w, SILK_PROBLEM_NO_MEMORY, path, line, "out of memory");
    return NOMEM;
}

/* Report a piece of input over the limit: path[:line] of bytes bytes. */
static void too_large(walk_t *w, const char *path, unsigned long line,
                      const char *what, unsigned long long bytes)
{
    char a[32], b[32];
    problem(w, SILK_PROBLEM_TOO_LARGE, path, line,
            "too large: %s of %s, over --max-article-bytes (%s): skipped",
            what, size_str(a, bytes), size_str(b, w->max_bytes));
}

/* ---- names and ids ---- */

/* Where a path's last component starts. */
static const char *base_name(const char *path)
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
typedef enum ftype { F_TXT, F_JSONL, F_JSON, F_META, F_OTHER } ftype_t;

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

/* The id of the file at path (found under the walk's root) with strip
 * bytes of extension dropped, plus suffix (":12", or ""): the path
 * relative to the PATH argument ("business/001"), or for a PATH that is
 * the file itself its base name; escaped where not UTF-8, shortened when
 * long. malloc'ed; NULL if memory ran out. */
static char *path_id(const walk_t *w, const char *path, size_t strip,
                     const char *suffix)
{
    const char *rel = base_name(path);
    if (w->root_is_dir && strncmp(path, w->root, w->root_len) == 0) {
        rel = path + w->root_len;
        while (*rel == '/')
            rel++;
    }
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

/* zlib's gzerror() message without the "PATH: " it starts with (the
 * problem line names the file already). */
static const char *gz_message(gzFile z, int *zerr)
{
    const char *m = gzerror(z, zerr), *cut = m;
    for (const char *p = m; (p = strstr(p, ": ")) != NULL; p += 2)
        cut = p + 2;
    return cut;
}

/* ---- whole files ---- */

/* Read the file at path (or stdin for SILK_READER_STDIN) whole into *out
 * (NUL-terminated, *len bytes), through zlib when gz (a plain file reads
 * the same). Returns 0; ENOMEM; EFBIG when it passes w->max_bytes (then
 * *len is its size if known); EIO for damaged gzip data (*zmsg says how);
 * or another errno value. The caller frees *out. */
static int slurp(const walk_t *w, const char *path, bool gz, char **out,
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
                *zmsg = gz_message(z, &zerr);
            if (k == 0 && zerr == Z_OK)
                break;
            if (k <= 0) {
                if (z) {
                    *zmsg = gz_message(z, &zerr);
                    err = zerr == Z_MEM_ERROR ? ENOMEM : EIO;
                } else {
                    err = errno;
                }
                goto done;
            }
            if (silk_buf_append(&b, &probe, 1) < 0 || silk_buf_reserve(&b, 65536) < 0) {
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
                *zmsg = gz_message(z, &zerr);
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
            *zmsg = gz_message(z, &zerr);
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

/* Report slurp's failure err for path (when it is not ENOMEM). */
static void slurp_problem(walk_t *w, const char *path, int err, size_t len,
                          const char *zmsg, const char *what)
{
    if (err == EFBIG)
        too_large(w, path, 0, what, len);
    else if (err == EIO)
        problem(w, SILK_PROBLEM_UNREADABLE, path, 0,
                "damaged gzip data: %s", zmsg ? zmsg : "read error");
    else
        problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s", strerror(err));
}

/* ---- plain text and its sidecar ---- */

/* What a sidecar gives. Strings point into the sidecar's buffer. */
typedef struct meta {
    char *buf;
    const char *title, *date, *source, *url, *id;
    bool bad_date;           /* a "date:" that is no date */
    bool cp1252;
    json_t *extra;           /* unknown keys, as strings */
} meta_t;

/* Free what a sidecar read holds and reset it; safe on a zeroed one. */
static void meta_clear(meta_t *m)
{
    free(m->buf);
    json_decref(m->extra);
    memset(m, 0, sizeof *m);
}

/* The sidecar path of the text file at path: its known extension (ext_len
 * bytes, or the last ".xyz" of another name) replaced by ".meta".
 * malloc'ed; NULL if memory ran out. */
static char *meta_path(const char *path, size_t ext_len)
{
    const char *base = base_name(path), *dot = strrchr(base, '.');
    size_t stem = strlen(path) - ext_len;
    if (ext_len == 0 && dot && dot != base)
        stem = (size_t)(dot - path);
    char *m = malloc(stem + sizeof ".meta");
    if (m) {
        memcpy(m, path, stem);
        memcpy(m + stem, ".meta", sizeof ".meta");
    }
    return m;
}

/* The known keys of a sidecar, and where each was met. */
enum { MK_TITLE, MK_DATE, MK_SOURCE, MK_URL, MK_ID, MK_COUNT };
static const char *const meta_keys[MK_COUNT] = {"title", "date", "source",
                                                "url", "id"};

/* Read the sidecar of the text file txt_path, if there is one, into m.
 * Problems (unreadable, bad or repeated lines, invalid UTF-8, an impossible
 * date, an empty id) are reported; a missing sidecar is not one. Returns 0,
 * or NOMEM. */
static int meta_read(walk_t *w, const char *txt_path, size_t ext_len,
                     meta_t *m)
{
    char *mpath = meta_path(txt_path, ext_len);
    char *raw = NULL;
    size_t len, nbad;
    silk_buf_t b = {0};
    unsigned long seen[MK_COUNT] = {0};
    const char *zmsg;
    int rc = 0;

    if (!mpath)
        return no_memory(w, txt_path, 0, 0);
    int err = slurp(w, mpath, false, &raw, &len, &zmsg);
    if (err == ENOENT)
        goto done;
    if (err == ENOMEM) {
        rc = no_memory(w, mpath, 0, len);
        goto done;
    }
    if (err) {
        slurp_problem(w, mpath, err, len, zmsg, "sidecar");
        goto done;
    }
    const char *text = raw;
    if (has_bom(text, len)) {
        text += 3;
        len -= 3;
    }
    int how;
    if (memchr(text, '\0', len)) {   /* NUL: repaired as ill-formed */
        nbad = 0;
        how = silk_utf8_repair(&b, text, len, &nbad) < 0 ? -1 : DEC_REPAIRED;
    } else {
        how = decode_text(text, len, &b, &nbad);
    }
    if (how < 0 || !(m->extra = json_object())) {
        rc = no_memory(w, mpath, 0, len);
        goto done;
    }
    if (how == DEC_REPAIRED)
        problem(w, SILK_PROBLEM_INVALID_UTF8, mpath, 0,
                "%zu invalid UTF-8 sequence%s replaced with U+FFFD", nbad,
                nbad == 1 ? "" : "s");
    m->cp1252 = how == DEC_CP1252;
    m->buf = b.p;
    b.p = NULL;
    char *p = m->buf;
    for (unsigned long ln = 1; p; ln++) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        size_t n = strlen(p);
        char *line = (char *)trim(p, &n);
        line[n] = '\0';
        p = nl ? nl + 1 : NULL;
        if (n == 0 || line[0] == '#')
            continue;
        char *colon = strchr(line, ':');
        size_t klen = colon ? (size_t)(colon - line) : 0;
        while (klen && (line[klen - 1] == ' ' || line[klen - 1] == '\t'))
            klen--;
        bool ok = klen > 0;
        for (size_t i = 0; ok && i < klen; i++) {
            char c = line[i];
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '_' || c == '-';
        }
        if (!ok) {
            problem(w, SILK_PROBLEM_BAD_META, mpath, ln,
                    "expected \"key: value\", got \"%.60s\"", line);
            continue;
        }
        line[klen] = '\0';
        size_t vlen = strlen(colon + 1);
        char *val = (char *)trim(colon + 1, &vlen);
        val[vlen] = '\0';
        int k = MK_COUNT;
        for (int i = 0; i < MK_COUNT; i++) {
            size_t j = 0;
            while (meta_keys[i][j] && (line[j] | 0x20) == meta_keys[i][j])
                j++;
            if (!meta_keys[i][j] && !line[j]) {
                k = i;
                break;
            }
        }
        if (k == MK_COUNT) {
            if (json_object_get(m->extra, line)) {
                problem(w, SILK_PROBLEM_BAD_META, mpath, ln,
                        "\"%.40s\" is given twice: the first is kept", line);
                continue;
            }
            if (json_object_set_new(m->extra, line, json_string(val)) < 0) {
                rc = no_memory(w, mpath, ln, 0);
                goto done;
            }
            continue;
        }
        if (seen[k]) {
            problem(w, SILK_PROBLEM_BAD_META, mpath, ln,
                    "\"%s\" is given twice (line %lu has it too): the first "
                    "is kept", meta_keys[k], seen[k]);
            continue;
        }
        seen[k] = ln;
        switch (k) {
        case MK_TITLE: m->title = val; break;
        case MK_SOURCE: m->source = val; break;
        case MK_URL: m->url = val; break;
        case MK_ID:
            if (*val)
                m->id = val;
            else
                problem(w, SILK_PROBLEM_BAD_ID, mpath, ln,
                        "empty \"id:\": the file's path gives the id");
            break;
        case MK_DATE:
            if (*val) {
                char norm[SILK_DATE_BYTES];
                m->date = val;
                m->bad_date = !silk_date_normalize(val, norm);
                if (m->bad_date)
                    problem(w, SILK_PROBLEM_BAD_DATE, mpath, ln,
                            "impossible or unreadable date \"%.40s\"", val);
            }
            break;
        }
    }
done:
    free(mpath);
    free(raw);
    free(b.p);
    return rc;
}

/* The first non-empty line of body, trimmed and cut to DERIVED_TITLE_MAX
 * bytes at a word break (then "…" is appended), into out. Returns 0, or -1
 * when memory ran out. */
static int derive_title(const char *body, size_t len, silk_buf_t *out)
{
    const char *p = body, *end = body + len;
    out->len = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        const char *t = trim(p, &n);
        if (n) {
            bool cut = n > DERIVED_TITLE_MAX;
            if (cut) {
                size_t k = DERIVED_TITLE_MAX;
                while (k > DERIVED_TITLE_MAX / 2 && t[k] != ' ')
                    k--;
                if (t[k] != ' ')   /* no space: cut at a character */
                    for (k = DERIVED_TITLE_MAX;
                         k && ((unsigned char)t[k] & 0xC0) == 0x80; k--)
                        ;
                n = k;
                t = trim(t, &n);
            }
            if (silk_buf_append(out, t, n) < 0 ||
                (cut && silk_buf_append(out, "\xE2\x80\xA6", 3) < 0))
                return -1;
            return 0;
        }
        p = nl ? nl + 1 : end;
    }
    return silk_buf_append(out, "", 0);
}

/* Read a plain-text article (ext_len bytes of known extension, 0 for
 * another name) and deliver it. Returns 0, the callback's value or NOMEM;
 * every failure is reported as a problem. */
static int read_txt(walk_t *w, const char *path, size_t ext_len)
{
    char *raw = NULL, *extra = NULL, *id = NULL;
    size_t len, nbad = 0;
    silk_buf_t body = {0}, title = {0};
    meta_t m = {0};
    const char *zmsg;
    int rc = 0;
    int err = slurp(w, path, false, &raw, &len, &zmsg);
    if (err == ENOMEM) {
        rc = no_memory(w, path, 0, len);
        goto done;
    }
    if (err) {
        slurp_problem(w, path, err, len, zmsg, "a file");
        goto done;
    }
    const char *text = raw;
    size_t n = len;
    const char *nul = memchr(raw, '\0', len);
    if (nul) {
        problem(w, SILK_PROBLEM_BINARY, path, 0,
                "NUL byte at offset %zu: not a text file",
                (size_t)(nul - raw));
        goto done;
    }
    if (has_bom(text, n)) {
        text += 3;
        n -= 3;
    }
    if (all_space(text, n)) {
        problem(w, SILK_PROBLEM_EMPTY, path, 0,
                len ? "only white space" : "empty file");
        goto done;
    }
    int how = DEC_UTF8;
    bool in_file = false;
    if (silk_utf8_valid(text, n, NULL)) {
        /* UTF-8 already: the file's buffer is the body (a 200 MB file is
         * not held twice). */
        body.p = raw;
        body.cap = len + 1;
        body.len = lf_only(raw + (size_t)(text - raw), n);
        /* No CR removed: every offset of the body is one of the file's. */
        in_file = body.len == n && strcmp(path, SILK_READER_STDIN) != 0;
        memmove(raw, text, body.len + 1);
        raw = NULL;
    } else {
        how = decode_text(text, n, &body, &nbad);
        if (how < 0)
            goto nomem;
        free(raw);
        raw = NULL;
    }
    if (how == DEC_REPAIRED)
        problem(w, SILK_PROBLEM_INVALID_UTF8, path, 0,
                "%zu invalid UTF-8 sequence%s replaced with U+FFFD", nbad,
                nbad == 1 ? "" : "s");
    if ((rc = meta_read(w, path, ext_len, &m)) != 0)
        goto done;
    if (!m.title || !*m.title) {
        if (derive_title(body.p, body.len, &title) < 0)
            goto nomem;
    } else if (silk_buf_append(&title, m.title, strlen(m.title)) < 0)
        goto nomem;
    if (m.id && strlen(m.id) > SILK_MAX_ID_BYTES) {
        problem(w, SILK_PROBLEM_BAD_ID, path, 0,
                "id of %zu bytes (at most %d): article skipped",
                strlen(m.id), SILK_MAX_ID_BYTES);
        goto done;
    }
    if (!m.id && !(id = path_id(w, path, ext_len, "")))
        goto nomem;
    if (m.extra && json_object_size(m.extra) > 0 &&
        !(extra = json_dumps(m.extra, JSON_COMPACT)))
        goto nomem;
    char date[SILK_DATE_BYTES] = "";
    if (m.date && !m.bad_date)
        silk_date_normalize(m.date, date);
    silk_article_t a = {
        .id = m.id ? m.id : id,
        .title = title.p,
        .body = body.p,
        .body_len = body.len,
        .date = date,
        .source = m.source ? m.source : "",
        .url = m.url ? m.url : "",
        .path = path,
        .extra = extra ? extra : "{}",
        .line = 0,
        .index = 1,
        .invalid_utf8 = how == DEC_REPAIRED,
        .cp1252 = how == DEC_CP1252 || m.cp1252,
        .bad_date = m.bad_date,
        .body_in_file = in_file,
        .body_offset = in_file ? (size_t)(len - n) : 0,
    };
    if (w->cbs->article)
        rc = w->cbs->article(w->ctx, &a);
    goto done;
nomem:
    rc = no_memory(w, path, 0, len);
done:
    free(raw);
    free(body.p);
    free(title.p);
    free(id);
    free(extra);
    meta_clear(&m);
    return rc;
}

/* ---- JSON objects -> articles ---- */

/* "a string", "an array", ... for reasons; static storage. */
static const char *json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* A JSON string value as a C string with LF line ends: NUL characters
 * (\u0000) become U+FFFD (and *replaced is set) and CRs go, in the scratch
 * buffer b; otherwise the string is borrowed from v. *len gets its length.
 * NULL when memory ran out. */
static const char *jstr(const json_t *v, silk_buf_t *b, bool *replaced,
                        size_t *len)
{
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    bool nul = strlen(s) != n, cr = memchr(s, '\r', n) != NULL;
    *len = n;
    if (!nul && !cr)
        return s;
    b->len = 0;
    if (silk_buf_reserve(b, nul ? 3 * n : n) < 0)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i])
            b->p[b->len++] = s[i];
        else {
            memcpy(b->p + b->len, SILK_UTF8_REPLACEMENT, 3);
            b->len += 3;
            *replaced = true;
        }
    }
    b->p[b->len] = '\0';
    b->len = lf_only(b->p, b->len);
    *len = b->len;
    return b->p;
}

/* Optional string field key of obj: *out = its value, or NULL if absent or
 * null. Returns false (and reports BAD_JSON) for another type. */
static bool opt_string(walk_t *w, const char *path, unsigned long ln,
                       json_t *obj, const char *key, const json_t **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v)) {
        problem(w, SILK_PROBLEM_BAD_JSON, path, ln,
                "\"%s\" must be a string, not %s", key, json_kind(v));
        return false;
    }
    *out = v;
    return true;
}

static const char *const known_keys[] = {"id", "title", "body", "date",
                                         "source", "url"};

/* Where a JSON article was found, and the id it gets without one. */
typedef struct jloc {
    const char *path;
    unsigned long line, index;
    const char *suffix;      /* ":12", ":3", "": after the file's id */
    size_t strip;            /* the file's extension, dropped from its id */
    bool id_required;        /* standard input: no path to derive one */
    size_t nbad;             /* ill-formed UTF-8 repaired in its text */
} jloc_t;

/* The names of obj's keys ("id, text, when"), for a reason; into b. */
static const char *key_list(json_t *obj, silk_buf_t *b)
{
    const char *key;
    json_t *val;
    b->len = 0;
    json_object_foreach(obj, key, val) {
        if (b->len > 80) {
            silk_buf_append(b, ", ...", 5);
            break;
        }
        if ((b->len && silk_buf_append(b, ", ", 2) < 0) ||
            silk_buf_append(b, key, strlen(key)) < 0)
            break;
    }
    return b->p ? b->p : "none";
}

/* Turn one parsed JSON value into an article and deliver it. Returns 0,
 * the callback's value or NOMEM; a bad one is reported. */
static int json_article(walk_t *w, const jloc_t *at, json_t *obj)
{
    const char *path = at->path;
    unsigned long ln = at->line;
    json_t *extra_obj = NULL;
    char *extra = NULL, *idnum = NULL, *pid = NULL;
    silk_buf_t sb[6] = {{0}}, title_buf = {0};
    bool nul = false;
    int rc = 0;
    size_t n;

    if (!json_is_object(obj)) {
        problem(w, SILK_PROBLEM_BAD_JSON, path, ln,
                "expected a JSON object, got %s", json_kind(obj));
        return 0;
    }
    json_t *idv = json_object_get(obj, "id"), *bodyv = json_object_get(obj, "body");
    const char *id = NULL;
    if (idv && json_is_string(idv)) {
        if (!(id = jstr(idv, &sb[0], &nul, &n)))
            goto nomem;
    } else if (idv && json_is_number(idv)) {
        if (!(idnum = json_dumps(idv, JSON_ENCODE_ANY | JSON_COMPACT)))
            goto nomem;
        id = idnum;
    } else if (idv && !json_is_null(idv)) {
        problem(w, SILK_PROBLEM_BAD_JSON, path, ln,
                "\"id\" must be a string or a number, not %s", json_kind(idv));
        goto done;
    }
    if (id && !*id && !at->id_required) {
        problem(w, SILK_PROBLEM_BAD_ID, path, ln,
                "\"id\" is empty: its place in the file gives the id");
        id = NULL;
    }
    if (!id && at->id_required) {
        problem(w, SILK_PROBLEM_BAD_JSON, path, ln, "%s\"id\": an article "
                "on standard input needs its own id (a line number is "
                "none)", idv ? "empty " : "missing ");
        goto done;
    }
    if (id && strlen(id) > SILK_MAX_ID_BYTES) {
        problem(w, SILK_PROBLEM_BAD_ID, path, ln,
                "\"id\" of %zu bytes (at most %d): article skipped",
                strlen(id), SILK_MAX_ID_BYTES);
        goto done;
    }
    if (bodyv && !json_is_null(bodyv) && !json_is_string(bodyv)) {
        problem(w, SILK_PROBLEM_BAD_JSON, path, ln,
                "\"body\" must be a string, not %s", json_kind(bodyv));
        goto done;
    }
    const json_t *tv, *dv, *sv, *uv;
    if (!opt_string(w, path, ln, obj, "title", &tv) ||
        !opt_string(w, path, ln, obj, "date", &dv) ||
        !opt_string(w, path, ln, obj, "source", &sv) ||
        !opt_string(w, path, ln, obj, "url", &uv))
        goto done;
    size_t body_len = 0;
    const char *body = bodyv && json_is_string(bodyv)
                           ? jstr(bodyv, &sb[1], &nul, &body_len) : "";
    const char *title = tv ? jstr(tv, &sb[2], &nul, &n) : "";
    const char *date_in = dv ? jstr(dv, &sb[3], &nul, &n) : "";
    const char *source = sv ? jstr(sv, &sb[4], &nul, &n) : "";
    const char *url = uv ? jstr(uv, &sb[5], &nul, &n) : "";
    if (!body || !title || !date_in || !source || !url)
        goto nomem;
    if (all_space(title, strlen(title))) {
        if (all_space(body, body_len)) {
            problem(w, SILK_PROBLEM_EMPTY, path, ln,
                    "no title and no body: nothing to index (its fields: %s)",
                    key_list(obj, &title_buf));
            goto done;
        }
        if (derive_title(body, body_len, &title_buf) < 0)
            goto nomem;
        title = title_buf.p;
    }
    if (!(extra_obj = json_object()))
        goto nomem;
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val) {
        bool known = false;
        for (size_t i = 0; i < sizeof known_keys / sizeof *known_keys; i++)
            known = known || strcmp(key, known_keys[i]) == 0;
        if (!known && json_object_set(extra_obj, key, val) < 0)
            goto nomem;
    }
    if (json_object_size(extra_obj) &&
        !(extra = json_dumps(extra_obj, JSON_COMPACT)))
        goto nomem;
    char date[SILK_DATE_BYTES] = "";
    bool bad_date = *date_in && !silk_date_normalize(date_in, date);
    if (bad_date)
        problem(w, SILK_PROBLEM_BAD_DATE, path, ln,
                "impossible or unreadable date \"%.40s\"", date_in);
    if (at->nbad)
        problem(w, SILK_PROBLEM_INVALID_UTF8, path, ln,
                "%zu invalid UTF-8 sequence%s replaced with U+FFFD", at->nbad,
                at->nbad == 1 ? "" : "s");
    else if (nul)
        problem(w, SILK_PROBLEM_INVALID_UTF8, path, ln,
                "NUL characters (\\u0000) replaced with U+FFFD");
    if (!id && !(id = pid = path_id(w, path, at->strip, at->suffix)))
        goto nomem;
    silk_article_t a = {
        .id = id,
        .title = title,
        .body = body,
        .body_len = body_len,
        .date = date,
        .source = source,
        .url = url,
        .path = path,
        .extra = extra ? extra : "{}",
        .line = ln,
        .index = at->index,
        .invalid_utf8 = at->nbad > 0 || nul,
        .bad_date = bad_date,
    };
    if (w->cbs->article)
        rc = w->cbs->article(w->ctx, &a);
    goto done;
nomem:
    rc = no_memory(w, path, ln, 0);
done:
    json_decref(extra_obj);
    free(extra);
    free(idnum);
    free(pid);
    free(title_buf.p);
    for (size_t i = 0; i < 6; i++)
        free(sb[i].p);
    return rc;
}

/* ---- JSON Lines, a bounded piece at a time ---- */

/* A gzip'ed or plain byte stream, buffered. */
typedef struct src {
    gzFile gz;
    unsigned char *buf;
    size_t pos, len;
    bool eof;
    const char *error;       /* gzerror()'s message after a failed read */
    bool nomem;
} src_t;

/* Refill s when it is used up. Returns true when bytes are there. */
static bool src_more(src_t *s)
{
    if (s->pos < s->len)
        return true;
    if (s->eof || s->error)
        return false;
    int r = gzread(s->gz, s->buf, SRC_BUF_BYTES), zerr = Z_OK;
    const char *msg = r <= 0 ? gz_message(s->gz, &zerr) : NULL;
    if (r < 0 || zerr != Z_OK) {
        /* A gzip stream cut short ends with 0 bytes and Z_BUF_ERROR. */
        s->error = msg;
        s->nomem = zerr == Z_MEM_ERROR;
        return false;
    }
    s->pos = 0;
    s->len = (size_t)r;
    if (r == 0)
        s->eof = true;
    return r > 0;
}

/* One line on its way to the JSON parser: json_load_callback pulls its
 * bytes through feed(), which decodes them a piece at a time (UTF-8
 * repaired) and stops at the line's end. */
typedef struct feed {
    src_t *src;
    size_t limit;                 /* 0: none */
    unsigned long long raw;       /* bytes of the line taken so far */
    size_t probe_at;              /* next memory probe (line length) */
    bool bom;                     /* drop a BOM at the start (line 1) */
    bool ended, newline;          /* the line ended (with '\n') */
    bool nonspace;                /* a byte other than a blank */
    bool nul, too_large, nomem;   /* why feed() stopped the parser */
    size_t nbad;                  /* bytes replaced by U+FFFD */
    unsigned char carry[4];       /* a sequence split across pieces */
    size_t ncarry;
    const char *out;              /* decoded bytes waiting for the parser */
    size_t nout;
    silk_buf_t fixed;                  /* decoded piece when repaired */
    char piece[FEED_PIECE + 8];   /* carry + raw piece */
} feed_t;

/* Is this a byte of white space a JSON line may be blank with? */
static bool json_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Take the next piece of the line from the stream and decode it into
 * f->out. Returns 0, or -1 to stop the parser (limit, NUL, memory). */
static int feed_piece(feed_t *f)
{
    src_t *s = f->src;
    size_t np = f->ncarry, avail = 0;
    const unsigned char *nl = NULL;

    memcpy(f->piece, f->carry, f->ncarry);
    f->ncarry = 0;
    if (src_more(s)) {
        avail = s->len - s->pos;
        if (avail > FEED_PIECE)
            avail = FEED_PIECE;
        nl = memchr(s->buf + s->pos, '\n', avail);
        if (nl)
            avail = (size_t)(nl - (s->buf + s->pos));
        memcpy(f->piece + np, s->buf + s->pos, avail);
        s->pos += avail + (nl ? 1 : 0);
        np += avail;
    } else if (s->nomem) {
        f->nomem = true;
        return -1;
    }
    if (nl || !src_more(s)) {
        f->ended = true;
        f->newline = nl != NULL;
    }
    if (f->bom && f->raw == 0 && np >= 3 && has_bom(f->piece, np)) {
        memmove(f->piece, f->piece + 3, np - 3);
        np -= 3;
        avail -= avail >= 3 ? 3 : avail;
    }
    f->raw += avail;
    if (f->limit && f->raw > f->limit) {
        f->too_large = true;
        return -1;
    }
    if (f->raw >= f->probe_at) {
        /* jansson holds the line's text and then its strings: try the
         * next step's memory now, while failing is still safe. */
        void *probe = f->raw < SIZE_MAX / 4 ? malloc((size_t)f->raw * 3)
                                            : NULL;
        if (!probe) {
            f->nomem = true;
            return -1;
        }
        free(probe);
        f->probe_at = (size_t)f->raw * 2;
    }
    if (memchr(f->piece, '\0', np)) {
        f->nul = true;
        return -1;
    }
    for (size_t i = 0; i < np && !f->nonspace; i++)
        f->nonspace = !json_blank((unsigned char)f->piece[i]);
    if (!f->ended) {
        f->ncarry = silk_utf8_open_tail((const unsigned char *)f->piece, np);
        np -= f->ncarry;
        memcpy(f->carry, f->piece + np, f->ncarry);
    }
    if (silk_utf8_valid(f->piece, np, NULL)) {
        f->out = f->piece;
        f->nout = np;
        return 0;
    }
    f->fixed.len = 0;
    if (silk_utf8_repair(&f->fixed, f->piece, np, &f->nbad) < 0) {
        f->nomem = true;
        return -1;
    }
    f->out = f->fixed.p;
    f->nout = f->fixed.len;
    return 0;
}

/* json_load_callback's source: the line's decoded bytes, then EOF. */
static size_t feed(void *buffer, size_t buflen, void *data)
{
    feed_t *f = data;
    while (f->nout == 0) {
        if (f->ended && f->ncarry == 0)
            return 0;
        if (feed_piece(f) < 0)
            return (size_t)-1;
    }
    size_t n = f->nout < buflen ? f->nout : buflen;
    memcpy(buffer, f->out, n);
    f->out += n;
    f->nout -= n;
    return n;
}

/* Read and drop the rest of the line the parser left; count its bytes. */
static void feed_drain(feed_t *f)
{
    src_t *s = f->src;
    f->nout = 0;
    while (!f->ended) {
        if (!src_more(s)) {
            f->ended = true;
            break;
        }
        size_t avail = s->len - s->pos;
        const unsigned char *nl = memchr(s->buf + s->pos, '\n', avail);
        if (nl) {
            avail = (size_t)(nl - (s->buf + s->pos));
            f->ended = f->newline = true;
        }
        s->pos += avail + (nl ? 1 : 0);
        f->raw += avail;
    }
}

/* Read JSON Lines from path (plain or gzip'ed; SILK_READER_STDIN: standard
 * input), one article a line. Returns 0, the callback's value or NOMEM;
 * problems are reported. */
static int read_jsonl(walk_t *w, const char *path, size_t strip)
{
    bool in = strcmp(path, SILK_READER_STDIN) == 0;
    src_t s = {0};
    feed_t *f = NULL;
    unsigned long lines = 0, ln;
    int rc = 0;

    if (in) {
        int fd = dup(STDIN_FILENO);
        s.gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
        if (!s.gz && fd >= 0)
            close(fd);
    } else {
        s.gz = gzopen(path, "rb");
    }
    if (!s.gz) {
        if (errno == ENOMEM || errno == 0)
            return no_memory(w, path, 0, 0);
        problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s", strerror(errno));
        return 0;
    }
    gzbuffer(s.gz, SRC_BUF_BYTES);
    s.buf = malloc(SRC_BUF_BYTES);
    f = calloc(1, sizeof *f);
    if (!s.buf || !f) {
        rc = no_memory(w, path, 0, 0);
        goto done;
    }
    if (src_more(&s) && memchr(s.buf, '\0', s.len < BINARY_SNIFF_BYTES
                                                 ? s.len : BINARY_SNIFF_BYTES)) {
        problem(w, SILK_PROBLEM_BINARY, path, 0,
                "NUL bytes in the first %d bytes: not a text file",
                BINARY_SNIFF_BYTES);
        goto done;
    }
    jloc_t at = {path, 0, 0, NULL, strip, in, 0};
    for (ln = 1; !s.error && (src_more(&s)); ln++) {
        char suffix[32];
        json_error_t jerr;
        silk_buf_t fixed = f->fixed;
        memset(f, 0, offsetof(feed_t, fixed));
        f->fixed = fixed;
        f->src = &s;
        f->limit = w->max_bytes;
        f->probe_at = MEMORY_PROBE_FROM;
        f->bom = ln == 1;
        json_t *v = json_load_callback(feed, f, JSON_REJECT_DUPLICATES |
                                                JSON_ALLOW_NUL, &jerr);
        feed_drain(f);
        if (f->nomem || (!v && json_error_code(&jerr) ==
                                   json_error_out_of_memory)) {
            json_decref(v);
            rc = no_memory(w, path, ln, f->raw);
            goto done;
        }
        if (s.error && !s.eof)
            break;      /* reported below: the line is not whole */
        if (f->too_large) {
            json_decref(v);
            too_large(w, path, ln, "a line", f->raw);
            continue;
        }
        if (f->nul) {
            json_decref(v);
            problem(w, SILK_PROBLEM_BINARY, path, ln,
                    "NUL byte: not a line of text: skipped");
            continue;
        }
        if (!f->nonspace) {
            json_decref(v);
            continue;
        }
        lines++;
        if (!v) {
            problem(w, SILK_PROBLEM_BAD_JSON, path, ln,
                    "%sinvalid JSON at column %d: %s",
                    f->newline ? "" : "truncated last line: ", jerr.column,
                    jerr.text);
            continue;
        }
        snprintf(suffix, sizeof suffix, ":%lu", ln);
        at.line = ln;
        at.index = ln;
        at.suffix = suffix;
        at.nbad = f->nbad;
        rc = json_article(w, &at, v);
        json_decref(v);
        if (rc != 0)
            goto done;
    }
    if (s.error) {
        if (s.nomem) {
            rc = no_memory(w, path, ln, 0);
            goto done;
        }
        problem(w, SILK_PROBLEM_UNREADABLE, path, ln,
                "damaged gzip data (%s): the rest of the file is not read",
                s.error);
    } else if (lines == 0) {
        problem(w, SILK_PROBLEM_EMPTY, path, 0, "no JSON lines%s",
                ln > 1 ? ", only white space" : ": empty file");
    }
done:
    gzclose(s.gz);
    free(s.buf);
    if (f)
        free(f->fixed.p);
    free(f);
    return rc;
}

/* ---- JSON files: an array of articles, or one ---- */

static size_t skip_json_ws(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
                     s[i] == '\r'))
        i++;
    return i;
}

/* Read a .json file (plain or gzip'ed): one article object, or an array of
 * them, parsed one element at a time so that problems have their line.
 * Returns 0, the callback's value or NOMEM. */
static int read_json(walk_t *w, const char *path, size_t strip, bool gz)
{
    char *raw = NULL;
    size_t len, nbad = 0;
    silk_buf_t fixed = {0};
    const char *zmsg;
    int rc = 0;
    int err = slurp(w, path, gz, &raw, &len, &zmsg);
    if (err == ENOMEM)
        return no_memory(w, path, 0, len);
    if (err) {
        slurp_problem(w, path, err, len, zmsg, "a JSON file (read whole)");
        return 0;
    }
    const char *s = raw;
    size_t n = len;
    if (memchr(s, '\0', n < BINARY_SNIFF_BYTES ? n : BINARY_SNIFF_BYTES)) {
        problem(w, SILK_PROBLEM_BINARY, path, 0,
                "NUL bytes in the first %d bytes: not a text file",
                BINARY_SNIFF_BYTES);
        goto done;
    }
    if (has_bom(s, n)) {
        s += 3;
        n -= 3;
    }
    if (!silk_utf8_valid(s, n, NULL)) {
        if (silk_utf8_repair(&fixed, s, n, &nbad) < 0) {
            rc = no_memory(w, path, 0, len);
            goto done;
        }
        problem(w, SILK_PROBLEM_INVALID_UTF8, path, 0,
                "%zu invalid UTF-8 sequence%s replaced with U+FFFD", nbad,
                nbad == 1 ? "" : "s");
        s = fixed.p;
        n = fixed.len;
    }
    size_t i = skip_json_ws(s, 0, n), seen = 0, done_to = 0;
    unsigned long line = 1;
    bool array = i < n && s[i] == '[';
    if (i == n) {
        problem(w, SILK_PROBLEM_EMPTY, path, 0, "%s",
                len ? "only white space" : "empty file");
        goto done;
    }
    if (array)
        i = skip_json_ws(s, i + 1, n);
    for (unsigned long index = 1;; index++) {
        for (; done_to < i; done_to++)
            line += s[done_to] == '\n';
        if (array && i < n && s[i] == ']' && index == 1)
            break;
        json_error_t jerr;
        json_t *v = json_loadb(s + i, n - i, JSON_DISABLE_EOF_CHECK |
                               JSON_DECODE_ANY | JSON_REJECT_DUPLICATES |
                               JSON_ALLOW_NUL, &jerr);
        if (!v) {
            if (json_error_code(&jerr) == json_error_out_of_memory) {
                rc = no_memory(w, path, line, n);
                goto done;
            }
            problem(w, SILK_PROBLEM_BAD_JSON, path,
                    line + (unsigned long)(jerr.line > 0 ? jerr.line - 1 : 0),
                    "invalid JSON at column %d: %s%s", jerr.column, jerr.text,
                    array ? ": the rest of the file is not read" : "");
            goto done;
        }
        char suffix[32] = "";
        if (array)
            snprintf(suffix, sizeof suffix, ":%lu", index);
        jloc_t at = {path, line, index, suffix, strip, false, 0};
        rc = json_article(w, &at, v);
        json_decref(v);
        seen++;
        if (rc != 0)
            goto done;
        i = skip_json_ws(s, i + (size_t)jerr.position, n);
        if (!array)
            break;
        if (i < n && s[i] == ',') {
            i = skip_json_ws(s, i + 1, n);
            continue;
        }
        if (i < n && s[i] == ']')
            break;
        for (; done_to < i; done_to++)
            line += s[done_to] == '\n';
        problem(w, SILK_PROBLEM_BAD_JSON, path, line,
                "expected ',' or ']' after article %lu: the rest of the file "
                "is not read", index);
        goto done;
    }
    if (array)
        i = skip_json_ws(s, i + 1, n);
    if (i < n) {
        for (; done_to < i; done_to++)
            line += s[done_to] == '\n';
        problem(w, SILK_PROBLEM_BAD_JSON, path, line,
                "text after the JSON %s: ignored", array ? "array" : "object");
    } else if (array && seen == 0) {
        problem(w, SILK_PROBLEM_EMPTY, path, 0, "an empty JSON array");
    }
done:
    free(raw);
    free(fixed.p);
    return rc;
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
            problem(w, SILK_PROBLEM_UNREADABLE, path, 0,
                    "symlink loop: this directory is already being walked");
            return 0;
        }
    if (w->depth == MAX_DEPTH) {
        problem(w, SILK_PROBLEM_UNREADABLE, path, 0,
                "directories nested deeper than %d levels", MAX_DEPTH);
        return 0;
    }
    DIR *d = opendir(path);
    if (!d) {
        problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s", strerror(errno));
        return 0;
    }
    char **names = NULL, *child = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            char **p = realloc(names, ncap * sizeof *p);
            if (!p)
                goto nomem;
            names = p;
            cap = ncap;
        }
        if (!(names[n] = strdup(e->d_name)))
            goto nomem;
        n++;
    }
    qsort(names, n, sizeof *names, cmp_names);
    w->stack[w->depth].dev = st->st_dev;
    w->stack[w->depth].ino = st->st_ino;
    w->depth++;
    size_t plen = strlen(path);
    bool slash = plen && path[plen - 1] == '/';
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t clen = plen + 1 + strlen(names[i]) + 1;
        if (!(child = malloc(clen))) {
            w->depth--;
            goto nomem;
        }
        snprintf(child, clen, "%s%s%s", path, slash ? "" : "/", names[i]);
        rc = walk_path(w, child, false);
        free(child);
        child = NULL;
    }
    w->depth--;
    goto done;
nomem:
    rc = no_memory(w, path, 0, 0);
done:
    closedir(d);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
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
            problem(w, SILK_PROBLEM_UNREADABLE, path, 0,
                    "broken symbolic link");
        else
            problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s", strerror(err));
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return walk_dir(w, path, &st);
    const char *base = base_name(path);
    size_t ext_len;
    bool gz;
    ftype_t t = file_type(base, &ext_len, &gz);
    const char *why = NULL;
    if (t == F_META)
        why = named ? "a sidecar: it is read with its article's .txt" : "";
    else if ((t == F_TXT || t == F_OTHER) && !named && !w->all_files &&
             about_file(base))
        why = "a README or licence, not an article";
    else if (t == F_OTHER && !named && !w->all_files)
        why = strchr(base, '.') ? "not an article file" : "no extension";
    if (why) {
        if (*why && w->cbs->skipped)
            w->cbs->skipped(w->ctx, path, why);
        return 0;
    }
    if (!S_ISREG(st.st_mode)) {
        problem(w, SILK_PROBLEM_UNREADABLE, path, 0,
                "not a regular file or directory");
        return 0;
    }
    switch (t) {
    case F_JSONL: return read_jsonl(w, path, ext_len);
    case F_JSON: return read_json(w, path, ext_len, gz);
    default: return read_txt(w, path, ext_len);
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
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct stat st;
        w->root = paths[i];
        w->root_len = strlen(paths[i]);
        if (strcmp(paths[i], SILK_READER_STDIN) == 0) {
            w->root_is_dir = false;
            rc = read_jsonl(w, paths[i], 0);
            continue;
        }
        if (stat(paths[i], &st) < 0 && lstat(paths[i], &st) < 0)
            missing = SILK_WALK_MISSING;
        w->root_is_dir = S_ISDIR(st.st_mode);
        rc = walk_path(w, paths[i], true);
    }
    free(w);
    return rc ? rc : missing;
}
