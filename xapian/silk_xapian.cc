/* silk_xapian.cc: the C shim over libxapian 1.4 (implements silk_xapian.h);
 * the only C++ in silk and the only file that sees <xapian.h>. */
/* In C++ the function silk_db_stats() "hides" the struct tag of the same
 * name (harmless: C keeps tags apart, and C++ callers use the typedef). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include "silk_xapian.h"
#pragma GCC diagnostic pop

#include <xapian.h>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
/* Under AddressSanitizer (-DSILK_SANITIZE=ON, the fuzz build): libxapian
 * 1.4.22's Database::check deletes one of its table objects through a
 * pointer to a type 8 bytes smaller (its bug, in check_; harmless with
 * glibc's allocator), which ASan's sized-delete check reports and aborts
 * on, so silk_db_check could not run. That one check is off; the shim does
 * no polymorphic deletes of its own, and every other check stays on. The
 * environment's ASAN_OPTIONS still override it. */
extern "C" const char *__asan_default_options(void);
extern "C" const char *__asan_default_options(void)
{
    return "new_delete_type_mismatch=0";
}
#endif

/* ---- errors ------------------------------------------------------------- */

/* One line for a terminal; longer Xapian messages are cut, not wrapped. */
#define SILK_ERRMSG_MAX 1024
/* A read (search, metadata, terms, statistics) is retried this many times
 * after DatabaseModifiedError, each time on a reopened database, then gives
 * up: a writer committing faster than we can read. A reopen is cheap and a
 * writer committing every 100 articles can discard two revisions during
 * one long read, so a few attempts are not enough. */
#define SILK_MODIFIED_RETRIES 10
/* Sleep between attempts to take the write lock: short enough that a
 * released lock is noticed quickly, long enough not to spin. */
#define SILK_LOCK_POLL_MS 20

static thread_local char errbuf[SILK_ERRMSG_MAX];

/* Store "ctx path: msg (detail)" as this thread's message, on one line;
 * path and detail may be NULL. Never throws. */
static void set_msg(const char *ctx, const char *path, const char *msg,
                    const char *detail)
{
    int n = snprintf(errbuf, sizeof errbuf, "%s%s%s: %s", ctx,
                     path ? " " : "", path ? path : "", msg);
    if (detail && *detail && n >= 0 && static_cast<size_t>(n) < sizeof errbuf)
        snprintf(errbuf + n, sizeof errbuf - static_cast<size_t>(n), " (%s)",
                 detail);
    for (char *p = errbuf; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
}

/* Whether path names something on disk (a missing path is NOT_FOUND, an
 * existing path Xapian cannot read is CORRUPT). */
static bool path_exists(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0;
}

/* True if e says another writer holds the lock (Xapian 1.4: "...: already
 * locked"), not that the lock could not be taken at all (a read-only file
 * system, no locking support, no file descriptors left). */
static bool lock_held(const Xapian::DatabaseLockError &e)
{
    return e.get_msg().find("already locked") != std::string::npos;
}

/* The one exception firewall: called from a catch block, maps the exception
 * in flight to a status and sets the thread's message "ctx path: <Xapian's
 * message>". path (may be NULL) is the database concerned; for an open it
 * also tells "nothing there" (NOT_FOUND) from "something there that is not
 * a database" (CORRUPT). */
static silk_status_t fail(const char *ctx, const char *path = nullptr) noexcept
{
    silk_status_t st = SILK_ERROR;
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        st = lock_held(e) ? SILK_LOCKED : SILK_ERROR;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::DatabaseNotFoundError &e) {
        st = SILK_NOT_FOUND;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::DatabaseVersionError &e) {
        st = SILK_CORRUPT;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::DatabaseOpeningError &e) {
        /* e.g. a plain file that is not a stub: "Bad line". */
        st = (path && !path_exists(path)) ? SILK_NOT_FOUND : SILK_CORRUPT;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::DatabaseCorruptError &e) {
        st = SILK_CORRUPT;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::DatabaseModifiedError &e) {
        st = SILK_MODIFIED;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::NetworkError &e) { /* and NetworkTimeoutError */
        st = SILK_NETWORK;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::InvalidArgumentError &e) {
        st = SILK_INVALID;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::InvalidOperationError &e) {
        st = SILK_INVALID;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::UnimplementedError &e) {
        /* A query shape Xapian cannot run (e.g. a phrase of non-terms):
         * the caller asked for something invalid. */
        st = SILK_INVALID;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::Error &e) {
        st = SILK_ERROR;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const std::bad_alloc &) {
        st = SILK_NO_MEMORY;
        set_msg(ctx, path, "out of memory", nullptr);
    } catch (const std::exception &e) {
        st = SILK_ERROR;
        set_msg(ctx, path, e.what(), nullptr);
    } catch (...) {
        st = SILK_ERROR;
        set_msg(ctx, path, "unknown error", nullptr);
    }
    return st;
}

/* Fail with st and the message "ctx path: msg" (no exception involved). */
static silk_status_t fail_with(silk_status_t st, const char *ctx,
                               const char *msg,
                               const char *path = nullptr) noexcept
{
    set_msg(ctx, path, msg, nullptr);
    return st;
}

extern "C" const char *silk_status_str(silk_status_t st)
{
    switch (st) {
    case SILK_OK: return "ok";
    case SILK_NOT_FOUND: return "not found";
    case SILK_LOCKED: return "locked";
    case SILK_MODIFIED: return "modified";
    case SILK_CORRUPT: return "corrupt";
    case SILK_INVALID: return "invalid argument";
    case SILK_NO_MEMORY: return "out of memory";
    case SILK_NETWORK: return "network error";
    case SILK_ERROR: return "error";
    case SILK_NOT_INDEX: return "not a silk index";
    }
    return "unknown status";
}

extern "C" const char *silk_errmsg(void)
{
    return errbuf;
}

/* Copy s into a malloc'ed NUL-terminated string; NULL when out of memory. */
static char *dup_c(const std::string &s)
{
    char *p = static_cast<char *>(malloc(s.size() + 1));
    if (p) {
        memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
    }
    return p;
}

/* ---- databases ---------------------------------------------------------- */

struct silk_db {
    Xapian::Database db;          /* what searches read (== wdb if writable) */
    Xapian::WritableDatabase wdb; /* valid only when writable */
    bool writable = false;
    /* Writers always hold an open (unflushed) transaction so that changes
     * not committed by silk_db_commit can be cancelled on free. */
    bool in_txn = false;
    std::string name;             /* first path, for messages */
    /* A remote shard is part of db: counts then come from a search of
     * their own (see silk_db_search). */
    bool has_remote = false;
    /* In-memory value tables for fast exact counts (see value_tables()). */
    std::shared_ptr<struct silk_value_tables> vt;
};

/* Non-NULL db, and writable when want_write: else SILK_INVALID. */
static silk_status_t check_db(silk_db_t *db, bool want_write, const char *ctx)
{
    if (!db)
        return fail_with(SILK_INVALID, ctx, "no database");
    if (want_write && !db->writable)
        return fail_with(SILK_INVALID, ctx, "database is open for reading only");
    return SILK_OK;
}

/* Run read() against db; when a writer's commits discarded the revision it
 * was reading (DatabaseModifiedError), reopen db at the latest revision and
 * run read() again from the start, up to SILK_MODIFIED_RETRIES times. read()
 * must be restartable: it gathers its result and hands nothing to C before
 * it returns. A writable database reads its own revision: never retried. */
