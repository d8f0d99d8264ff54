/* search.cc: searching, hit values without document reads, query
 * expansion, result sets (part of the C shim over libxapian 1.4; see
 * shim_int.h). */
#include "shim_int.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

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
    o->fetch_data_only = 0;
    o->unweighted = 0;
}

/* A hit whose hit slots are in its values (or that has none). */
static const size_t NO_KEYS = static_cast<size_t>(-1);

struct silk_hit {
    Xapian::docid docid;
    double weight;
    std::string sort_key, collapse_key;
    bool fetched;             /* data and values read */
    std::string data;
    std::vector<std::pair<Xapian::valueno, std::string>> values; /* by slot */
    size_t keys = NO_KEYS;    /* its hit slots' values: in the mset's keys,
                                 from here (a key spy's record) */
};

struct silk_counts {
    Xapian::valueno slot;
    /* By value once sorted: a table spy's come in the order its values
     * were first met, and are sorted when first read (the article slot's,
     * thousands of ids counted only to say how many, never are). */
    mutable std::vector<std::pair<std::string, Xapian::doccount>> counts;
    mutable bool sorted = true;
};

struct silk_mset {
    Xapian::MSet m;           /* what silk_mset_fetch reads documents from */
    Xapian::Database db;      /* ... and value streams, when local */
    bool remote = false;      /* a remote shard is part of db */
    unsigned nfetch_slots = 0;
    bool fetch_data_only = false; /* silk_mset_fetch: no values */
    std::vector<silk_hit> hits;
    /* The key spy's records (silk_key_spy::arena): a hit's hit slots, in
     * key_slots order, each after its length (4 bytes) and followed by a
     * NUL, from hit.keys. */
    std::string keys;
    std::vector<Xapian::valueno> key_slots;
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
                                 each after its length (4 bytes) and
                                 followed by a NUL */
        double wt;            /* its weight */
    };
    std::vector<Xapian::valueno> slots;
    Xapian::valueno sort_slot;   /* BAD_VALUENO: one database, no need */
    const Xapian::KeyMaker *km;  /* with sort_slot: the sort key is km's
                                    (borrowed: the search's), not the
                                    slot's value */
    std::vector<rec> seen;       /* sorted by finish() */
    std::string arena;           /* one allocation for all values */
    /* One database: each slot's values read in docid order (a reader per
     * slot of slots), not looked up document by document. */
    std::vector<silk_slot_reader> readers;
    /* Ranking in the spy (rank_in_spy()): the tie-break slot's reader,
     * whose value is each record's sort value. */
    std::unique_ptr<silk_slot_reader> rank_key;

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
        arena += '\0';   /* silk_mset_value hands out C strings */
    }

    void operator()(const Xapian::Document &doc, double wt) override
    {
        Xapian::docid did = doc.get_docid();
        seen.push_back(rec{did, arena.size(), wt});
        if (rank_key)
            put(rank_key->get(did));
        else if (sort_slot != Xapian::BAD_VALUENO)
            put(km ? (*km)(doc) : doc.get_value(sort_slot));
        if (!readers.empty()) {
            for (auto &r : readers)
                put(r.get(did));
            return;
        }
        for (Xapian::valueno slot : slots)
            put(doc.get_value(slot));
    }

    /* The length-prefixed value at arena[*at], stepping *at past it. */
    std::string take(size_t *at) const
    {
        uint32_t len;
        memcpy(&len, arena.data() + *at, sizeof len);
        *at += sizeof len + len + 1;
        return arena.substr(*at - len - 1, len);
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

    /* Where in arena the values of did (sort: its sort value) are, in
     * slot order; NO_KEYS if the match did not show it to the spy. */
    size_t find(Xapian::docid did, const std::string &sort) const
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
            return at;
        }
        return NO_KEYS;
    }

    /* Ranking in the spy: the hits of ms, best first, at most limit —
     * by weight, then the sort value (the tie-break slot's), then docid:
     * the order of Xapian's set_sort_by_relevance_then_value with
     * ascending docids. Each hit's keys are its record's, past the sort
     * value. */
    void rank(silk_mset_t *ms, size_t limit)
    {
        std::vector<size_t> order(seen.size());
        std::vector<std::pair<const char *, uint32_t>> key(seen.size());
        for (size_t i = 0; i < seen.size(); i++) {
            order[i] = i;
            memcpy(&key[i].second, arena.data() + seen[i].at,
                   sizeof key[i].second);
            key[i].first = arena.data() + seen[i].at + sizeof(uint32_t);
        }
        auto better = [&](size_t a, size_t b) {
            if (seen[a].wt != seen[b].wt)
                return seen[a].wt > seen[b].wt;
            int c = memcmp(key[a].first, key[b].first,
                           std::min(key[a].second, key[b].second));
            if (c != 0)
                return c < 0;
            if (key[a].second != key[b].second)
                return key[a].second < key[b].second;
            return seen[a].did < seen[b].did;
        };
        limit = std::min(limit, order.size());
        std::partial_sort(order.begin(), order.begin() + limit, order.end(),
                          better);
        ms->hits.clear();
        ms->hits.reserve(limit);
        for (size_t k = 0; k < limit; k++) {
            const rec &r = seen[order[k]];
            silk_hit h;
            h.docid = r.did;
            h.weight = r.wt;
            h.sort_key.assign(key[order[k]].first, key[order[k]].second);
            h.fetched = false;
            h.keys = r.at + sizeof(uint32_t) + key[order[k]].second + 1;
            ms->hits.push_back(std::move(h));
        }
    }
};

