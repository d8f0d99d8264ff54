// tests/mcp/client.mjs: drive silk-query --mcp with the official MCP
// TypeScript SDK's Client over stdio and check what a client gets back
// against silk-query --json on the same index: the tools and their
// schemas, search hits (ids, citations, byte spans against the files,
// counts), an article's passages, facet counts, and the errors (JSON-RPC
// errors for an unknown tool, bad arguments, an unknown method; isError
// results for a bad query and an unknown article).
//
//   node client.mjs SILK_QUERY INDEX
//
// Run by tests/cli/mcp.sh from the directory npm installed the SDK into.
// Prints "FAIL: ..." lines; exit 1 if any.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { McpError, EmptyResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const [qBin, index] = process.argv.slice(2);
let failed = 0;
const fail = (m) => { console.log("FAIL: " + m); failed = 1; };
const check = (ok, m) => { if (!ok) fail(m); };
const eq = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// silk-query --json ARGS..., as records (exit 1, nothing matched, is fine).
function oneShot(...args) {
    let out;
    try {
        out = execFileSync(qBin, ["-i", index, "--json", ...args], { encoding: "utf8" });
    } catch (e) {
        if (e.status !== 1) throw e;
        out = e.stdout;
    }
    return out.split("\n").filter((l) => l).map((l) => JSON.parse(l));
}
const hitsOf = (recs) => recs.filter((r) => r.type === "hit");
const summaryOf = (recs) => recs.find((r) => r.type === "summary");

const transport = new StdioClientTransport({ command: qBin, args: ["--mcp", "-i", index], stderr: "inherit" });
const client = new Client({ name: "silk-test", version: "1.0.0" });
await client.connect(transport);

// initialize: the SDK asked for its newest version; silk serves it.
check(client.getServerVersion()?.name === "silk", "serverInfo.name is silk");
check(client.getServerCapabilities()?.tools !== undefined, "the tools capability");
await client.ping();

// tools/list: three tools, each with an object inputSchema.
const { tools } = await client.listTools();
check(eq(tools.map((t) => t.name).sort(), ["facets", "get_article", "search"]),
      "tools/list names search, get_article, facets: " + tools.map((t) => t.name));
for (const t of tools) {
    check(t.inputSchema?.type === "object" && t.inputSchema.properties, t.name + ": an inputSchema");
    check(t.outputSchema?.type === "object", t.name + ": an outputSchema");
    check(t.description, t.name + ": a description");
}

// search: the hits silk-query --json gives, with their citations.
async function search(args, ...cli) {
    const res = await client.callTool({ name: "search", arguments: args });
    check(!res.isError, "search " + JSON.stringify(args) + ": not an error");
    const got = res.structuredContent, want = oneShot(...cli);
    const wantHits = hitsOf(want), sum = summaryOf(want);
    check(eq(got.hits.map((h) => h.id), wantHits.map((h) => h.id)),
          "search " + JSON.stringify(args) + ": the ids of silk-query --json " + cli.join(" "));
    for (const k of ["total", "articles", "exact", "results", "parsed"])
        check(eq(got[k], sum[k]), "search " + JSON.stringify(args) + ": " + k + " " + got[k] + " != " + sum[k]);
    got.hits.forEach((h, i) => {
        const w = wantHits[i] || {};
        for (const k of ["article", "passage", "path", "start", "end", "span", "text", "title", "date", "fields", "context"])
            check(eq(h[k], w[k]), h.id + ": " + k + " as silk-query --json's");
        if (h.span === "file") {
            const bytes = readFileSync(h.path).subarray(h.start, h.end).toString("utf8");
            check(bytes === h.text, h.id + ": the file's bytes start..end are the text");
        }
    });
    const text = res.content.find((c) => c.type === "text")?.text || "";
    check(got.hits.every((h) => text.includes(h.id)), "search: the text content names every hit");
    return got;
}
const s1 = await search({ query: "railway", limit: 5 }, "--limit", "5", "railway");
check(s1.hits.length > 0, "search railway: some hits");
await search({ query: "trade", filters: { country: "China", year: "2019..2021" }, sort: "newest", limit: 3, offset: 1 },
             "--sort", "newest", "--limit", "3", "--offset", "1", "trade country:China year:2019..2021");
