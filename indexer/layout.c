/* layout.c: silk's own lock on an index directory, building beside an index
 * and swapping it in whole, clearing what a killed swap left, and Xapian's
 * checker — see layout.h. */
#define _GNU_SOURCE  /* renameat2, RENAME_EXCHANGE (glibc >= 2.28) */
#include "layout.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "silk_schema.h"
#include "silk_xapian.h"

/* How often a waiting writer tries the lock again, in ms: short next to
 * --lock-timeout's whole seconds, long enough not to spin. */
#define LOCK_POLL_MS 50

/* Suffixes of the two names beside an index (in its parent directory, as
 * ".NAME" + suffix, so that a walk of the parent skips them as hidden). */
#define FRESH_SUFFIX ".silk-new"
#define OLD_SUFFIX   ".silk-old"
#define BUILD_SUFFIX ".silk-build"

struct silk_layout_lock {
    int fd;  /* the index directory, flock'ed */
};

/* Sleep ms milliseconds. */
static void sleep_ms(unsigned ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Is there anything at path? */
static bool exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

/* See layout.h. */
void silk_layout_crash_point(const char *point)
{
    const char *at = getenv("SILK_INDEX_CRASH_AT");
    if (at && strcmp(at, point) == 0)
        raise(SIGKILL);
}

/* See layout.h. The lock is taken on the directory's inode; a swap moves
 * another inode to the path, so after getting the lock we check that the
 * path still names the inode we locked, and try again if not. */
int silk_layout_lock(silk_layout_lock_t **out, const char *index,
                     bool create, double timeout_s)
{
    double waited = 0;
    silk_layout_lock_t *l;

    *out = NULL;
    /* A swap killed half-way can leave no index at all: repair that first
     * (there is nothing to lock then). */
    if (!exists(index) && silk_layout_clear(index) != 0)
        return -1;
    l = malloc(sizeof *l);
    if (!l) {
        fprintf(stderr, "silk-index: out of memory\n");
        return -1;
    }
    for (;;) {
        struct stat a, b;
        int fd;

        if (create && mkdir(index, 0777) != 0 && errno != EEXIST) {
            free(l);
            return SILK_LAYOUT_NOLOCK;
        }
        fd = open(index, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            free(l);
            return SILK_LAYOUT_NOLOCK;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            close(fd);
            if (e != EWOULDBLOCK) {
                free(l);
                return SILK_LAYOUT_NOLOCK;  /* a file system without flock */
            }
            if (waited >= timeout_s) {
                free(l);
                return SILK_LAYOUT_BUSY;
            }
            sleep_ms(LOCK_POLL_MS);
            waited += LOCK_POLL_MS / 1000.0;
            continue;
        }
        if (fstat(fd, &a) == 0 && stat(index, &b) == 0 &&
            a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
            l->fd = fd;
            break;
        }
        close(fd);  /* swapped away while we waited: lock the new one */
    }
    *out = l;
    if (silk_layout_clear(index) != 0) {
        silk_layout_unlock(l);
        *out = NULL;
        return -1;
    }
    return SILK_LAYOUT_LOCKED;
}

/* See layout.h. */
void silk_layout_unlock(silk_layout_lock_t *lock)
{
    if (!lock)
        return;
    close(lock->fd);  /* releases the flock (with the children's copies) */
    free(lock);
}

/* index's path beside it with suffix: PARENT/.NAME<suffix>, malloc'ed;
 * NULL if out of memory or index ends in no usable name. */
static char *beside(const char *index, const char *suffix)
{
    size_t len = strlen(index), nlen, plen;
    const char *name;
    char *p;

    while (len > 1 && index[len - 1] == '/')
        len--;
    name = index + len;
    while (name > index && name[-1] != '/')
        name--;
    nlen = (size_t)(index + len - name);
    plen = (size_t)(name - index);
    if (nlen == 0 || (nlen == 1 && name[0] == '.') ||
        (nlen == 2 && name[0] == '.' && name[1] == '.') ||
        (nlen == 1 && name[0] == '/'))
        return NULL;
    p = malloc(plen + 1 + nlen + strlen(suffix) + 1);
    if (!p)
        return NULL;
    sprintf(p, "%.*s.%.*s%s", (int)plen, index, (int)nlen, name, suffix);
    return p;
}

/* See layout.h. */
char *silk_layout_fresh_path(const char *index)
{
    return beside(index, FRESH_SUFFIX);
}

/* See layout.h. */
char *silk_layout_build_path(const char *index)
{
    return beside(index, BUILD_SUFFIX);
}

/* nftw callback: remove an entry, children first. */
static int remove_entry(const char *path, const struct stat *sb, int type,
                        struct FTW *ftw)
{
    (void)sb;
    (void)type;
    (void)ftw;
    return remove(path) == 0 ? 0 : -1;
}

/* See layout.h. */
int silk_layout_remove_tree(const char *path)
{
    struct stat sb;

    if (lstat(path, &sb) != 0)
        return errno == ENOENT ? 0 : -1;
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

/* See layout.h. */
int silk_layout_clear(const char *index)
{
    char *fresh = beside(index, FRESH_SUFFIX);
    char *old = beside(index, OLD_SUFFIX);
    char *build = beside(index, BUILD_SUFFIX);
    int rc = -1;

    if (!fresh || !old || !build) {
        rc = 0;  /* no name to build beside: nothing was ever put there */
        goto done;
    }
    if (!exists(index) && exists(old)) {
        /* A two-rename swap was killed after moving the old index away:
         * the new one is complete (it is moved only then); else the old
         * one goes back. */
        const char *back = exists(fresh) ? fresh : old;
        if (rename(back, index) != 0) {
            fprintf(stderr, "silk-index: cannot finish the swap that was "
                    "stopped: renaming %s to %s: %s\n", back, index,
                    strerror(errno));
            goto done;
        }
        fprintf(stderr, "silk-index: finished a swap that was stopped: %s "
                "is the %s index\n", index, back == fresh ? "new" : "old");
    }
    if (silk_layout_remove_tree(fresh) != 0 ||
        silk_layout_remove_tree(old) != 0 ||
        silk_layout_remove_tree(build) != 0) {
        fprintf(stderr, "silk-index: cannot remove what a stopped rebuild "
                "or compaction left beside %s (%s, %s, %s): %s\n", index,
                fresh, old, build, strerror(errno));
        goto done;
    }
    rc = 0;
done:
    free(fresh);
    free(old);
    free(build);
    return rc;
}

/* Whether the exchange is to be skipped (a test hook: the two-rename path
 * of file systems that refuse RENAME_EXCHANGE). */
static bool no_exchange(void)
{
    const char *v = getenv("SILK_INDEX_NO_EXCHANGE");
    return v && v[0] && strcmp(v, "0") != 0;
}

/* See layout.h. */
int silk_layout_swap(const char *index, const char *fresh)
{
    char *old = NULL;
    int rc = -1;

    if (!exists(index)) {
        if (rename(fresh, index) != 0) {
            fprintf(stderr, "silk-index: cannot rename %s to %s: %s\n",
                    fresh, index, strerror(errno));
            return -1;
        }
        return 0;
    }
    if (!no_exchange() &&
        renameat2(AT_FDCWD, fresh, AT_FDCWD, index, RENAME_EXCHANGE) == 0) {
        silk_layout_crash_point("swapped");
        /* fresh now holds the old index. */
        if (silk_layout_remove_tree(fresh) != 0)
            fprintf(stderr, "silk-index: warning: cannot remove the old index "
                    "at %s: %s (the next run removes it)\n", fresh,
                    strerror(errno));
        return 0;
    }
    if (!no_exchange() && errno != EINVAL && errno != ENOSYS &&
        errno != ENOTSUP && errno != EPERM) {
        fprintf(stderr, "silk-index: cannot swap %s into place: %s; %s is "
                "unchanged\n", fresh, strerror(errno), index);
        return -1;
    }
    /* The file system refuses the exchange: two renames. */
    old = beside(index, OLD_SUFFIX);
    if (!old) {
        fprintf(stderr, "silk-index: out of memory\n");
        return -1;
    }
    if (silk_layout_remove_tree(old) != 0 || rename(index, old) != 0) {
        fprintf(stderr, "silk-index: cannot move %s aside to %s: %s; it is "
                "unchanged\n", index, old, strerror(errno));
        goto done;
    }
    silk_layout_crash_point("moved-aside");
    if (rename(fresh, index) != 0) {
        int e = errno;
        if (rename(old, index) != 0)
            fprintf(stderr, "silk-index: cannot rename %s to %s (%s), nor "
                    "put the old index back from %s: run silk-index again "
                    "to restore it\n", fresh, index, strerror(e), old);
        else
            fprintf(stderr, "silk-index: cannot rename %s to %s: %s; %s is "
                    "unchanged\n", fresh, index, strerror(e), index);
        goto done;
    }
    silk_layout_crash_point("swapped");
    if (silk_layout_remove_tree(old) != 0)
        fprintf(stderr, "silk-index: warning: cannot remove the old index at "
                "%s: %s (the next run removes it)\n", old, strerror(errno));
    rc = 0;
done:
    free(old);
    return rc;
}

/* See layout.h. */
long silk_layout_check_db(const char *path)
{
    unsigned long errors = 0;
    char *report = NULL;

    if (silk_db_check(&errors, &report, path) != SILK_OK) {
        printf("silk-index: %s: cannot be checked: %s\n", path,
               silk_errmsg());
        return -1;
    }
    if (errors == 0)
        printf("silk-index: %s: ok\n", path);
    else
        printf("silk-index: %s: %lu error%s: %s\n", path, errors,
               errors == 1 ? "" : "s", report);
    free(report);
    return (long)errors;
}

/* The name of the stamp file in a database directory: what the
 * directory's files were when silk last finished writing it. */
#define STAMP_NAME "silk-stamp"

/* Longest stamp: a line per file of a database directory (a handful). */
#define STAMP_MAX 4096

/* The signature of database directory dir into buf: "NAME SIZE MTIME INODE"
 * for each file but the locks and the stamp, in name order. Any write to a
 * table (by anyone, even restoring its size) changes it. Returns 0, or -1
 * if unreadable or too long. */
static int dir_signature(const char *dir, char *buf, size_t size)
{
    struct dirent **names = NULL;
    size_t used = 0;
    int n = scandir(dir, &names, NULL, alphasort), rc = 0;

    if (n < 0)
        return -1;
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        char p[4096];
        struct stat sb;
        int k;
        if (rc == 0 && name[0] != '.' && strcmp(name, "flintlock") != 0 &&
            strcmp(name, "silk-read.lock") != 0 && /* silk_db_hold's */
            strcmp(name, STAMP_NAME) != 0) {
            k = snprintf(p, sizeof p, "%s/%s", dir, name);
            if (k < 0 || (size_t)k >= sizeof p || lstat(p, &sb) != 0) {
                rc = -1;
            } else {
                k = snprintf(buf + used, size - used, "%s %lld %lld.%09ld "
                             "%llu\n", name, (long long)sb.st_size,
                             (long long)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec,
                             (unsigned long long)sb.st_ino);
                if (k < 0 || (size_t)k >= size - used)
                    rc = -1;
                else
                    used += (size_t)k;
            }
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

/* Whether database directory path holds a stamp equal to its signature. */
static bool stamp_matches(const char *path)
{
    char sig[STAMP_MAX], got[STAMP_MAX], p[4096];
    size_t len;
    FILE *fp;

    if (dir_signature(path, sig, sizeof sig) != 0 ||
        (size_t)snprintf(p, sizeof p, "%s/%s", path, STAMP_NAME) >= sizeof p)
        return false;
    fp = fopen(p, "r");
    if (!fp)
        return false;
    len = fread(got, 1, sizeof got - 1, fp);
    fclose(fp);
    got[len] = '\0';
    return strcmp(sig, got) == 0;
}

/* See layout.h. */
void silk_layout_stamp(const char *path)
{
    char sig[STAMP_MAX], p[4096], tmp[4096];
    FILE *fp;
    int bad;

    if (dir_signature(path, sig, sizeof sig) != 0 ||
        (size_t)snprintf(p, sizeof p, "%s/%s", path, STAMP_NAME) >= sizeof p ||
        (size_t)snprintf(tmp, sizeof tmp, "%s/.%s.tmp", path, STAMP_NAME) >=
            sizeof tmp)
        return;
    fp = fopen(tmp, "w");
    if (!fp)
        return;  /* no stamp: the next run checks in full */
    bad = fputs(sig, fp) < 0;
    bad |= fclose(fp) != 0;
    if (bad || rename(tmp, p) != 0)
        remove(tmp);
}

/* What silk_layout_verify adds up. */
typedef struct tally {
    unsigned long records, record_passages, terms, term_passages;
    unsigned long empty;  /* records of articles with no passage (all
                             boilerplate): they have no article term */
    bool unparsed;  /* a record of a shape we do not know: no passage sum */
} tally_t;

/* silk_db_metadata_foreach callback: count a record and its passages
 * (the record is "HASH NPASSAGES LINE PATH", docs/index-format.md; an
 * article may have no passage). */
static int tally_record(void *ctx, const char *key, const char *value)
{
    tally_t *t = ctx;
    const char *sp = strchr(value, ' ');
    char *end;
    unsigned long n;

    (void)key;
    t->records++;
    if (!sp) {
        t->unparsed = true;
        return 0;
    }
    errno = 0;
    n = strtoul(sp + 1, &end, 10);
    if (errno || end == sp + 1 || *end != ' ')
        t->unparsed = true;
    else
        t->record_passages += n;
    if (n == 0)
        t->empty++;
    return 0;
}

/* silk_db_terms_foreach callback: count an article term and its passages. */
static int tally_term(void *ctx, const char *term, unsigned long tf)
{
    tally_t *t = ctx;
    (void)term;
    t->terms++;
    t->term_passages += tf;
    return 0;
}

/* See layout.h. */
int silk_layout_verify(const char *path)
{
    silk_db_t *db = NULL;
    silk_db_stats_t stats;
    char *schema = NULL, *lang = NULL, *report = NULL, want[16], why[512];
    unsigned long errors = 0;
    tally_t t;
    int rc = -1;

    memset(&t, 0, sizeof t);
    why[0] = '\0';
    snprintf(want, sizeof want, "%d", SILK_SCHEMA_VERSION);
    if (silk_db_open_read(&db, &path, 1) != SILK_OK ||
        silk_db_stats(db, &stats) != SILK_OK ||
        silk_db_get_metadata(db, SILK_META_SCHEMA, &schema) != SILK_OK ||
        silk_db_get_metadata(db, SILK_META_LANG, &lang) != SILK_OK) {
        snprintf(why, sizeof why, "%s", silk_errmsg());
        goto done;
    }
    if (strcmp(schema, want) != 0) {
        rc = 0;  /* not ours, or another schema: the pipeline says so */
        goto done;
    }
    if (!lang[0]) {
        snprintf(why, sizeof why, "it has silk's schema but no %s",
                 SILK_META_LANG);
        goto done;
    }
    if (silk_db_metadata_foreach(db, SILK_META_ARTICLE, tally_record, &t) !=
            SILK_OK ||
        silk_db_terms_foreach(db, SILK_PREFIX_ARTICLE, tally_term, &t) !=
            SILK_OK) {
        snprintf(why, sizeof why, "%s", silk_errmsg());
        goto done;
    }
    if (t.term_passages != stats.doccount ||
        (!t.unparsed && (t.terms != t.records - t.empty ||
                         t.record_passages != stats.doccount))) {
        snprintf(why, sizeof why, "%lu article records (%lu passages), "
                 "%lu articles with %lu passages, and %lu documents",
                 t.records, t.record_passages, t.terms, t.term_passages,
                 stats.doccount);
        goto done;
    }
    silk_db_free(db);
    db = NULL;
    if (stamp_matches(path)) {
        rc = 0;  /* as silk's last finished run left it: checked then */
        goto done;
    }
    if (silk_db_check(&errors, &report, path) != SILK_OK) {
        snprintf(why, sizeof why, "%s", silk_errmsg());
        goto done;
    }
    if (errors > 0) {
        snprintf(why, sizeof why, "Xapian's check: %s", report);
        goto done;
    }
    rc = 0;
done:
    if (rc != 0)
        fprintf(stderr, "silk-index: the index at %s is damaged (%s); "
                "nothing was written to it: see what Xapian finds with "
                "silk-index --check -i %s, or start over with silk-index "
                "--rebuild -i %s CORPUS\n", path, why, path, path);
    free(schema);
    free(lang);
    free(report);
    silk_db_free(db);
    return rc;
}