template <typename F> static void read_retry(silk_db_t *db, F read)
{
    for (int attempt = 0;; attempt++) {
        try {
            read();
            return;
        } catch (const Xapian::DatabaseModifiedError &) {
            if (db->writable || attempt >= SILK_MODIFIED_RETRIES)
                throw;
            db->db.reopen();
        }
    }
}

extern "C" silk_status_t silk_db_open_read(silk_db_t **out,
                                           const char *const *paths, size_t n)
{
    silk_db_t *db = nullptr;
    const char *cur = nullptr;
    if (out)
        *out = nullptr;
    try {
        if (!out || !paths || n == 0)
            return fail_with(SILK_INVALID, "open", "no database path given");
        db = new silk_db_t;
        for (size_t i = 0; i < n; i++) {
            cur = paths[i];
            if (!cur || !*cur) {
                delete db;
                return fail_with(SILK_INVALID, "open", "empty database path");
            }
            /* Opening reads the latest revision's root blocks, which a
             * writer's next commits can discard under us, as for any read. */
            for (int attempt = 0;; attempt++) {
                try {
                    db->db.add_database(Xapian::Database(cur));
                    break;
                } catch (const Xapian::DatabaseModifiedError &) {
                    if (attempt >= SILK_MODIFIED_RETRIES)
                        throw;
                }
            }
        }
        db->name = paths[0];
        *out = db;
        return SILK_OK;
    } catch (...) {
        delete db;
        return fail("cannot open", cur);
    }
}

extern "C" silk_status_t silk_db_open_remote(silk_db_t **out,
                                             const char *host, unsigned port,
                                             unsigned timeout_ms)
{
    silk_db_t *db = nullptr;
    if (out)
        *out = nullptr;
    try {
        if (!out || !host || !*host || port == 0 || port > 65535)
            return fail_with(SILK_INVALID, "open remote", "no host or port");
        db = new silk_db_t;
        db->name = std::string(host) + ":" + std::to_string(port);
        db->db = Xapian::Remote::open(host, port, timeout_ms, timeout_ms);
        db->has_remote = true;
        *out = db;
        return SILK_OK;
    } catch (...) {
        std::string name = std::string(host ? host : "") + ":" +
                           std::to_string(port);
        delete db;
        return fail("cannot open remote shard", name.c_str());
    }
}

extern "C" silk_status_t silk_db_add(silk_db_t *db, silk_db_t *other)
{
    silk_status_t st = check_db(db, false, "add database");
    if (st != SILK_OK)
        return st;
    if ((st = check_db(other, false, "add database")) != SILK_OK)
        return st;
    if (db->writable || other->writable)
        return fail_with(SILK_INVALID, "add database",
                         "only databases open for reading can be combined");
    try {
        db->db.add_database(other->db);
        db->has_remote = db->has_remote || other->has_remote;
        return SILK_OK;
    } catch (...) {
        return fail("cannot add a database to", db->name.c_str());
    }
}

/* Open path for writing, retrying a held lock until lock_wait_ms passed;
 * throws what Xapian throws (DatabaseLockError once the wait is over). */
static Xapian::WritableDatabase open_writable(const char *path, int flags,
                                              unsigned lock_wait_ms)
{
    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + std::chrono::milliseconds(lock_wait_ms);
    for (;;) {
        try {
            return Xapian::WritableDatabase(path, flags);
        } catch (const Xapian::DatabaseLockError &e) {
            if (!lock_held(e))
                throw;  /* read-only, no lock support: waiting won't help */
            auto now = clock::now();
            if (now >= deadline)
                throw;
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - now);
            std::this_thread::sleep_for(
                std::min(left, std::chrono::milliseconds(SILK_LOCK_POLL_MS)));
        }
    }
}

extern "C" silk_status_t silk_db_open_write(silk_db_t **out, const char *path,
                                            int create, unsigned lock_wait_ms)
{
    silk_db_t *db = nullptr;
    if (out)
        *out = nullptr;
    try {
        if (!out || !path || !*path)
            return fail_with(SILK_INVALID, "open for writing",
                             "no database path given");
        db = new silk_db_t;
        db->wdb = open_writable(path,
                                create ? Xapian::DB_CREATE_OR_OPEN
                                       : Xapian::DB_OPEN,
                                lock_wait_ms);
        db->db = db->wdb;
        db->writable = true;
        db->name = path;
        /* Unflushed: begin does not commit, and commit_transaction() only
         * ends the transaction; silk_db_commit commits explicitly. */
        db->wdb.begin_transaction(false);
        db->in_txn = true;
        *out = db;
        return SILK_OK;
    } catch (...) {
        silk_status_t st =
            fail("cannot open", path);
        if (st == SILK_LOCKED) {
            /* Say how long we waited: the user can tell a stuck writer from
             * a slow one. */
            char waited[64];
            snprintf(waited, sizeof waited, " (gave up after %u ms)",
                     lock_wait_ms);
            size_t len = strlen(errbuf);
            snprintf(errbuf + len, sizeof errbuf - len, "%s", waited);
        }
        delete db;
        return st;
    }
}

extern "C" silk_status_t silk_db_commit(silk_db_t *db)
{
    silk_status_t st = check_db(db, true, "commit");
    if (st != SILK_OK)
        return st;
    try {
        if (db->in_txn) {
            db->wdb.commit_transaction();
            db->in_txn = false;
        }
        db->wdb.commit();
        db->wdb.begin_transaction(false);
        db->in_txn = true;
        return SILK_OK;
    } catch (...) {
        st = fail("cannot commit to", db->name.c_str());
        /* Xapian discards the failed changes; keep the invariant that
         * nothing is ever committed implicitly. */
        if (!db->in_txn) {
            try {
                db->wdb.begin_transaction(false);
                db->in_txn = true;
            } catch (...) {
            }
        }
        return st;
    }
}

extern "C" void silk_db_free(silk_db_t *db)
{
    if (!db)
        return;
    try {
        if (db->writable) {
            if (db->in_txn)
                db->wdb.cancel_transaction();
            db->in_txn = false;
            /* Nothing is pending now, so close() commits nothing. */
            db->wdb.close();
        }
    } catch (...) {
        /* free cannot report; the last commit is intact either way. */
    }
    delete db;
}

extern "C" silk_status_t silk_db_reopen(silk_db_t *db)
{
    silk_status_t st = check_db(db, false, "reopen");
    if (st != SILK_OK)
        return st;
    try {
        db->db.reopen();
        return SILK_OK;
    } catch (...) {
        return fail("cannot reopen", db->name.c_str());
    }
}

extern "C" silk_status_t silk_db_stats(silk_db_t *db, silk_db_stats_t *out)
{
    if (out)
        *out = silk_db_stats_t{0, 0, 0.0};
    silk_status_t st = check_db(db, false, "stats");
    if (st != SILK_OK)
        return st;
    if (!out)
        return fail_with(SILK_INVALID, "stats", "no output");
    try {
        silk_db_stats_t s;
        read_retry(db, [&] {
            s.doccount = db->db.get_doccount();
            s.lastdocid = db->db.get_lastdocid();
            s.avlength = db->db.get_avlength();
        });
        *out = s;
        return SILK_OK;
    } catch (...) {
        return fail("cannot read statistics of", db->name.c_str());
    }
}

