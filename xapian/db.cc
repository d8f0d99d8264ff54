/* db.cc: databases: open, reopen, statistics, metadata, terms, compaction,
 * checking (part of the C shim over libxapian 1.4; see shim_int.h). */
#include "shim_int.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <thread>
#include <utility>

/* Sleep between attempts to take the write lock: short enough that a
 * released lock is noticed quickly, long enough not to spin. */
#define SILK_LOCK_POLL_MS 20

/* ---- databases ---------------------------------------------------------- */

/* The file of dir that readers hold and writers wait for (silk_db_hold). */
#define SILK_READ_LOCK "/silk-read.lock"
/* Longest silk_db_hold waits for a commit in progress. */
#define SILK_HOLD_TAKE_MS 1000

silk_db::~silk_db()
{
    for (int fd : held)
        close(fd);
    if (read_lock >= 0)
        close(read_lock);
}

/* Take flock(fd, op) (LOCK_SH or LOCK_EX), polling until wait_ms passed;
 * false if it could not be had by then. */
static bool lock_within(int fd, int op, unsigned wait_ms)
{
    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + std::chrono::milliseconds(wait_ms);
    for (;;) {
        if (flock(fd, op | LOCK_NB) == 0)
            return true;
        if ((errno != EWOULDBLOCK && errno != EINTR) || clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

/* Non-NULL db, and writable when want_write: else SILK_INVALID. */
silk_status_t check_db(silk_db_t *db, bool want_write, const char *ctx)
{
    if (!db)
        return fail_with(SILK_INVALID, ctx, "no database");
    if (want_write && !db->writable)
        return fail_with(SILK_INVALID, ctx, "database is open for reading only");
    return SILK_OK;
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
                    struct stat sb;
                    if (stat(cur, &sb) == 0 && S_ISDIR(sb.st_mode))
                        db->dirs.emplace_back(cur);
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
        db->dirs.insert(db->dirs.end(), other->dirs.begin(), other->dirs.end());
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
        /* Without it (a read-only directory), commits wait for no one. */
        db->read_lock = open((std::string(path) + SILK_READ_LOCK).c_str(),
                             O_RDONLY | O_CREAT | O_CLOEXEC, 0644);
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
    /* Readers holding the revision finish first, or SILK_HOLD_WAIT_MS pass;
     * held exclusively through the commit, so that a reader's hold never
     * starts on a revision about to be replaced. */
    const bool excl = db->read_lock >= 0 &&
                      lock_within(db->read_lock, LOCK_EX, SILK_HOLD_WAIT_MS);
    struct unlock {
        int fd;
        ~unlock()
        {
            if (fd >= 0)
                flock(fd, LOCK_UN);
        }
    } u{excl ? db->read_lock : -1};
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

extern "C" silk_status_t silk_db_hold(silk_db_t *db)
{
    silk_status_t st = check_db(db, false, "hold");
    if (st != SILK_OK || db->writable || !db->held.empty())
        return st;
    try {
        db->held.reserve(db->dirs.size());
        for (const auto &dir : db->dirs) {
            int fd = open((dir + SILK_READ_LOCK).c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                continue;
            if (!lock_within(fd, LOCK_SH, SILK_HOLD_TAKE_MS)) {
                close(fd);
                continue;
            }
            db->held.push_back(fd);
        }
        return SILK_OK;
    } catch (...) {
        return fail("cannot hold the revision of", db->name.c_str());
    }
}

extern "C" void silk_db_unhold(silk_db_t *db)
{
    if (!db)
        return;
    for (int fd : db->held)
        close(fd);
    db->held.clear();
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

extern "C" silk_status_t silk_db_passages(silk_db_t *db,
                                          const char *const *arts, size_t n,
                                          const char *const *terms,
                                          size_t nterms, silk_passage_cb cb,
                                          void *ctx)
{
    silk_status_t st = check_db(db, false, "passages");
    if (st != SILK_OK)
        return st;
    if ((n && !arts) || (nterms && !terms) || !cb)
        return fail_with(SILK_INVALID, "passages", "no articles, terms or callback");
    struct row {
        Xapian::docid did;
        size_t art;
        unsigned long len;
    };
    try {
        std::vector<row> rows;
        std::vector<unsigned> wdf;
        read_retry(db, [&] {
            rows.clear();
            for (size_t a = 0; a < n; a++)
                for (auto p = db->db.postlist_begin(arts[a]);
                     p != db->db.postlist_end(arts[a]); ++p)
                    rows.push_back(row{*p, a, 0});
            std::sort(rows.begin(), rows.end(),
                      [](const row &x, const row &y) { return x.did < y.did; });
            for (auto &r : rows)
                r.len = db->db.get_doclength(r.did);
            wdf.assign(rows.size() * nterms, 0);
            for (size_t t = 0; t < nterms; t++) {
                auto p = db->db.postlist_begin(terms[t]);
                auto end = db->db.postlist_end(terms[t]);
                for (size_t i = 0; i < rows.size() && p != end; i++) {
                    p.skip_to(rows[i].did);
                    if (p != end && *p == rows[i].did)
                        wdf[i * nterms + t] = p.get_wdf();
                }
            }
        });
        for (size_t i = 0; i < rows.size(); i++)
            if (cb(ctx, rows[i].art, rows[i].did, rows[i].len,
                   nterms ? &wdf[i * nterms] : nullptr) != 0)
                break;
        return SILK_OK;
    } catch (const std::bad_alloc &) {
        return fail_with(SILK_NO_MEMORY, "passages", "out of memory");
    } catch (...) {
        return fail("cannot read the passages of", db->name.c_str());
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


/* ---- deferred compression (silk_xapian.h) ------------------------------- */

/* glass's version file as libxapian 1.4 writes it (glass_version.cc,
 * GlassVersion::write and RootInfo::serialise; glass format version
 * 2016-03-14, unchanged from Xapian 1.3.5 to 1.4.x):
 *   magic "\x0f\x0dXapian Glass" (14 bytes), the version (2 bytes, big
 *   endian), the uuid (16 bytes), the revision (uint), then for each of
 *   the six tables (postlist, docdata, termlist, position, spelling,
 *   synonym): root, level<<2|sequential<<1|root_is_fake, entries,
 *   blocksize>>11, compress_min (uints), the free list (uint length +
 *   bytes); then the eight statistics (uints) and nothing else. A uint is
 *   pack_uint's: 7 bits a byte, least significant first, the high bit set
 *   on every byte but the last. Xapian reads at most 256 bytes of it. */
namespace {

const unsigned char GLASS_MAGIC[14] = {0x0f, 0x0d, 'X', 'a', 'p', 'i', 'a',
                                       'n', ' ', 'G', 'l', 'a', 's', 's'};
/* DATE_TO_VERSION(2016,03,14): (2016 - 2014) << 9 | 3 << 5 | 14. */
const unsigned GLASS_FORMAT_VERSION = (2u << 9) | (3u << 5) | 14u;
const size_t GLASS_UUID_BYTES = 16;
const int GLASS_TABLES = 6;
const int GLASS_DOCDATA = 1, GLASS_TERMLIST = 2;
const int GLASS_STATS = 8;
const size_t GLASS_VERSION_FILE_MAX = 256;
/* Xapian 1.4's COMPRESS_MIN, and the old default it maps to it. */
const unsigned long long GLASS_COMPRESS_MIN = 18, GLASS_COMPRESS_MIN_OLD = 4;

/* Decode a pack_uint at s[*i], advancing *i; false if it runs off the end
 * or does not fit in 64 bits. */
bool glass_uint(const std::string &s, size_t *i, unsigned long long *v)
{
    unsigned shift = 0;
    *v = 0;
    for (;;) {
        if (*i >= s.size() || shift > 63)
            return false;
        unsigned char b = static_cast<unsigned char>(s[(*i)++]);
        unsigned long long bits = b & 0x7f;
        if (shift > 0 && (bits >> (64 - shift)) != 0)
            return false;
        *v |= bits << shift;
        if (!(b & 0x80))
            return true;
        shift += 7;
    }
}

/* iamglass of a database: its bytes, where docdata's and termlist's
 * compress_min are, and their values. */
struct glass_version_file {
    std::string bytes;
    size_t at[2];
    unsigned long long cmin[2];
};

/* Read and parse dir/iamglass into *f. SILK_OK; SILK_INVALID (not the
 * format, message set); SILK_NOT_FOUND; SILK_ERROR (I/O, message set). */
silk_status_t glass_read(const char *dir, glass_version_file *f)
{
    const char *ctx = "deferred compression:";
    std::string path = std::string(dir) + "/iamglass";
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail_with(errno == ENOENT ? SILK_NOT_FOUND : SILK_ERROR, ctx,
                         strerror(errno), path.c_str());
    char buf[GLASS_VERSION_FILE_MAX + 1];
    size_t got = 0;
    while (got < sizeof buf) {
        ssize_t k = read(fd, buf + got, sizeof buf - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            int e = errno;
            close(fd);
            return fail_with(SILK_ERROR, ctx, strerror(e), path.c_str());
        }
        if (k == 0)
            break;
        got += static_cast<size_t>(k);
    }
    close(fd);
    f->bytes.assign(buf, got);
    const std::string &s = f->bytes;
    const char *why = nullptr;
    size_t i = sizeof GLASS_MAGIC;
    unsigned long long v, len;
    if (got > GLASS_VERSION_FILE_MAX)
        why = "longer than any glass version file";
    else if (got < sizeof GLASS_MAGIC + 2 ||
             memcmp(s.data(), GLASS_MAGIC, sizeof GLASS_MAGIC) != 0)
        why = "not a glass version file (magic)";
    else if ((static_cast<unsigned>(static_cast<unsigned char>(s[i])) << 8 |
              static_cast<unsigned char>(s[i + 1])) != GLASS_FORMAT_VERSION)
        why = "glass format version is not 2016-03-14";
    i += 2 + GLASS_UUID_BYTES;
    if (!why && (i > s.size() || !glass_uint(s, &i, &v)))
        why = "truncated (revision)";
    for (int t = 0; !why && t < GLASS_TABLES; t++) {
        for (int field = 0; !why && field < 5; field++) {
            size_t start = i;
            if (!glass_uint(s, &i, &v))
                why = "truncated (a table's root record)";
            else if (field == 4 &&
                     (t == GLASS_DOCDATA || t == GLASS_TERMLIST)) {
                int k = t == GLASS_DOCDATA ? 0 : 1;
                f->at[k] = start;
                f->cmin[k] = v;
                if (i != start + 1 ||
                    (v != 0 && v != GLASS_COMPRESS_MIN &&
                     v != GLASS_COMPRESS_MIN_OLD))
                    why = "a compress_min other than 0 or Xapian 1.4's "
                          "default";
            }
        }
        if (!why && (!glass_uint(s, &i, &len) || len > s.size() - i))
            why = "truncated (a table's free list)";
        else if (!why)
            i += static_cast<size_t>(len);
    }
    for (int k = 0; !why && k < GLASS_STATS; k++)
        if (!glass_uint(s, &i, &v))
            why = "truncated (statistics)";
    if (!why && i != s.size())
        why = "bytes after the statistics";
    if (why)
        return fail_with(SILK_INVALID, ctx, why, path.c_str());
    return SILK_OK;
}

}  // namespace

extern "C" int silk_db_compression_deferred(const char *path)
{
    glass_version_file f;
    if (!path || glass_read(path, &f) != SILK_OK)
        return -1;
    if (f.cmin[0] == 0 && f.cmin[1] == 0)
        return 1;
    if (f.cmin[0] != 0 && f.cmin[1] != 0)
        return 0;
    fail_with(SILK_INVALID, "deferred compression:",
              "docdata and termlist disagree", path);
    return -1;
}

extern "C" silk_status_t silk_db_defer_compression(const char *path)
{
    const char *ctx = "deferred compression:";
    glass_version_file f;
    if (!path || !*path)
        return fail_with(SILK_INVALID, ctx, "no database path given");
    silk_status_t st = glass_read(path, &f);
    if (st != SILK_OK)
        return st;
    if (f.cmin[0] == 0 && f.cmin[1] == 0)
        return SILK_OK;
    std::string s = f.bytes;
    s[f.at[0]] = '\0';  /* pack_uint(0): one byte, as 18 and 4 were */
    s[f.at[1]] = '\0';
    std::string file = std::string(path) + "/iamglass";
    std::string tmp = file + ".silk-tmp";
    int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return fail_with(SILK_ERROR, ctx, strerror(errno), tmp.c_str());
    bool ok = write(fd, s.data(), s.size()) == static_cast<ssize_t>(s.size());
    ok = ok && fsync(fd) == 0;
    int e = errno;
    ok = close(fd) == 0 && ok;
    if (ok && rename(tmp.c_str(), file.c_str()) != 0) {
        e = errno;
        ok = false;
    }
    if (!ok) {
        unlink(tmp.c_str());
        return fail_with(SILK_ERROR, ctx, strerror(e), file.c_str());
    }
    /* The rename itself durable: fsync the directory (best effort). */
    int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    return SILK_OK;
}
