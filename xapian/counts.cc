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