extern "C" silk_status_t silk_db_termfreq(silk_db_t *db, const char *term,
                                          unsigned long *out)
{
    if (out)
        *out = 0;
    silk_status_t st = check_db(db, false, "termfreq");
    if (st != SILK_OK)
        return st;
    if (!term || !out)
        return fail_with(SILK_INVALID, "termfreq", "no term or output");
    try {
        unsigned long tf = 0;
        read_retry(db, [&] { tf = db->db.get_termfreq(term); });
        *out = tf;
        return SILK_OK;
    } catch (...) {
        return fail("cannot read term frequency in", db->name.c_str());
    }
}

extern "C" silk_status_t silk_db_get_metadata(silk_db_t *db, const char *key,
                                              char **out)
{
    if (out)
        *out = nullptr;
    silk_status_t st = check_db(db, false, "get metadata");
    if (st != SILK_OK)
        return st;
    if (!key || !out)
        return fail_with(SILK_INVALID, "get metadata", "no key or output");
    try {
        std::string value;
        read_retry(db, [&] { value = db->db.get_metadata(key); });
        char *v = dup_c(value);
        if (!v)
            throw std::bad_alloc();
        *out = v;
        return SILK_OK;
    } catch (...) {
        return fail("cannot read metadata of", db->name.c_str());
    }
}

extern "C" silk_status_t silk_db_set_metadata(silk_db_t *db, const char *key,
                                              const char *value)
{
    silk_status_t st = check_db(db, true, "set metadata");
    if (st != SILK_OK)
        return st;
    if (!key || !value)
        return fail_with(SILK_INVALID, "set metadata", "no key or value");
    try {
        db->wdb.set_metadata(key, value);
        return SILK_OK;
    } catch (...) {
        return fail("cannot set metadata in", db->name.c_str());
    }
}

extern "C" silk_status_t silk_db_metadata_foreach(silk_db_t *db,
                                                  const char *prefix,
                                                  silk_metadata_cb cb,
                                                  void *ctx)
{
    silk_status_t st = check_db(db, false, "metadata");
    if (st != SILK_OK)
        return st;
    if (!cb)
        return fail_with(SILK_INVALID, "metadata", "no callback");
    try {
        /* Gathered first, so that a retry never calls cb twice for a key,
         * and every pair comes from one revision. */
        const std::string pfx = prefix ? prefix : "";
        std::vector<std::pair<std::string, std::string>> kv;
        read_retry(db, [&] {
            kv.clear();
            for (auto it = db->db.metadata_keys_begin(pfx);
                 it != db->db.metadata_keys_end(pfx); ++it)
                kv.emplace_back(*it, db->db.get_metadata(*it));
        });
        for (const auto &p : kv)
            if (cb(ctx, p.first.c_str(), p.second.c_str()))
                break;
        return SILK_OK;
    } catch (...) {
        return fail("cannot list metadata of", db->name.c_str());
    }
}

extern "C" silk_status_t silk_db_terms_foreach(silk_db_t *db,
                                               const char *prefix,
                                               silk_term_cb cb, void *ctx)
{
    silk_status_t st = check_db(db, false, "terms");
    if (st != SILK_OK)
        return st;
    if (!cb)
        return fail_with(SILK_INVALID, "terms", "no callback");
    try {
        /* Gathered first, as in silk_db_metadata_foreach. */
        const std::string pfx = prefix ? prefix : "";
        std::vector<std::pair<std::string, unsigned long>> terms;
        read_retry(db, [&] {
            terms.clear();
            for (auto it = db->db.allterms_begin(pfx);
                 it != db->db.allterms_end(pfx); ++it)
                terms.emplace_back(*it, it.get_termfreq());
        });
        for (const auto &t : terms)
            if (cb(ctx, t.first.c_str(), t.second))
                break;
        return SILK_OK;
    } catch (...) {
        return fail("cannot list terms of", db->name.c_str());
    }
}

extern "C" silk_status_t silk_db_compact(const char *const *srcs, size_t n,
                                         const char *dest)
{
    const char *cur = nullptr;
    try {
        if (!srcs || n == 0 || !dest || !*dest)
            return fail_with(SILK_INVALID, "compact", "no sources or destination");
        /* Xapian would silently overwrite a database already at dest. */
        if (path_exists(dest))
            return fail_with(SILK_INVALID, "cannot compact into", "destination exists",
                             dest);
        Xapian::Database src;
        for (size_t i = 0; i < n; i++) {
            cur = srcs[i];
            if (!cur || !*cur)
                return fail_with(SILK_INVALID, "compact", "empty source path");
            src.add_database(Xapian::Database(cur));
        }
        cur = nullptr;
        src.compact(dest);
        return SILK_OK;
    } catch (...) {
        if (cur)
            return fail("cannot open", cur);
        return fail("cannot compact into", dest);
    }
}

extern "C" silk_status_t silk_db_check(unsigned long *out, char **report,
                                       const char *path)
{
    if (out)
        *out = 0;
    if (report)
        *report = nullptr;
    try {
        if (!out || !report || !path || !*path)
            return fail_with(SILK_INVALID, "check", "no database path given");
        if (!path_exists(path))
            return fail_with(SILK_NOT_FOUND, "cannot check",
                             "no such database", path);
        std::ostringstream log;
        size_t errors = Xapian::Database::check(path, 0, &log);
        /* The checker prints one line per table, then one per error. */
        std::string text = log.str(), first;
        std::istringstream lines(text);
        for (std::string l; std::getline(lines, l);)
            if (!l.empty() && l.back() != ':' && l.find("blocksize=") ==
                std::string::npos && first.empty())
                first = l;
        *report = dup_c(errors ? first : std::string());
        if (!*report)
            return fail_with(SILK_NO_MEMORY, "check", "out of memory", path);
        *out = errors;
        return SILK_OK;
    } catch (const Xapian::DatabaseError &e) {
        /* The checker stops at damage it cannot walk past: one error. */
        *report = dup_c(e.get_msg());
        if (!*report)
            return fail_with(SILK_NO_MEMORY, "check", "out of memory", path);
        *out = 1;
        return SILK_OK;
    } catch (...) {
        return fail("cannot check", path);
    }
}

/* ---- documents ---------------------------------------------------------- */

struct silk_doc {
    Xapian::Document doc;
};

extern "C" silk_status_t silk_doc_new(silk_doc_t **out)
{
    if (!out)
        return fail_with(SILK_INVALID, "new document", "no output");
    *out = nullptr;
    try {
        *out = new silk_doc_t;
        return SILK_OK;
    } catch (...) {
        return fail("new document");
    }
}

extern "C" void silk_doc_free(silk_doc_t *doc)
{
    delete doc;
}

/* A term argument: non-NULL doc, and a term that is non-empty. */
static silk_status_t check_term(const silk_doc_t *doc, const char *term,
                                size_t len, const char *ctx)
{
    if (!doc)
        return fail_with(SILK_INVALID, ctx, "no document");
    if (!term || len == 0)
        return fail_with(SILK_INVALID, ctx, "empty term");
    return SILK_OK;
}

extern "C" silk_status_t silk_doc_add_posting(silk_doc_t *doc,
                                              const char *term, size_t len,
                                              unsigned pos, unsigned wdfinc)
{
    silk_status_t st = check_term(doc, term, len, "add posting");
    if (st != SILK_OK)
        return st;
    try {
        doc->doc.add_posting(std::string(term, len), pos, wdfinc);
        return SILK_OK;
    } catch (...) {
        return fail("add posting");
    }
}

