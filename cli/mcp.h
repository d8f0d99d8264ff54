/* mcp.h: silk-query --mcp — a Model Context Protocol server over stdio
 * (JSON-RPC 2.0, one message a line) with the tools search, get_article
 * and facets, each call run as a serve-mode request (serve.h) so that it
 * has the command line's checks and answers (docs/silk-query.md).
 */
#ifndef SILK_MCP_H
#define SILK_MCP_H

#include <stdio.h>

#include "serve.h"

/* The protocol versions served, newest first: an initialize asking for
 * one of them gets it, any other the newest. */
extern const char *const silk_mcp_versions[];

/* Answer the messages on in until EOF, on out (flushed after each).
 * version is silk's, for serverInfo. Returns 0 at EOF, -1 when reading
 * in or writing out failed. */
int silk_mcp(const silk_serve_ops_t *ops, FILE *in, FILE *out,
             const char *version);

#endif /* SILK_MCP_H */