/* Relevance then a slot's value, for one local database: the value read
 * by a silk_slot_reader (the matcher asks for the key of each document it
 * ranks, in docid order), the same key Xapian's
 * set_sort_by_relevance_then_value would read with Document::get_value. */
class silk_slot_key : public Xapian::KeyMaker {
  public:
    explicit silk_slot_key(silk_slot_reader r) : reader(std::move(r)) {}

    std::string operator()(const Xapian::Document &doc) const override
    {
        return reader.get(doc.get_docid());
    }

  private:
    mutable silk_slot_reader reader;
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
        if (kspy &&
            (h.keys = kspy->find((h.docid - 1) / shards + 1, h.sort_key)) !=
                NO_KEYS)
            continue;
        h.values.reserve(slots.size());
        Xapian::Document doc = ms->m[static_cast<Xapian::doccount>(i)]
                                   .get_document();
        for (Xapian::valueno slot : slots) {
            std::string v = doc.get_value(slot);
            if (!v.empty())
                h.values.emplace_back(slot, std::move(v));
        }
    }
    if (kspy) {
        ms->keys = std::move(kspy->arena);
        ms->key_slots = slots;
    }
}

/* One attempt at the search: fills ms from scratch; counts with the
 * tables tabs when there are any (see value_tables()). Throws what Xapian
 * throws (DatabaseModifiedError is retried by the caller). */
