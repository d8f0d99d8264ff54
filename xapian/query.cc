/* query.cc: query trees (part of the C shim over libxapian 1.4; see
 * shim_int.h). */
#include "shim_int.h"

#include <cmath>
#include <cstdlib>
#include <new>

/* ---- queries ------------------------------------------------------------ */

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