extern "C" silk_status_t silk_doc_add_term(silk_doc_t *doc, const char *term,
                                           size_t len, unsigned wdfinc)
{
    silk_status_t st = check_term(doc, term, len, "add term");
    if (st != SILK_OK)
        return st;
    try {
        doc->doc.add_term(std::string(term, len), wdfinc);
        return SILK_OK;
    } catch (...) {
        return fail("add term");
    }
}

extern "C" silk_status_t silk_doc_add_boolean_term(silk_doc_t *doc,
                                                   const char *term, size_t len)
{
    silk_status_t st = check_term(doc, term, len, "add boolean term");
    if (st != SILK_OK)
        return st;
    try {
        doc->doc.add_boolean_term(std::string(term, len));
        return SILK_OK;
    } catch (...) {
        return fail("add boolean term");
    }
}

extern "C" silk_status_t silk_doc_set_value(silk_doc_t *doc, unsigned slot,
                                            const char *val, size_t len)
{
    if (!doc || (!val && len))
        return fail_with(SILK_INVALID, "set value", "no document or value");
    if (slot == Xapian::BAD_VALUENO)
        return fail_with(SILK_INVALID, "set value", "bad value slot");
    try {
        doc->doc.add_value(slot, val ? std::string(val, len) : std::string());
        return SILK_OK;
    } catch (...) {
        return fail("set value");
    }
}

extern "C" silk_status_t silk_doc_set_data(silk_doc_t *doc, const char *data,
                                           size_t len)
{
    if (!doc || (!data && len))
        return fail_with(SILK_INVALID, "set data", "no document or data");
    try {
        doc->doc.set_data(data ? std::string(data, len) : std::string());
        return SILK_OK;
    } catch (...) {
        return fail("set data");
    }
}

extern "C" silk_status_t silk_db_add_doc(silk_db_t *db, const silk_doc_t *doc,
                                         unsigned *out)
{
    if (out)
        *out = 0;
    silk_status_t st = check_db(db, true, "add document");
    if (st != SILK_OK)
        return st;
    if (!doc)
        return fail_with(SILK_INVALID, "add document", "no document");
    try {
        Xapian::docid id = db->wdb.add_document(doc->doc);
        if (out)
            *out = id;
        return SILK_OK;
    } catch (...) {
        return fail("cannot add a document to", db->name.c_str());
    }
}

extern "C" silk_status_t silk_db_replace_doc(silk_db_t *db,
                                             const char *unique_term,
                                             const silk_doc_t *doc)
{
    silk_status_t st = check_db(db, true, "replace document");
    if (st != SILK_OK)
        return st;
    if (!doc || !unique_term || !*unique_term)
        return fail_with(SILK_INVALID, "replace document",
                         "no document or unique term");
    try {
        db->wdb.replace_document(unique_term, doc->doc);
        return SILK_OK;
    } catch (...) {
        return fail("cannot replace a document in", db->name.c_str());
    }
}

extern "C" silk_status_t silk_db_delete_docs(silk_db_t *db, const char *term)
{
    silk_status_t st = check_db(db, true, "delete documents");
    if (st != SILK_OK)
        return st;
    if (!term || !*term)
        return fail_with(SILK_INVALID, "delete documents", "empty term");
    try {
        db->wdb.delete_document(term);
        return SILK_OK;
    } catch (...) {
        return fail("cannot delete documents from", db->name.c_str());
    }
}

/* ---- queries ------------------------------------------------------------ */

struct silk_query {
    Xapian::Query q;
};

/* Wrap q in a new handle in *out. Throws std::bad_alloc. */
static silk_status_t new_query(silk_query_t **out, const Xapian::Query &q)
{
    silk_query_t *h = new silk_query_t;
    h->q = q;
    *out = h;
    return SILK_OK;
}

extern "C" silk_status_t silk_query_term(silk_query_t **out, const char *term,
                                         size_t len, unsigned wqf, unsigned pos)
{
    if (!out)
        return fail_with(SILK_INVALID, "term query", "no output");
    *out = nullptr;
    /* Xapian reads the empty term as "match everything": refuse it. */
    if (!term || len == 0)
        return fail_with(SILK_INVALID, "term query", "empty term");
    try {
        return new_query(out, Xapian::Query(std::string(term, len), wqf, pos));
    } catch (...) {
        return fail("term query");
    }
}

extern "C" silk_status_t silk_query_combine(silk_query_t **out, silk_op_t op,
                                            silk_query_t *const *subs,
                                            size_t n, unsigned window)
{
    if (!out)
        return fail_with(SILK_INVALID, "combine queries", "no output");
    *out = nullptr;
    if (n && !subs)
        return fail_with(SILK_INVALID, "combine queries", "no subqueries");
    Xapian::Query::op xop;
    switch (op) {
    case SILK_OP_AND: xop = Xapian::Query::OP_AND; break;
    case SILK_OP_OR: xop = Xapian::Query::OP_OR; break;
    case SILK_OP_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
    case SILK_OP_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; break;
    case SILK_OP_FILTER: xop = Xapian::Query::OP_FILTER; break;
    case SILK_OP_PHRASE: xop = Xapian::Query::OP_PHRASE; break;
    case SILK_OP_NEAR: xop = Xapian::Query::OP_NEAR; break;
    case SILK_OP_SYNONYM: xop = Xapian::Query::OP_SYNONYM; break;
    default:
        return fail_with(SILK_INVALID, "combine queries", "unknown operator");
    }
    try {
        if (n == 0)
            return new_query(out, Xapian::Query::MatchNothing);
        std::vector<Xapian::Query> qs;
        qs.reserve(n);
        for (size_t i = 0; i < n; i++) {
            if (!subs[i])
                return fail_with(SILK_INVALID, "combine queries",
                                 "NULL subquery");
            qs.push_back(subs[i]->q);
        }
        bool windowed = op == SILK_OP_PHRASE || op == SILK_OP_NEAR;
        return new_query(out, Xapian::Query(xop, qs.begin(), qs.end(),
                                            windowed ? window : 0));
    } catch (...) {
        return fail("combine queries");
    }
}

extern "C" silk_status_t silk_query_value_range(silk_query_t **out,
                                                unsigned slot, const char *lo,
                                                const char *hi)
{
    if (!out)
        return fail_with(SILK_INVALID, "value range", "no output");
    *out = nullptr;
    if (slot == Xapian::BAD_VALUENO)
        return fail_with(SILK_INVALID, "value range", "bad value slot");
    try {
        bool open_lo = !lo || !*lo, open_hi = !hi;
        if (open_lo && open_hi)
            /* Every non-empty value is >= "\0": documents with a value in
             * slot (Xapian reads VALUE_GE "" as match-all instead). */
            return new_query(out, Xapian::Query(Xapian::Query::OP_VALUE_GE,
                                                slot, std::string(1, '\0')));
        if (open_lo)
            return new_query(out, Xapian::Query(Xapian::Query::OP_VALUE_LE,
                                                slot, hi));
        if (open_hi)
            return new_query(out, Xapian::Query(Xapian::Query::OP_VALUE_GE,
                                                slot, lo));
        return new_query(out, Xapian::Query(Xapian::Query::OP_VALUE_RANGE,
                                            slot, lo, hi));
    } catch (...) {
        return fail("value range");
    }
}

