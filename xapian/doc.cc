/* doc.cc: documents: terms, values, data; add, replace, delete (part of
 * the C shim over libxapian 1.4; see shim_int.h). */
#include "shim_int.h"

#include <new>

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

