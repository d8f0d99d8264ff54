/* counts.cc: fast exact counts from in-memory value tables (part of the
 * C shim over libxapian 1.4; see shim_int.h). */
#include "shim_int.h"

#include <unordered_map>
#include <utility>

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
std::vector<const silk_value_table *>
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
        vt.s.clear();
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


/* ---- hit values and sort keys from memory ------------------------------- */

/* Ranking every match up to the count limit reads, for each match, its
 * article id (the tie-break's sort key, in the matcher) and, with
 * duplicate folding, its fingerprint and near-duplicate signature (in
 * silk_key_spy): each a value-stream read, about 1,300 instructions, a
 * third of a query's CPU on Reuters. A reader that searches again
 * (--batch, --serve) reads these slots once into memory instead, as the
 * counted slots above: the same values, so the same hits in the same
 * order. A one-shot search does not: the first such search on a handle
 * reads from the matcher. */

/* Most bytes of values held for one database: past it, read from the
 * matcher (Reuters: 8.8 MB for the three slots). */
#define SILK_SLOT_TABLE_MAX_BYTES (256u << 20)

/* Read slot of db into a new table at the end of vt.s; false (nothing
 * added) when the tables would outgrow SILK_SLOT_TABLE_MAX_BYTES. Throws
 * what Xapian throws, and std::bad_alloc. */
static bool slot_table_read(silk_value_tables &vt, Xapian::Database &db,
                            Xapian::valueno slot, Xapian::docid last)
{
    size_t held = 0;
    for (const auto &t : vt.s)
        held += t.bytes.size() + t.end.size() * sizeof(uint32_t);
    silk_slot_table t;
    t.slot = slot;
    t.end.assign(static_cast<size_t>(last) + 1, 0);
    Xapian::docid next = 1; /* the first docid whose end is not set */
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot);
         ++it) {
        Xapian::docid did = it.get_docid();
        if (did > last)
            break;
        for (; next < did; next++)
            t.end[next] = static_cast<uint32_t>(t.bytes.size());
        t.bytes += *it;
        if (held + t.bytes.size() + t.end.size() * sizeof(uint32_t) >
            SILK_SLOT_TABLE_MAX_BYTES)
            return false;
        t.end[did] = static_cast<uint32_t>(t.bytes.size());
        next = did + 1;
    }
    for (; next <= last; next++)
        t.end[next] = static_cast<uint32_t>(t.bytes.size());
    vt.s.push_back(std::move(t));
    return true;
}

/* See shim_int.h. */
silk_hit_tables hit_tables(silk_db_t *sdb, const silk_search_opts_t *o,
                           const std::vector<Xapian::valueno> &hit_slots)
{
    silk_hit_tables out;
    const bool by_tiebreak = o->sort_slot < 0 && o->tiebreak_slot >= 0;
    const bool hits = o->keys_only && !hit_slots.empty();
    if ((!by_tiebreak && !hits) || sdb->writable || sdb->has_remote)
        return out;
    if (!sdb->vt)
        sdb->vt = std::make_shared<silk_value_tables>();
    silk_value_tables &vt = *sdb->vt;
    if (vt.off || vt.hit_off || vt.hit_searches++ < SILK_VALUE_TABLE_AFTER)
        return out;
    Xapian::Database &db = sdb->db;
    Xapian::docid last = db.get_lastdocid();
    if (db.size() != 1 || last > SILK_VALUE_TABLE_MAX_DOCS) {
        vt.hit_off = true;
        return out;
    }
    Xapian::rev rev = db.get_revision();
    if (rev != vt.rev) {
        vt.t.clear();
        vt.s.clear();
        vt.rev = rev;
    }
    /* Each wanted slot's table by its index in vt.s (which grows while
     * tables are read), the tie-break's first. */
    std::vector<size_t> at;
    auto table = [&](Xapian::valueno slot) {
        for (size_t i = 0; i < vt.s.size(); i++)
            if (vt.s[i].slot == slot) {
                at.push_back(i);
                return true;
            }
        if (!slot_table_read(vt, db, slot, last)) {
            vt.hit_off = true;
            vt.s.clear();
            return false;
        }
        at.push_back(vt.s.size() - 1);
        return true;
    };
    if (by_tiebreak && !table(static_cast<Xapian::valueno>(o->tiebreak_slot)))
        return out; /* too big: the matcher reads them */
    for (size_t k = 0; hits && k < hit_slots.size(); k++)
        if (!table(hit_slots[k]))
            return out;
    size_t k = 0;
    if (by_tiebreak)
        out.sort = &vt.s[at[k++]];
    for (; k < at.size(); k++)
        out.hits.push_back(&vt.s[at[k]]);
    return out;
}