extern "C" silk_status_t silk_query_scale(silk_query_t **out,
                                          const silk_query_t *q, double factor)
{
    if (!out)
        return fail_with(SILK_INVALID, "scale query", "no output");
    *out = nullptr;
    if (!q)
        return fail_with(SILK_INVALID, "scale query", "no query");
    if (!std::isfinite(factor) || factor < 0)
        return fail_with(SILK_INVALID, "scale query",
                         "factor must be finite and >= 0");
    try {
        return new_query(out, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                            q->q, factor));
    } catch (...) {
        return fail("scale query");
    }
}

extern "C" silk_status_t silk_query_fixed(silk_query_t **out,
                                          const silk_query_t *q, double weight)
{
    if (!out)
        return fail_with(SILK_INVALID, "fixed-weight query", "no output");
    *out = nullptr;
    if (!q)
        return fail_with(SILK_INVALID, "fixed-weight query", "no query");
    if (!std::isfinite(weight) || weight < 0)
        return fail_with(SILK_INVALID, "fixed-weight query",
                         "weight must be finite and >= 0");
    try {
        /* The source gives every document exactly weight; FILTER keeps the
         * documents matching q and takes no weight from it. The source is
         * built in, so the query serialises for remote shards. release()
         * hands ownership to the Query. */
        Xapian::PostingSource *ps = new Xapian::FixedWeightPostingSource(weight);
        Xapian::Query src(ps->release());
        return new_query(out, Xapian::Query(Xapian::Query::OP_FILTER, src, q->q));
    } catch (...) {
        return fail("fixed-weight query");
    }
}

extern "C" silk_status_t silk_query_match_all(silk_query_t **out)
{
    if (!out)
        return fail_with(SILK_INVALID, "match-all query", "no output");
    *out = nullptr;
    try {
        return new_query(out, Xapian::Query::MatchAll);
    } catch (...) {
        return fail("match-all query");
    }
}

extern "C" silk_status_t silk_query_match_nothing(silk_query_t **out)
{
    if (!out)
        return fail_with(SILK_INVALID, "match-nothing query", "no output");
    *out = nullptr;
    try {
        return new_query(out, Xapian::Query::MatchNothing);
    } catch (...) {
        return fail("match-nothing query");
    }
}

extern "C" char *silk_query_describe(const silk_query_t *q)
{
    if (!q) {
        fail_with(SILK_INVALID, "describe query", "no query");
        return nullptr;
    }
    try {
        char *s = dup_c(q->q.get_description());
        if (!s)
            throw std::bad_alloc();
        return s;
    } catch (...) {
        fail("describe query");
        return nullptr;
    }
}

extern "C" void silk_query_free(silk_query_t *q)
{
    delete q;
}

/* ---- searching ---------------------------------------------------------- */

extern "C" void silk_search_opts_init(silk_search_opts_t *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->k1 = 1;
    o->k2 = 0;
    o->k3 = 1;
    o->b = 0.5;
    o->min_normlen = 0.5;
    o->collapse_slot = -1;
    o->collapse_max = 1;
    o->sort_slot = -1;
    o->sort_reverse = 0;
    o->sort_then_slot = -1;
    o->sort_unset_last = 0;
    o->offset = 0;
    o->limit = 10;
    o->check_at_least = 0;
    o->count_slots = nullptr;
    o->ncount_slots = 0;
    o->tiebreak_slot = -1;
    o->keys_only = 0;
    o->unweighted = 0;
}

struct silk_hit {
    Xapian::docid docid;
    double weight;
    std::string sort_key, collapse_key;
    bool fetched;             /* data and values read */
    std::string data;
    std::vector<std::pair<Xapian::valueno, std::string>> values; /* by slot */
};

struct silk_counts {
    Xapian::valueno slot;
    std::vector<std::pair<std::string, Xapian::doccount>> counts; /* by value */
};

struct silk_mset {
    Xapian::MSet m;           /* what silk_mset_fetch reads documents from */
    std::vector<silk_hit> hits;
    unsigned long estimated = 0, lower = 0, upper = 0;
    std::vector<silk_counts> counts;
};

/* Options that Xapian would silently clamp or misread: SILK_INVALID. */
static silk_status_t check_opts(const silk_search_opts_t *o)
{
    const double p[] = {o->k1, o->k2, o->k3, o->b, o->min_normlen};
    for (double v : p)
        if (!std::isfinite(v) || v < 0)
            return fail_with(SILK_INVALID, "search",
                             "BM25 parameters must be finite and >= 0");
    if (o->b > 1)
        return fail_with(SILK_INVALID, "search", "BM25 b must be in [0, 1]");
    if (o->collapse_slot < -1 || o->sort_slot < -1 || o->tiebreak_slot < -1 ||
        o->sort_then_slot < -1)
        return fail_with(SILK_INVALID, "search", "bad collapse or sort slot");
    if ((o->ncount_slots && !o->count_slots) ||
        (o->nhit_slots && !o->hit_slots))
        return fail_with(SILK_INVALID, "search", "no count or hit slots");
    return SILK_OK;
}

/* ---- fast exact counts -------------------------------------------------- */

/* Exact counts read every match's value in each counted slot, and
 * Xapian's ValueCountMatchSpy looks each one up in the value table: most
 * of the time of a counted search. A reader that counts again (silk-query
 * --batch) instead reads each counted slot once into memory, the value id
 * of every document, and counts ids: the same counts, several times
 * faster. Only for one local database open for reading: a spy sees a
 * shard's own docids, and a remote shard runs its spies itself (a spy of
 * ours cannot travel, so a remote one falls back on its first search). */

/* Most documents a slot is read into memory for: 4 bytes a document a
 * slot (16 MB a slot at this size); a bigger index counts with the spy. */
#define SILK_VALUE_TABLE_MAX_DOCS 4000000u

/* Counting searches on a handle before its slots are read into memory:
 * a one-shot search must not pay for reading every document's values. */
#define SILK_VALUE_TABLE_AFTER 1u

struct silk_value_table {
    Xapian::valueno slot;
    std::vector<std::string> names;   /* value id -> value; id 0 is "" */
    std::vector<uint32_t> ids;        /* docid -> value id */
};

struct silk_value_tables {
    bool off = false;                 /* count with the spy from now on */
    unsigned long searches = 0;       /* counting searches so far */
    Xapian::rev rev = 0;              /* the revision the tables describe */
    std::vector<silk_value_table> t;
};

/* Read slot of db into a new table at the end of vt. Throws what Xapian
 * throws, and std::bad_alloc. */
static void value_table_read(silk_value_tables &vt, Xapian::Database &db,
                             Xapian::valueno slot, Xapian::docid last)
{
    silk_value_table t;
    std::unordered_map<std::string, uint32_t> ids;
    t.slot = slot;
    t.names.emplace_back();
    t.ids.assign(static_cast<size_t>(last) + 1, 0);
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot);
         ++it) {
        Xapian::docid did = it.get_docid();
        std::string v = *it;
        if (did > last || v.empty())
            continue;
        auto r = ids.emplace(v, static_cast<uint32_t>(t.names.size()));
        if (r.second)
            t.names.push_back(std::move(v));
        t.ids[did] = r.first->second;
    }
    vt.t.push_back(std::move(t));
}

/* The tables of o's count slots for db, in count_slots order, read now if
 * needed; empty when the counts are to come from ValueCountMatchSpy (no
 * counts asked, too early, not one local reader, too big). Throws what
 * Xapian throws (DatabaseModifiedError is retried by the caller). */