static bool search_once(silk_db_t *sdb, Xapian::Database &db,
                        const Xapian::Query &q, const silk_search_opts_t *o,
                        silk_mset_t *ms,
                        const std::vector<const silk_value_table *> &tabs,
                        bool remote, bool spy_may_rank = true)
{
    /* One local database: the tie-break and the hit slots read values in
     * docid order (silk_slot_reader), from memory once it has tables. */
    const bool one = !remote && db.size() == 1 && sdb;
    /* A keys-only search by relevance that ranks every match (counts
     * want them all) ranks in the key spy: Xapian hands it every match
     * with its weight and keeps no result set (get_mset(0, 0)), and the
     * spy sorts plain records once, where Xapian would keep a heap of
     * every match with its sort key string and sort that. Only when the
     * spy sees every match (else the search runs again, ranked by
     * Xapian: the best `limit` of more matches than it looks at). */
    const bool spy_rank = spy_may_rank && one && o->keys_only &&
                          o->sort_slot < 0 && o->tiebreak_slot >= 0 &&
                          o->offset == 0 && o->collapse_slot < 0;
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
    std::unique_ptr<silk_slot_key> tkey;
    if (!use_km && o->sort_slot < 0 && o->tiebreak_slot >= 0 && one &&
        !spy_rank) {
        Xapian::valueno slot = static_cast<Xapian::valueno>(o->tiebreak_slot);
        tkey.reset(new silk_slot_key(
            silk_slot_reader(db, slot, value_table(sdb, slot))));
    }
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
    else if (spy_rank)
        enq.set_sort_by_relevance();
    else if (o->tiebreak_slot >= 0 && tkey)
        enq.set_sort_by_relevance_then_key(tkey.get(), false);
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
    if ((o->keys_only && o->nhit_slots > 0 && !remote &&
         (db.size() <= 1 || sort_value_slot(o) != Xapian::BAD_VALUENO)) ||
        spy_rank) {
        kspy = new silk_key_spy(hit_slot_list(o),
                                db.size() > 1 ? sort_value_slot(o)
                                              : Xapian::BAD_VALUENO,
                                use_km ? &km : nullptr);
        if (one)
            for (Xapian::valueno slot : kspy->slots)
                kspy->readers.emplace_back(db, slot, value_table(sdb, slot));
        if (spy_rank) {
            Xapian::valueno slot = static_cast<Xapian::valueno>(o->tiebreak_slot);
            kspy->rank_key.reset(
                new silk_slot_reader(db, slot, value_table(sdb, slot)));
        }
        enq.add_matchspy(kspy->release());
    }

    const unsigned long cap = std::numeric_limits<Xapian::doccount>::max();
    Xapian::doccount check = static_cast<Xapian::doccount>(
        std::min(o->check_at_least, cap));
    Xapian::MSet m = enq.get_mset(o->offset, spy_rank ? 0 : o->limit, check);
    /* fetch() is only a prefetch hint, and Xapian 1.4.22's indexes before
     * the page's items when the page does not start at the first hit. */
    if (o->offset == 0 && !o->keys_only)
        m.fetch();

    ms->hits.clear();
    ms->counts.clear();
    if (spy_rank) {
        if (m.get_matches_lower_bound() != m.get_matches_upper_bound() ||
            kspy->seen.size() != m.get_matches_lower_bound())
            return false;
        kspy->rank(ms, o->limit);
        ms->keys = std::move(kspy->arena);
        ms->key_slots = kspy->slots;
    }
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
    ms->db = db;
    ms->remote = remote;
    ms->nfetch_slots = o->nfetch_slots;
    ms->fetch_data_only = o->fetch_data_only != 0;
    if (o->keys_only && o->nhit_slots > 0 && !spy_rank)
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
        c.sorted = false;
        ms->counts.push_back(std::move(c));
    }
    return true;
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
        value_tables_search(db);
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
                    search_once(db, db->db, q->q, &count, &counted, {}, true);
                    search_once(db, db->db, q->q, &page, ms, {}, true);
                    ms->counts = std::move(counted.counts);
                } else {
                    auto tabs = value_tables(db, o);
                    if (!search_once(db, db->db, q->q, o, ms, tabs,
                                     db->has_remote))
                        search_once(db, db->db, q->q, o, ms, tabs,
                                    db->has_remote, false);
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

/* A term of the text: no prefix (the first byte is not an ASCII capital). */
static bool is_text_term(const std::string &t)
{
    return !t.empty() && !(t[0] >= 'A' && t[0] <= 'Z');
}

/* Xapian's TradEWeight expansion weight (1.4's expand/tradeweight.cc and
 * ExpandStats::accumulate, expand_k 1) with an article as the relevant
 * document: r and R count articles, and the multiplier sums each
 * relevant article's 2 f / (len / avlen + f), f and len its passages'
 * summed wdf and length, avlen the mean passage length times the mean
 * number of passages of the relevant articles; n and N stay passage
 * frequencies (the index holds no article frequencies). An article of
 * one passage is exactly Xapian's relevant document. */
extern "C" silk_status_t silk_db_expand_articles(silk_db_t *db, const silk_query_t *q,
                                                 const char *const *arts, size_t n,
                                                 unsigned nterms, silk_term_skip_cb skip,
                                                 silk_expand_cb cb, void *ctx)
{
    silk_status_t st = check_db(db, false, "expand");
    if (st != SILK_OK)
        return st;
    if (!q || !cb || (n && !arts))
        return fail_with(SILK_INVALID, "expand", "no query, articles or callback");
    try {
        std::vector<std::pair<std::string, double>> terms;
        read_retry(db, [&] {
            terms.clear();
            std::set<std::string> own(q->q.get_terms_begin(), q->q.get_terms_end());
            /* Each article's text terms (q's left out) with their summed
             * wdf (0 counts 1, as Xapian's ESet counts it), its length. */
            std::vector<std::map<std::string, unsigned long>> wdf(n);
            std::vector<double> len(n, 0);
            size_t rsize = 0, passages = 0;
            for (size_t a = 0; a < n; a++) {
                size_t mine = 0;
                for (auto p = db->db.postlist_begin(arts[a]);
                     p != db->db.postlist_end(arts[a]); ++p, mine++) {
                    len[a] += db->db.get_doclength(*p);
                    for (auto t = db->db.termlist_begin(*p); t != db->db.termlist_end(*p); ++t)
                        if (is_text_term(*t) && !own.count(*t))
                            wdf[a][*t] += std::max<Xapian::termcount>(t.get_wdf(), 1);
                }
                passages += mine;
                rsize += mine > 0;
            }
            if (rsize == 0)
                return;
            double avlen = db->db.get_avlength() * double(passages) / double(rsize);
            struct rel {
                double r = 0, mult = 0;
            };
            std::unordered_map<std::string, rel> stats;
            for (size_t a = 0; a < n; a++)
                for (const auto &tw : wdf[a]) {
                    double f = double(tw.second);
                    rel &x = stats[tw.first];
                    x.r++;
                    x.mult += 2 * f / (avlen > 0 ? len[a] / avlen + f : 1 + f);
                }
            double N = db->db.get_doccount(), R = double(rsize);
            for (const auto &x : stats) {
                if (skip && skip(ctx, x.first.data(), x.first.size()) != 0)
                    continue;
                double r = x.second.r, tf = db->db.get_termfreq(x.first);
                double num = (r + 0.5) * (N - tf - (R - r) + 0.5);
                double den = (tf - r + 0.5) * (R - r + 0.5);
                double w = num > 0 && den > 0 ? x.second.mult * std::log(num / den) : 0;
                if (w > 0)
                    terms.emplace_back(x.first, w);
            }
            std::sort(terms.begin(), terms.end(), [](const auto &x, const auto &y) {
                return x.second != y.second ? x.second > y.second : x.first < y.first;
            });
            if (terms.size() > nterms)
                terms.resize(nterms);
        });
        for (const auto &t : terms)
            if (cb(ctx, t.first.data(), t.first.size(), t.second) != 0)
                break;
        return SILK_OK;
    } catch (const std::bad_alloc &) {
        return fail_with(SILK_NO_MEMORY, "expand", "out of memory");
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
    const silk_hit &h = ms->hits[i];
    const auto &vals = h.values;
    auto it = std::lower_bound(
        vals.begin(), vals.end(), slot,
        [](const std::pair<Xapian::valueno, std::string> &v, unsigned s) {
            return v.first < s;
        });
    if (it != vals.end() && it->first == slot) {
        if (len)
            *len = it->second.size();
        return it->second.c_str();
    }
    if (h.keys == NO_KEYS)
        return "";
    /* The spy's record: the values of key_slots, each after its length. */
    size_t at = h.keys;
    for (Xapian::valueno ks : ms->key_slots) {
        uint32_t n;
        memcpy(&n, ms->keys.data() + at, sizeof n);
        at += sizeof n;
        if (ks == slot) {
            if (len)
                *len = n;
            return ms->keys.data() + at;
        }
        at += n + 1;
    }
    return "";
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

/* The values of slots [0, ms->nfetch_slots) of the hits order (sorted by
 * docid) into vals (one vector a hit, in slot order): a pass over each
 * slot's value stream, where a document's own values cost a cursor each.
 * Throws what Xapian throws. */
static void stream_values(
    const silk_mset_t *ms, const std::vector<size_t> &order,
    std::vector<std::vector<std::pair<Xapian::valueno, std::string>>> &vals)
{
    Xapian::Database db = ms->db;
    for (Xapian::valueno slot = 0; slot < ms->nfetch_slots; slot++) {
        Xapian::ValueIterator it = db.valuestream_begin(slot);
        const Xapian::ValueIterator end = db.valuestream_end(slot);
        for (size_t k = 0; k < order.size() && it != end; k++) {
            Xapian::docid did = ms->hits[order[k]].docid;
            it.skip_to(did);
            if (it != end && it.get_docid() == did)
                vals[k].emplace_back(slot, *it);
        }
    }
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
        /* In docid order: neighbouring documents share the blocks of the
         * data table (and the value streams' chunks). */
        std::vector<size_t> order;
        order.reserve(n);
        for (size_t k = 0; k < n; k++)
            if (!ms->hits[idx[k]].fetched)
                order.push_back(idx[k]);
        std::sort(order.begin(), order.end(), [ms](size_t a, size_t b) {
            return ms->hits[a].docid < ms->hits[b].docid;
        });
        order.erase(std::unique(order.begin(), order.end()), order.end());
        /* Read everything first: a DatabaseModifiedError leaves ms as it
         * was. A local database's documents are read from it directly
         * (the MSet would keep each one); m[i] is the i-th hit of the page
         * the search asked for. */
        std::vector<silk_hit> got(order.size());
        const bool only = ms->fetch_data_only;
        const bool streams = !only && ms->nfetch_slots > 0 && !ms->remote;
        for (size_t k = 0; k < order.size(); k++) {
            if (only) {
                /* The hit slots' values stay. */
                got[k].data = (ms->remote
                                   ? ms->m[static_cast<Xapian::doccount>(order[k])]
                                         .get_document()
                                   : ms->db.get_document(ms->hits[order[k]].docid,
                                                         Xapian::DOC_ASSUME_VALID))
                                  .get_data();
                got[k].values = ms->hits[order[k]].values;
                continue;
            }
            if (streams) {
                got[k].data = ms->db.get_document(ms->hits[order[k]].docid,
                                                  Xapian::DOC_ASSUME_VALID)
                                  .get_data();
                continue;
            }
            /* A search ranked by its spy keeps no result set. */
            read_doc(got[k],
                     order[k] < ms->m.size()
                         ? ms->m[static_cast<Xapian::doccount>(order[k])]
                               .get_document()
                         : ms->db.get_document(ms->hits[order[k]].docid));
        }
        if (streams) {
            std::vector<std::vector<std::pair<Xapian::valueno, std::string>>>
                vals(order.size());
            stream_values(ms, order, vals);
            for (size_t k = 0; k < order.size(); k++) {
                /* Hit slots at or above nfetch_slots stay, after them. */
                for (const auto &v : ms->hits[order[k]].values)
                    if (v.first >= ms->nfetch_slots)
                        vals[k].push_back(v);
                got[k].values = std::move(vals[k]);
            }
        }
        for (size_t k = 0; k < order.size(); k++) {
            silk_hit &h = ms->hits[order[k]];
            h.data = std::move(got[k].data);
            h.values = std::move(got[k].values);
            h.fetched = true;
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
        if (!c.sorted) {
            std::sort(c.counts.begin(), c.counts.end());
            c.sorted = true;
        }
        for (const auto &v : c.counts)
            if (cb(ctx, v.first.data(), v.first.size(), v.second))
                break;
        return SILK_OK;
    }
    return fail_with(SILK_INVALID, "value counts",
                     "slot was not listed in count_slots");
}

extern "C" silk_status_t silk_mset_value_distinct(const silk_mset_t *ms,
                                                  unsigned slot,
                                                  unsigned long *n)
{
    if (!ms || !n)
        return fail_with(SILK_INVALID, "value counts", "no result set or count");
    *n = 0;
    for (const auto &c : ms->counts) {
        if (c.slot != slot)
            continue;
        for (const auto &v : c.counts)
            *n += !v.first.empty();
        return SILK_OK;
    }
    return fail_with(SILK_INVALID, "value counts",
                     "slot was not listed in count_slots");
}
