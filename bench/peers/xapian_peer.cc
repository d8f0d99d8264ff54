// xapian_peer.cc: the "stock Xapian" benchmark peer — indexes docs.jsonl and
// runs query batches with Xapian used the way its own examples
// (simpleindex.cc, simplesearch.cc) use it: TermGenerator and QueryParser with
// the English stemmer and STEM_SOME, default BM25, nothing tuned.
//
//   xapian-peer index [--level article|paragraph] DOCS.jsonl DBDIR
//   xapian-peer search DBDIR QUERIES.tsv [--trec|--latency] [--prf]
//
// --prf: one round of Xapian's own pseudo-relevance feedback, the strongest
// stock setup a Xapian user has: Enquire::get_eset over the top PRF_DOCS
// documents, PRF_TERMS expansion terms OR'd to the query at weight PRF_WEIGHT.

#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "peer_io.h"

namespace {

// Value slot holding the article id, the collapse key of a paragraph index.
const Xapian::valueno SLOT_ARTICLE = 0;
// Metadata key recording the indexing level, so search knows to collapse.
const char LEVEL_KEY[] = "peer_level";
// TREC runs are 1000 deep, as evaluation tools expect.
const Xapian::doccount TREC_DEPTH = 1000;
// Latency mode fetches one result page, as a user-facing search would.
const Xapian::doccount PAGE_SIZE = 10;
// Pseudo-relevance feedback (--prf), as issue 12 specifies it: the top 10
// documents are taken as relevant, the 10 best expansion terms are added at
// half weight (Xapian's own ESet weighting, query terms excluded).
const Xapian::doccount PRF_DOCS = 10;
const Xapian::termcount PRF_TERMS = 10;
const double PRF_WEIGHT = 0.5;

// Prints the usage on stderr; returns the exit status for bad usage.
int usage()
{
    std::fputs("usage: xapian-peer index [--level article|paragraph] DOCS.jsonl DBDIR\n"
               "       xapian-peer search DBDIR QUERIES.tsv [--trec|--latency] [--prf]\n",
               stderr);
    return 2;
}

// Adds one Xapian document holding TITLE and TEXT, with the article id in its
// data, a unique id term and the collapse value.
void add_doc(Xapian::WritableDatabase &db, Xapian::TermGenerator &tg,
             const std::string &id, const char *title, size_t title_len,
             const char *text, size_t text_len)
{
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(std::string(title, title_len));
    tg.increase_termpos();
    tg.index_text(std::string(text, text_len));
    doc.set_data(id);
    doc.add_value(SLOT_ARTICLE, id);
    db.add_document(doc);
}

// Indexes DOCS into a new database DBDIR, one document per article or per
// paragraph (body split on blank lines; the title goes with every paragraph).
// Prints articles, passages and text bytes (title + body) to stdout.
int cmd_index(bool paragraphs, const char *docs_path, const char *dbdir)
{
    peer_docs *docs = peer_docs_open(docs_path);
    if (!docs)
        return 2;
    int rc = 2;
    unsigned long articles = 0, passages = 0;
    unsigned long long bytes = 0;
    try {
        Xapian::WritableDatabase db(dbdir, Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::TermGenerator tg;
        tg.set_stemmer(Xapian::Stem("english"));
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        db.set_metadata(LEVEL_KEY, paragraphs ? "paragraph" : "article");
        peer_doc d;
        int got;
        while ((got = peer_docs_next(docs, &d)) == 1) {
            articles++;
            bytes += d.title_len + d.body_len;
            if (!paragraphs) {
                add_doc(db, tg, d.id, d.title, d.title_len, d.body, d.body_len);
                passages++;
                continue;
            }
            unsigned long before = passages;
            const char *p = d.body, *end = d.body + d.body_len;
            while (p < end) {
                const char *brk = std::strstr(p, "\n\n");
                const char *stop = brk ? brk : end;
                if (stop > p) {
                    add_doc(db, tg, d.id, d.title, d.title_len, p, (size_t)(stop - p));
                    passages++;
                }
                p = brk ? brk + 2 : end;
            }
            if (passages == before) { // empty body: the title alone
                add_doc(db, tg, d.id, d.title, d.title_len, "", 0);
                passages++;
            }
        }
        if (got < 0) {
            std::perror(docs_path);
        } else {
            db.commit();
            std::printf("articles\t%lu\npassages\t%lu\nbytes\t%llu\nskipped\t%zu\n",
                        articles, passages, bytes, peer_docs_skipped(docs));
            rc = 0;
        }
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapian-peer: %s\n", e.get_description().c_str());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "xapian-peer: %s\n", e.what());
    }
    peer_docs_close(docs);
    return rc;
}

// Parses TEXT as simplesearch does; a query the parser rejects is read again
// with no operators, so odd punctuation never loses a query.
Xapian::Query parse(Xapian::QueryParser &qp, const std::string &text)
{
    try {
        return qp.parse_query(text);
    } catch (const Xapian::QueryParserError &) {
        return qp.parse_query(text, 0);
    }
}

// QUERY expanded by one round of pseudo-relevance feedback: the top PRF_DOCS
// documents of ENQUIRE (already set to QUERY) as the relevance set, the
// PRF_TERMS best terms of its ESet OR'd in at weight PRF_WEIGHT. QUERY as it
// is when nothing matched.
Xapian::Query expand(Xapian::Enquire &enquire, const Xapian::Query &query)
{
    Xapian::MSet top = enquire.get_mset(0, PRF_DOCS);
    if (top.empty())
        return query;
    Xapian::RSet rset;
    for (Xapian::MSetIterator it = top.begin(); it != top.end(); ++it)
        rset.add_document(*it);
    Xapian::ESet eset = enquire.get_eset(PRF_TERMS, rset);
    if (eset.empty())
        return query;
    Xapian::Query more(Xapian::Query::OP_OR, eset.begin(), eset.end());
    return Xapian::Query(Xapian::Query::OP_OR, query,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, more, PRF_WEIGHT));
}

// Runs every query of QUERIES_PATH against DBDIR in this process: a TREC run
// (best paragraph per article, 1000 deep) or latency figures (parse +
// get_mset(0, 10) per query, timed with the monotonic clock; with PRF both
// searches and the expansion are timed).
int cmd_search(const char *dbdir, const char *queries_path, bool trec, bool prf)
{
    peer_query *q = nullptr;
    size_t n = 0;
    if (peer_queries_read(&q, &n, queries_path) != 0)
        return 2;
    int rc = 2;
    try {
        Xapian::Database db(dbdir);
        bool collapse = db.get_metadata(LEVEL_KEY) == "paragraph";
        const char *tag = collapse ? (prf ? "xapian-para-prf" : "xapian-para")
                                   : (prf ? "xapian-prf" : "xapian");
        Xapian::QueryParser qp;
        qp.set_stemmer(Xapian::Stem("english"));
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_database(db);
        std::vector<double> ms(n);
        for (size_t i = 0; i < n; i++) {
            double t0 = peer_now_ms();
            Xapian::Enquire enquire(db);
            Xapian::Query query = parse(qp, q[i].text);
            enquire.set_query(query);
            if (collapse)
                enquire.set_collapse_key(SLOT_ARTICLE);
            if (prf)
                enquire.set_query(expand(enquire, query));
            Xapian::MSet mset = enquire.get_mset(0, trec ? TREC_DEPTH : PAGE_SIZE);
            ms[i] = peer_now_ms() - t0;
            if (!trec)
                continue;
            for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
                std::printf("%s Q0 %s %u %.6f %s\n", q[i].qid,
                            it.get_document().get_data().c_str(),
                            it.get_rank() + 1, it.get_weight(), tag);
        }
        if (!trec)
            peer_latency_print(stdout, ms.data(), n);
        rc = 0;
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapian-peer: %s\n", e.get_description().c_str());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "xapian-peer: %s\n", e.what());
    }
    peer_queries_free(q, n);
    return rc;
}

} // namespace

// Dispatches to index or search; exit 0 done, 2 on bad usage or any error.
int main(int argc, char **argv)
{
    if (argc >= 4 && std::strcmp(argv[1], "index") == 0) {
        bool paragraphs = false;
        int i = 2;
        if (std::strcmp(argv[i], "--level") == 0) {
            if (argc != 6)
                return usage();
            if (std::strcmp(argv[3], "paragraph") == 0)
                paragraphs = true;
            else if (std::strcmp(argv[3], "article") != 0)
                return usage();
            i = 4;
        }
        if (argc != i + 2)
            return usage();
        return cmd_index(paragraphs, argv[i], argv[i + 1]);
    }
    if (argc >= 4 && argc <= 6 && std::strcmp(argv[1], "search") == 0) {
        bool trec = true, prf = false;
        for (int i = 4; i < argc; i++) {
            if (std::strcmp(argv[i], "--latency") == 0)
                trec = false;
            else if (std::strcmp(argv[i], "--prf") == 0)
                prf = true;
            else if (std::strcmp(argv[i], "--trec") != 0)
                return usage();
        }
        return cmd_search(argv[2], argv[3], trec, prf);
    }
    return usage();
}