static std::vector<const silk_value_table *>
value_tables(silk_db_t *sdb, const silk_search_opts_t *o)
{
    std::vector<const silk_value_table *> out;
    if (o->ncount_slots == 0 || sdb->writable)
        return out;
    if (!sdb->vt)
        sdb->vt = std::make_shared<silk_value_tables>();
    silk_value_tables &vt = *sdb->vt;
    if (vt.off || vt.searches++ < SILK_VALUE_TABLE_AFTER)
        return out;
    Xapian::Database &db = sdb->db;
    Xapian::docid last = db.get_lastdocid();
    if (db.size() != 1 || last > SILK_VALUE_TABLE_MAX_DOCS) {
        vt.off = true;
        vt.t.clear();
        return out;
    }
    Xapian::rev rev = db.get_revision();
    if (rev != vt.rev) {
        vt.t.clear();
        vt.rev = rev;
    }
    for (size_t i = 0; i < o->ncount_slots; i++) {
        bool have = false;
        for (const auto &t : vt.t)
            have = have || t.slot == o->count_slots[i];
        if (!have)
            value_table_read(vt, db, o->count_slots[i], last);
    }
    for (size_t i = 0; i < o->ncount_slots; i++)
        for (const auto &t : vt.t)
            if (t.slot == o->count_slots[i]) {
                out.push_back(&t);
                break;
            }
    return out;
}

/* A match spy counting value ids in the tables. */
class silk_table_spy : public Xapian::MatchSpy {
  public:
    std::vector<const silk_value_table *> tabs;
    std::vector<std::vector<Xapian::doccount>> counts; /* [table][value id] */

    explicit silk_table_spy(const std::vector<const silk_value_table *> &t)
        : tabs(t)
    {
        for (const auto *tab : tabs)
            counts.emplace_back(tab->names.size(), 0);
    }

    void operator()(const Xapian::Document &doc, double) override
    {
        Xapian::docid did = doc.get_docid();
        for (size_t i = 0; i < tabs.size(); i++)
            if (did < tabs[i]->ids.size())
                counts[i][tabs[i]->ids[did]]++;
    }
};

/* Copy doc's data and values into h. Throws what Xapian throws. */
static void read_doc(silk_hit &h, const Xapian::Document &doc)
{
    h.data = doc.get_data();
    h.values.clear();
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
        h.values.emplace_back(v.get_valueno(), *v);
    h.fetched = true;
}

/* ---- hit values without document reads -------------------------------- */

/* A keys-only search's hit_slots are read for every document the match
 * looks at, by a spy: the matcher hands it each document in docid order,
 * whose values stream cheaply, where reading them from the hits'
 * documents afterwards costs a lookup each (about 5 us, ten times a
 * spy's). A spy sees a shard's own docid, so with several shards a
 * record is keyed by that docid and the document's sort value (an article
 * lives in one shard); a hit finds its record by its docid in the
 * combined database (Xapian interleaves shards: (local - 1) * shards +
 * shard + 1) and its sort key.
 * A remote shard runs spies of its own and cannot run this one: its hits
 * read their documents. */
class silk_key_spy : public Xapian::MatchSpy {
  public:
    struct rec {
        Xapian::docid did;    /* the shard's own */
        size_t at;            /* in arena: [sort value,] the slots' values,
                                 each after its length (4 bytes) */
    };
    std::vector<Xapian::valueno> slots;
    Xapian::valueno sort_slot;   /* BAD_VALUENO: one database, no need */
    const Xapian::KeyMaker *km;  /* with sort_slot: the sort key is km's
                                    (borrowed: the search's), not the
                                    slot's value */
    std::vector<rec> seen;       /* sorted by finish() */
    std::string arena;           /* one allocation for all values */

    silk_key_spy(const std::vector<Xapian::valueno> &s, Xapian::valueno sort,
                 const Xapian::KeyMaker *k)
        : slots(s), sort_slot(sort), km(k)
    {
    }

    void put(const std::string &v)
    {
        uint32_t len = static_cast<uint32_t>(v.size());
        arena.append(reinterpret_cast<const char *>(&len), sizeof len);
        arena += v;
    }

    void operator()(const Xapian::Document &doc, double) override
    {
        seen.push_back(rec{doc.get_docid(), arena.size()});
        if (sort_slot != Xapian::BAD_VALUENO)
            put(km ? (*km)(doc) : doc.get_value(sort_slot));
        for (Xapian::valueno slot : slots)
            put(doc.get_value(slot));
    }

    /* The length-prefixed value at arena[*at], stepping *at past it. */
    std::string take(size_t *at) const
    {
        uint32_t len;
        memcpy(&len, arena.data() + *at, sizeof len);
        *at += sizeof len + len;
        return arena.substr(*at - len, len);
    }

    /* Whether r is the record of did with sort value sort. */
    bool is(const rec &r, Xapian::docid did, const std::string &sort) const
    {
        if (r.did != did)
            return false;
        if (sort_slot == Xapian::BAD_VALUENO)
            return true;
        size_t at = r.at;
        return take(&at) == sort;
    }

    /* Sort the records by docid for find(): the match hands them over in
     * docid order shard by shard. */
    void finish()
    {
        std::stable_sort(seen.begin(), seen.end(),
                         [](const rec &a, const rec &b) { return a.did < b.did; });
    }

    /* The values of did (sort: its sort value) into out, in slot order;
     * false if the match did not show it to the spy. */
    bool find(Xapian::docid did, const std::string &sort,
              std::vector<std::pair<Xapian::valueno, std::string>> &out) const
    {
        auto it = std::lower_bound(
            seen.begin(), seen.end(), did,
            [](const rec &r, Xapian::docid d) { return r.did < d; });
        for (; it != seen.end() && it->did == did; ++it) {
            if (!is(*it, did, sort))
                continue;
            size_t at = it->at;
            if (sort_slot != Xapian::BAD_VALUENO)
                take(&at);
            for (Xapian::valueno slot : slots) {
                std::string v = take(&at);
                if (!v.empty())
                    out.emplace_back(slot, std::move(v));
            }
            return true;
        }
        return false;
    }
};

/* The slot whose value is each hit's sort key, or BAD_VALUENO. */
static Xapian::valueno sort_value_slot(const silk_search_opts_t *o)
{
    if (o->sort_slot >= 0)
        return static_cast<Xapian::valueno>(o->sort_slot);
    if (o->tiebreak_slot >= 0)
        return static_cast<Xapian::valueno>(o->tiebreak_slot);
    return Xapian::BAD_VALUENO;
}

