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

/* Searches on a handle before its slots are read into memory: a one-shot
 * search must not pay for reading every document's values. Counts read
 * their tables from the second search on (a query counts once); the hit
 * slots and the tie-break (value_table) from the fifth, as one query may
 * search more than once (a deep page, feedback) and each of them streams
 * the values instead (silk_slot_reader). */
#define SILK_VALUE_TABLE_AFTER 1u
#define SILK_KEY_TABLE_AFTER 4u

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

/* sdb's tables when searches read from them now (see value_table()),
 * at sdb's current revision; nullptr otherwise. */
static silk_value_tables *tables_on(silk_db_t *sdb, unsigned long after)
{
    if (sdb->writable)
        return nullptr;
    if (!sdb->vt)
        sdb->vt = std::make_shared<silk_value_tables>();
    silk_value_tables &vt = *sdb->vt;
    if (vt.off || vt.searches <= after)
        return nullptr;
    Xapian::Database &db = sdb->db;
    if (db.size() != 1 || db.get_lastdocid() > SILK_VALUE_TABLE_MAX_DOCS) {
        vt.off = true;
        vt.t.clear();
        return nullptr;
    }
    Xapian::rev rev = db.get_revision();
    if (rev != vt.rev) {
        vt.t.clear();
        vt.rev = rev;
    }
    return &vt;
}

void value_tables_search(silk_db_t *sdb)
{
    if (!sdb->vt)
        sdb->vt = std::make_shared<silk_value_tables>();
    sdb->vt->searches++;
}

/* slot's table in vt, read now if needed. */
static const silk_value_table *table_get(silk_value_tables *vt,
                                         Xapian::Database &db,
                                         Xapian::valueno slot)
{
    for (const auto &t : vt->t)
        if (t.slot == slot)
            return &t;
    value_table_read(*vt, db, slot, db.get_lastdocid());
    return &vt->t.back();
}

const silk_value_table *value_table(silk_db_t *sdb, Xapian::valueno slot)
{
    silk_value_tables *vt = tables_on(sdb, SILK_KEY_TABLE_AFTER);
    return vt ? table_get(vt, sdb->db, slot) : nullptr;
}

/* The tables of o's count slots for db, in count_slots order, read now if
 * needed; empty when the counts are to come from ValueCountMatchSpy (no
 * counts asked, too early, not one local reader, too big). Throws what
 * Xapian throws (DatabaseModifiedError is retried by the caller). */
std::vector<const silk_value_table *>
value_tables(silk_db_t *sdb, const silk_search_opts_t *o)
{
    std::vector<const silk_value_table *> out;
    silk_value_tables *vt;
    if (o->ncount_slots == 0 ||
        !(vt = tables_on(sdb, SILK_VALUE_TABLE_AFTER)))
        return out;
    for (size_t i = 0; i < o->ncount_slots; i++)
        out.push_back(table_get(vt, sdb->db, o->count_slots[i]));
    return out;
}
