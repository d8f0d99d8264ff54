/* shim_int.h: what the shim's files share (private to xapian/; callers
 * see silk_xapian.h only). The files, one per concern:
 *   error.cc   statuses, the thread's message, the exception firewall
 *   db.cc      databases: open, reopen, read_retry's users, metadata,
 *              terms, compaction, checking
 *   doc.cc     documents: terms, values, data; add, replace, delete
 *   query.cc   query trees
 *   counts.cc  fast exact counts from in-memory value tables
 *   search.cc  searching, hit values without document reads, expansion,
 *              result sets */
#ifndef SILK_SHIM_INT_H
#define SILK_SHIM_INT_H

/* In C++ the function silk_db_stats() "hides" the struct tag of the same
 * name (harmless: C keeps tags apart, and C++ callers use the typedef). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include "silk_xapian.h"
#pragma GCC diagnostic pop

#include <xapian.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

/* One line for a terminal; longer Xapian messages are cut, not wrapped. */
#define SILK_ERRMSG_MAX 1024
/* A read (search, metadata, terms, statistics) is retried this many times
 * after DatabaseModifiedError, each time on a reopened database, then gives
 * up: a writer committing faster than we can read. A reopen is cheap and a
 * writer committing every 100 articles can discard two revisions during
 * one long read, so a few attempts are not enough. */
#define SILK_MODIFIED_RETRIES 10

/* The shim's own functions are not part of libsilk's interface: hidden
 * from a shared library's symbol table. */
#define SHIM_HIDDEN __attribute__((visibility("hidden")))

/* ---- errors (error.cc) -------------------------------------------------- */

/* This thread's message, returned by silk_errmsg(). */
extern SHIM_HIDDEN thread_local char errbuf[SILK_ERRMSG_MAX];

SHIM_HIDDEN bool path_exists(const char *path);
SHIM_HIDDEN bool lock_held(const Xapian::DatabaseLockError &e);
SHIM_HIDDEN silk_status_t fail(const char *ctx,
                                const char *path = nullptr) noexcept;
SHIM_HIDDEN silk_status_t fail_with(silk_status_t st, const char *ctx,
                                    const char *msg,
                                    const char *path = nullptr) noexcept;
SHIM_HIDDEN char *dup_c(const std::string &s);

/* ---- databases (db.cc) -------------------------------------------------- */

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
    /* Readers during writes (silk_db_hold): a reader's local index
     * directories and the read locks it holds; a writer's own lock file. */
    std::vector<std::string> dirs;
    std::vector<int> held;
    int read_lock = -1;
    ~silk_db();
};

SHIM_HIDDEN silk_status_t check_db(silk_db_t *db, bool want_write,
                                  const char *ctx);

/* Run read() against db; when a writer's commits discarded the revision it
 * was reading (DatabaseModifiedError), reopen db at the latest revision and
 * run read() again from the start, up to SILK_MODIFIED_RETRIES times. read()
 * must be restartable: it gathers its result and hands nothing to C before
 * it returns. A writable database reads its own revision: never retried. */
template <typename F> SHIM_HIDDEN void read_retry(silk_db_t *db, F read)
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

/* ---- queries (query.cc) ------------------------------------------------- */

struct silk_query {
    Xapian::Query q;
};

/* ---- fast exact counts (counts.cc) -------------------------------------- */

struct silk_value_table {
    Xapian::valueno slot;
    std::vector<std::string> names;   /* value id -> value; id 0 is "" */
    std::vector<uint32_t> ids;        /* docid -> value id */
};

struct silk_value_tables {
    bool off = false;                 /* count with the spy from now on */
    unsigned long searches = 0;       /* counting searches so far */
    Xapian::rev rev = 0;              /* the revision the tables describe */
    std::deque<silk_value_table> t;   /* a deque: a table stays in place
                                         while others are read */
};

/* The tables of o's count slots for db, in count_slots order, read now if
 * needed; empty when the counts are to come from ValueCountMatchSpy (no
 * counts asked, too early, not one local reader, too big). Throws what
 * Xapian throws (DatabaseModifiedError is retried by the caller). */
SHIM_HIDDEN std::vector<const silk_value_table *>
value_tables(silk_db_t *sdb, const silk_search_opts_t *o);

/* The table of slot for sdb, read now if needed, when searches read from
 * tables (one local reader, past its first search, not too big: the rules
 * of value_tables()); nullptr otherwise. Throws what Xapian throws. */
SHIM_HIDDEN const silk_value_table *value_table(silk_db_t *sdb,
                                                Xapian::valueno slot);

/* Count a search of sdb for the rule "tables only after the first
 * search" (SILK_VALUE_TABLE_AFTER); once per silk_db_search. */
SHIM_HIDDEN void value_tables_search(silk_db_t *sdb);

/* One slot's values of the documents a match looks at, in docid order:
 * from the slot's in-memory table when there is one, else from the slot's
 * value stream (a step forward each, where Document::get_value looks the
 * value's chunk up and decodes it from its start every time: the most
 * costly part of a search that ranks every match). A document before the
 * last one asked about restarts the stream. One local database only: a
 * match over several hands over their own docids. */
class silk_slot_reader {
  public:
    silk_slot_reader(const Xapian::Database &db, Xapian::valueno slot,
                     const silk_value_table *tab)
        : db_(db), slot_(slot), tab_(tab)
    {
    }

    /* did's value (a reference valid until the next call). */
    const std::string &get(Xapian::docid did)
    {
        if (tab_ && did < tab_->ids.size())
            return tab_->names[tab_->ids[did]];
        if (!open_ || did < last_) {
            it_ = db_.valuestream_begin(slot_);
            open_ = true;
        }
        last_ = did;
        if (it_ != db_.valuestream_end(slot_)) {
            it_.skip_to(did);
            if (it_ != db_.valuestream_end(slot_) && it_.get_docid() == did) {
                cur_ = *it_;
                return cur_;
            }
        }
        cur_.clear();
        return cur_;
    }

  private:
    Xapian::Database db_;
    Xapian::valueno slot_;
    const silk_value_table *tab_;
    Xapian::ValueIterator it_;
    bool open_ = false;
    Xapian::docid last_ = 0;
    std::string cur_;
};

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

#endif