/* o's hit_slots, sorted and unique (hit values are kept in slot order). */
static std::vector<Xapian::valueno> hit_slot_list(const silk_search_opts_t *o)
{
    std::vector<Xapian::valueno> v(o->hit_slots, o->hit_slots + o->nhit_slots);
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

/* Give every hit of ms its hit_slots' values: from kspy's records when
 * there is one, else (or for a hit it did not see) from the document.
 * Throws what Xapian throws. */
static void hit_values(silk_mset_t *ms, Xapian::Database &db,
                       const silk_search_opts_t *o, silk_key_spy *kspy)
{
    std::vector<Xapian::valueno> slots = hit_slot_list(o);
    const Xapian::doccount shards = std::max<size_t>(db.size(), 1);

    if (kspy)
        kspy->finish();
    else if (o->offset == 0)
        ms->m.fetch(); /* one round trip for all, for a remote shard */
    for (size_t i = 0; i < ms->hits.size(); i++) {
        silk_hit &h = ms->hits[i];
        h.values.clear();
        h.values.reserve(slots.size());
        if (kspy && kspy->find((h.docid - 1) / shards + 1, h.sort_key,
                               h.values))
            continue;
        Xapian::Document doc = ms->m[static_cast<Xapian::doccount>(i)]
                                   .get_document();
        for (Xapian::valueno slot : slots) {
            std::string v = doc.get_value(slot);
            if (!v.empty())
                h.values.emplace_back(slot, std::move(v));
        }
    }
}

/* One attempt at the search: fills ms from scratch; counts with the
 * tables tabs when there are any (see value_tables()). Throws what Xapian
 * throws (DatabaseModifiedError is retried by the caller). */
static void search_once(Xapian::Database &db, const Xapian::Query &q,
                        const silk_search_opts_t *o, silk_mset_t *ms,
                        const std::vector<const silk_value_table *> &tabs,
                        bool remote)
{
    Xapian::Enquire enq(db);
    enq.set_query(q);
    if (o->unweighted)
        enq.set_weighting_scheme(Xapian::BoolWeight());
    else
        enq.set_weighting_scheme(
            Xapian::BM25Weight(o->k1, o->k2, o->k3, o->b, o->min_normlen));
    enq.set_docid_order(Xapian::Enquire::ASCENDING);
    if (o->collapse_slot >= 0)
        enq.set_collapse_key(static_cast<Xapian::valueno>(o->collapse_slot),
                             o->collapse_max ? o->collapse_max : 1);
    /* Two keys, or a default for documents without a value: a key maker
     * (local databases only: Xapian 1.4's remote backend refuses one,
     * so say so instead of Xapian's terser message). A reversed
     * slot's key is its bytes inverted, so the empty default sorts last
     * descending; ascending, a 0xFF byte sorts after any stored value
     * (values are UTF-8, which has no 0xFF). */
    Xapian::MultiValueKeyMaker km;
    bool use_km = o->sort_slot >= 0 && (o->sort_then_slot >= 0 || o->sort_unset_last);
    if (use_km && remote)
        throw Xapian::UnimplementedError(
            "sorting by a value with a tie-break slot or unset values last "
            "cannot go through a remote shard (Xapian 1.4's remote backend "
            "has no key makers)");
    if (use_km) {
        km.add_value(static_cast<Xapian::valueno>(o->sort_slot), o->sort_reverse != 0,
                     o->sort_unset_last && !o->sort_reverse ? std::string("\xff")
                                                            : std::string());
        if (o->sort_then_slot >= 0)
            km.add_value(static_cast<Xapian::valueno>(o->sort_then_slot), false);
        enq.set_sort_by_key(&km, false);
    } else if (o->sort_slot >= 0)
        enq.set_sort_by_value(static_cast<Xapian::valueno>(o->sort_slot),
                              o->sort_reverse != 0);
    else if (o->tiebreak_slot >= 0)
        enq.set_sort_by_relevance_then_value(
            static_cast<Xapian::valueno>(o->tiebreak_slot), false);
    else
        enq.set_sort_by_relevance();

    /* Owned by enq (release()); valid while enq lives. */
    std::vector<Xapian::ValueCountMatchSpy *> spies;
    silk_table_spy *tspy = nullptr;
    if (!tabs.empty()) {
        tspy = new silk_table_spy(tabs);
        enq.add_matchspy(tspy->release());
    }
    for (size_t i = 0; !tspy && i < o->ncount_slots; i++) {
        auto *spy = new Xapian::ValueCountMatchSpy(o->count_slots[i]);
        enq.add_matchspy(spy->release());
        spies.push_back(spy);
    }
    /* Several shards without a sort value would mix their docids up. */
    silk_key_spy *kspy = nullptr;
    if (o->keys_only && o->nhit_slots > 0 && !remote &&
        (db.size() <= 1 || sort_value_slot(o) != Xapian::BAD_VALUENO)) {
        kspy = new silk_key_spy(hit_slot_list(o),
                                db.size() > 1 ? sort_value_slot(o)
                                              : Xapian::BAD_VALUENO,
                                use_km ? &km : nullptr);
        enq.add_matchspy(kspy->release());
    }

    const unsigned long cap = std::numeric_limits<Xapian::doccount>::max();
    Xapian::doccount check = static_cast<Xapian::doccount>(
        std::min(o->check_at_least, cap));
    Xapian::MSet m = enq.get_mset(o->offset, o->limit, check);
    /* fetch() is only a prefetch hint, and Xapian 1.4.22's indexes before
     * the page's items when the page does not start at the first hit. */
    if (o->offset == 0 && !o->keys_only)
        m.fetch();

    ms->hits.clear();
    ms->counts.clear();
    ms->hits.reserve(m.size());
    for (auto it = m.begin(); it != m.end(); ++it) {
        silk_hit h;
        h.docid = *it;
        h.weight = it.get_weight();
        h.sort_key = it.get_sort_key();
        h.collapse_key = it.get_collapse_key();
        h.fetched = !o->keys_only;
        if (h.fetched)
            read_doc(h, it.get_document());
        ms->hits.push_back(std::move(h));
    }
    ms->m = m;
    if (o->keys_only && o->nhit_slots > 0)
        hit_values(ms, db, o, kspy);
    ms->estimated = m.get_matches_estimated();
    ms->lower = m.get_matches_lower_bound();
    ms->upper = m.get_matches_upper_bound();
    for (size_t i = 0; i < spies.size(); i++) {
        silk_counts c;
        c.slot = o->count_slots[i];
        for (auto v = spies[i]->values_begin(); v != spies[i]->values_end(); ++v)
            c.counts.emplace_back(*v, v.get_termfreq());
        ms->counts.push_back(std::move(c));
    }
    for (size_t i = 0; tspy && i < tabs.size(); i++) {
        silk_counts c;
        c.slot = tabs[i]->slot;
        for (size_t id = 1; id < tabs[i]->names.size(); id++)
            if (tspy->counts[i][id] > 0)
                c.counts.emplace_back(tabs[i]->names[id], tspy->counts[i][id]);
        std::sort(c.counts.begin(), c.counts.end());
        ms->counts.push_back(std::move(c));
    }
}

extern "C" silk_status_t silk_db_search(silk_db_t *db, const silk_query_t *q,
                                        const silk_search_opts_t *o,
                                        silk_mset_t **out)
{
    silk_mset_t *ms = nullptr;
    if (!out)
        return fail_with(SILK_INVALID, "search", "no output");
    *out = nullptr;
    silk_status_t st = check_db(db, false, "search");
    if (st != SILK_OK)
        return st;
    if (!q)
        return fail_with(SILK_INVALID, "search", "no query");
    silk_search_opts_t defaults;
    if (!o) {
        silk_search_opts_init(&defaults);
        o = &defaults;
    }
    if ((st = check_opts(o)) != SILK_OK)
        return st;
    try {
        ms = new silk_mset_t;
        /* Xapian 1.4.22's remote matcher over-counts a little when it also
         * ranks a page with a tie-break sort (468 counted as 470): with a
         * remote shard, the page and the counts are two searches, the
         * counting one ranking nothing (exact; tests/cli/shards.sh). */
        silk_search_opts_t page = *o, count = *o;
        const bool split = db->has_remote && o->ncount_slots > 0 && o->limit > 0;
        if (split) {
            page.count_slots = nullptr;
            page.ncount_slots = 0;
            count.offset = count.limit = 0;
            count.tiebreak_slot = -1;
        }
        for (int attempt = 0;; attempt++) {
            try {
                if (split) {
                    silk_mset_t counted;
                    search_once(db->db, q->q, &count, &counted, {}, true);
                    search_once(db->db, q->q, &page, ms, {}, true);
                    ms->counts = std::move(counted.counts);
                } else {
                    search_once(db->db, q->q, o, ms, value_tables(db, o),
                                db->has_remote);
                }
                break;
            } catch (const Xapian::UnimplementedError &) {
                /* A database our spy cannot search (a remote one): count
                 * with ValueCountMatchSpy from now on. */
                if (!db->vt || db->vt->off)
                    throw;
                db->vt->off = true;
                db->vt->t.clear();
            } catch (const Xapian::DatabaseModifiedError &) {
                if (attempt >= SILK_MODIFIED_RETRIES)
                    throw;
                db->db.reopen();
            }
        }
        *out = ms;
        return SILK_OK;
    } catch (...) {
        delete ms;
        return fail("cannot search", db->name.c_str());
    }
}

/* Keeps the terms of the text (no prefix) for an ESet. */
struct silk_text_terms : Xapian::ExpandDecider {
    bool operator()(const std::string &t) const override
    {
        return !t.empty() && !(t[0] >= 'A' && t[0] <= 'Z');
    }
};

extern "C" silk_status_t silk_db_expand(silk_db_t *db, const silk_query_t *q,
                                        const silk_search_opts_t *o, unsigned ndocs,
                                        unsigned nterms, silk_expand_cb cb, void *ctx)
{
    silk_status_t st = check_db(db, false, "expand");
    if (st != SILK_OK)
        return st;
    if (!q || !cb)
        return fail_with(SILK_INVALID, "expand", "no query or callback");
    silk_search_opts_t defaults;
    if (!o) {
        silk_search_opts_init(&defaults);
        o = &defaults;
    }
    if ((st = check_opts(o)) != SILK_OK)
        return st;
    try {
        std::vector<std::pair<std::string, double>> terms;
        for (int attempt = 0;; attempt++) {
            try {
                terms.clear();
                Xapian::Enquire enq(db->db);
                enq.set_query(q->q);
                enq.set_weighting_scheme(
                    Xapian::BM25Weight(o->k1, o->k2, o->k3, o->b, o->min_normlen));
                enq.set_docid_order(Xapian::Enquire::ASCENDING);
                if (o->collapse_slot >= 0)
                    enq.set_collapse_key(static_cast<Xapian::valueno>(o->collapse_slot),
                                         o->collapse_max ? o->collapse_max : 1);
                if (o->tiebreak_slot >= 0)
                    enq.set_sort_by_relevance_then_value(
                        static_cast<Xapian::valueno>(o->tiebreak_slot), false);
                Xapian::MSet m = enq.get_mset(0, ndocs);
                if (m.empty())
                    break;
                Xapian::RSet rset;
                for (auto it = m.begin(); it != m.end(); ++it)
                    rset.add_document(*it);
                silk_text_terms keep;
                Xapian::ESet e = enq.get_eset(nterms, rset, &keep);
                for (auto it = e.begin(); it != e.end(); ++it)
                    terms.emplace_back(*it, it.get_weight());
                break;
            } catch (const Xapian::DatabaseModifiedError &) {
                if (attempt >= SILK_MODIFIED_RETRIES)
                    throw;
                db->db.reopen();
            }
        }
        for (const auto &t : terms)
            if (cb(ctx, t.first.data(), t.first.size(), t.second) != 0)
                break;
        return SILK_OK;
    } catch (...) {
        return fail("cannot expand the query", db->name.c_str());
    }
}

extern "C" void silk_mset_free(silk_mset_t *ms)
{
    delete ms;
}

extern "C" size_t silk_mset_size(const silk_mset_t *ms)
{
    return ms ? ms->hits.size() : 0;
}

extern "C" unsigned long silk_mset_matches(const silk_mset_t *ms,
                                           unsigned long *lower,
                                           unsigned long *upper)
{
    if (lower)
        *lower = ms ? ms->lower : 0;
    if (upper)
        *upper = ms ? ms->upper : 0;
    return ms ? ms->estimated : 0;
}

extern "C" unsigned silk_mset_docid(const silk_mset_t *ms, size_t i)
{
    return ms && i < ms->hits.size() ? ms->hits[i].docid : 0;
}

extern "C" double silk_mset_weight(const silk_mset_t *ms, size_t i)
{
    return ms && i < ms->hits.size() ? ms->hits[i].weight : 0.0;
}

extern "C" const char *silk_mset_data(const silk_mset_t *ms, size_t i,
                                      size_t *len)
{
    if (!ms || i >= ms->hits.size()) {
        if (len)
            *len = 0;
        return nullptr;
    }
    if (len)
        *len = ms->hits[i].data.size();
    return ms->hits[i].data.c_str();
}

extern "C" const char *silk_mset_value(const silk_mset_t *ms, size_t i,
                                       unsigned slot, size_t *len)
{
    if (len)
        *len = 0;
    if (!ms || i >= ms->hits.size())
        return nullptr;
    const auto &vals = ms->hits[i].values;
    auto it = std::lower_bound(
        vals.begin(), vals.end(), slot,
        [](const std::pair<Xapian::valueno, std::string> &v, unsigned s) {
            return v.first < s;
        });
    if (it == vals.end() || it->first != slot)
        return "";
    if (len)
        *len = it->second.size();
    return it->second.c_str();
}

extern "C" const char *silk_mset_sort_key(const silk_mset_t *ms, size_t i,
                                          size_t *len)
{
    if (len)
        *len = 0;
    if (!ms || i >= ms->hits.size())
        return nullptr;
    if (len)
        *len = ms->hits[i].sort_key.size();
    return ms->hits[i].sort_key.c_str();
}

extern "C" const char *silk_mset_collapse_key(const silk_mset_t *ms,
                                              size_t i, size_t *len)
{
    if (len)
        *len = 0;
    if (!ms || i >= ms->hits.size())
        return nullptr;
    if (len)
        *len = ms->hits[i].collapse_key.size();
    return ms->hits[i].collapse_key.c_str();
}

extern "C" silk_status_t silk_mset_fetch(silk_mset_t *ms, const size_t *idx,
                                         size_t n)
{
    if (!ms || (n && !idx))
        return fail_with(SILK_INVALID, "fetch hits", "no result set");
    for (size_t k = 0; k < n; k++)
        if (idx[k] >= ms->hits.size())
            return fail_with(SILK_INVALID, "fetch hits", "no such hit");
    try {
        for (size_t k = 0; k < n; k++) {
            silk_hit &h = ms->hits[idx[k]];
            if (h.fetched)
                continue;
            /* m[i] is the i-th hit of the page the search asked for. */
            read_doc(h, ms->m[static_cast<Xapian::doccount>(idx[k])]
                            .get_document());
        }
        return SILK_OK;
    } catch (...) {
        return fail("cannot read the hits' documents");
    }
}

extern "C" silk_status_t silk_mset_value_counts(const silk_mset_t *ms,
                                                unsigned slot,
                                                silk_count_cb cb, void *ctx)
{
    if (!ms || !cb)
        return fail_with(SILK_INVALID, "value counts", "no result set or callback");
    for (const auto &c : ms->counts) {
        if (c.slot != slot)
            continue;
        for (const auto &v : c.counts)
            if (cb(ctx, v.first.data(), v.first.size(), v.second))
                break;
        return SILK_OK;
    }
    return fail_with(SILK_INVALID, "value counts",
                     "slot was not listed in count_slots");
}