await search({ query: "Belt and Road", filters: { source: "China Trade News" }, per_article: 1, context: 1 },
             "--per-article", "1", "--context", "1", 'Belt and Road source:"China Trade News"');

// get_article: every passage of the article, in order.
const aid = s1.hits[0].article;
const art = await client.callTool({ name: "get_article", arguments: { id: aid } });
check(!art.isError, "get_article: not an error");
const want = hitsOf(oneShot("--article", aid));
check(art.structuredContent.article === aid, "get_article: the article's id");
check(art.structuredContent.title === want[0].title, "get_article: the title");
check(eq(art.structuredContent.passages.map((p) => p.id), want.map((h) => h.id)),
      "get_article: the passages of silk-query --article, in order");
check(eq(art.structuredContent.passages.map((p) => p.text), want.map((h) => h.text)),
      "get_article: the passages' text");
check((art.content[0]?.text || "").includes(want[want.length - 1].text),
      "get_article: the text content holds the passages");
const one = await client.callTool({ name: "get_article", arguments: { id: aid + "#1", context: 1 } });
check(eq(one.structuredContent.passages.map((p) => p.id), [aid + "#1"]) &&
      eq(one.structuredContent.passages[0].context.map((c) => c.passage), [0, 2]),
      "get_article ID#1 context 1: passage 1 with 0 and 2 around it");

// facets: the exact counts of silk-query --json --facets.
const fc = await client.callTool({ name: "facets", arguments: { query: "trade", facets: ["year", "country"] } });
check(!fc.isError, "facets: not an error");
const wf = oneShot("--facets", "year,country", "--limit", "0", "trade");
for (const field of ["year", "country"]) {
    const w = wf.filter((r) => r.type === "facet" && r.field === field).map((r) => [r.value, r.count]);
    const g = (fc.structuredContent.facets[field] || []).map((r) => [r.value, r.count]);
    check(w.length > 0 && eq(g, w), "facets: the " + field + " counts of silk-query --json --facets");
}
check(fc.structuredContent.total === summaryOf(wf).total, "facets: total");
const all = await client.callTool({ name: "facets", arguments: {} });
check(all.structuredContent.total === summaryOf(oneShot("--count", "*")).total,
      "facets with no query: every passage");

// Errors a model can correct: tool results with isError.
for (const [args, says] of [[{ name: "get_article", arguments: { id: "no-such-article" } }, "unknown article"],
                            [{ name: "search", arguments: { query: "date:2021-13" } }, "date:2021-13 is not a date"],
                            [{ name: "search", arguments: { query: "x", limit: -1 } }, "--limit needs a whole number"]]) {
    const r = await client.callTool(args);
    check(r.isError === true && r.content[0].text.includes(says),
          JSON.stringify(args) + ": isError saying " + says + ", got " + JSON.stringify(r.content));
}
// Protocol errors: JSON-RPC errors, thrown by the client.
async function rpcError(what, code, fn) {
    try {
        await fn();
        fail(what + ": no error");
    } catch (e) {
        check(e instanceof McpError && e.code === code, what + ": JSON-RPC error " + code + ", got " + e);
    }
}
await rpcError("an unknown tool", -32602, () => client.callTool({ name: "nope", arguments: {} }));
await rpcError("a query that is not a string", -32602, () => client.callTool({ name: "search", arguments: { query: 5 } }));
await rpcError("an unknown argument", -32602, () => client.callTool({ name: "search", arguments: { query: "x", limt: 3 } }));
await rpcError("a missing argument", -32602, () => client.callTool({ name: "get_article", arguments: {} }));
await rpcError("an unknown method", -32601, () => client.request({ method: "nope/nothing", params: {} }, EmptyResultSchema));
// Still serving after all of that.
await client.ping();
const again = await client.callTool({ name: "search", arguments: { query: "railway", limit: 5 } });
check(eq(again.structuredContent.hits.map((h) => h.id), s1.hits.map((h) => h.id)), "the same answer after the errors");

await client.close();
process.exit(failed);
