#!/usr/bin/env node
// The Cosmos DB stand-in for the Azure storage tests: @vercel/cosmosdb-server 1.0.1 (in memory, HTTP) with the
// few fixes the .NET SDK 3.x needs (shared/reference/components.md §2):
//  - the SDK asks the gateway for a query plan (x-ms-cosmos-is-query-plan-request) because its native plan
//    library does not run on Linux; answered with a plan of no client-side stages over the one partition-key
//    range the server has, so the server's own ORDER BY / TOP / COUNT results are already the global ones;
//  - a query sent with x-ms-documentdb-partitionkey sees only that logical partition (the server ignores it);
//  - reading a missing document answers 404 NotFound (the server throws and answers 500).
// TransactionalBatch, DISTINCT, GROUP BY, LIKE and OFFSET/LIMIT stay unsupported: the app does not use them.
// It also counts the requests it serves per container and operation (GET /_shim/requests), so tests and the
// benchmark can measure storage round trips per turn where they happen: at the server.
//
// Usage: node cosmos-shim.js --host 127.0.0.1 --port <port>   (plain HTTP; prints "Ready ... <host>:<port>" when listening)
"use strict";

const { AsyncLocalStorage } = require("async_hooks");

const lib = "@vercel/cosmosdb-server/lib";
const readDocument = require(`${lib}/handler/read-document`);
const queryDocuments = require(`${lib}/handler/query-documents`);
const Items = require(`${lib}/account/items`).default;

const partitionOfQuery = new AsyncLocalStorage();

const notFound = { code: "NotFound", message: "Entity with the specified id does not exist in the system." };

const queryPlan = {
  partitionedQueryExecutionInfoVersion: 2,
  queryInfo: {
    distinctType: "None",
    top: null,
    offset: null,
    limit: null,
    orderBy: [],
    orderByExpressions: [],
    groupByExpressions: [],
    groupByAliases: [],
    aggregates: [],
    groupByAliasToAggregateType: {},
    rewrittenQuery: "",
    hasSelectValue: false,
    dCountInfo: null,
  },
  queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }],
};

// The route table captures the handlers when it is loaded: replace them before requiring the server.
const originalRead = readDocument.default;
readDocument.default = (account, req, res, params) => {
  try {
    return originalRead(account, req, res, params);
  } catch (err) {
    if (err instanceof TypeError) {
      res.statusCode = 404;
      return { ...notFound };
    }
    throw err;
  }
};

const originalQuery = queryDocuments.default;
queryDocuments.default = async (account, req, res, params) => {
  if (/^true$/i.test(req.headers["x-ms-cosmos-is-query-plan-request"] || "")) {
    return JSON.parse(JSON.stringify(queryPlan));
  }
  let partition;
  const header = req.headers["x-ms-documentdb-partitionkey"];
  if (header && header !== "[{}]") {
    const parsed = JSON.parse(header);
    partition = { value: Array.isArray(parsed) ? parsed[0] : parsed };
  }
  // The partition filter below replaces the server's "the WHERE must name the partition key" check.
  req.headers["x-ms-documentdb-query-enablecrosspartition"] = "true";
  return partitionOfQuery.run(partition, () => originalQuery(account, req, res, params));
};

const originalItemsQuery = Items.prototype.query;
Items.prototype.query = function query(params, options) {
  const partition = partitionOfQuery.getStore();
  if (!partition) {
    return originalItemsQuery.call(this, params, options);
  }
  const data = this._data;
  const filtered = new Map([...data].filter(([, item]) => this._getPartition(item.read()) === partition.value));
  this._data = filtered;
  try {
    return originalItemsQuery.call(this, params, options);
  } finally {
    this._data = data;
  }
};

const { createHttpServer } = require(lib);

const args = process.argv.slice(2);
const option = (names, fallback) => {
  const at = args.findIndex(a => names.includes(a));
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const host = option(["--host"], "127.0.0.1");
const port = parseInt(option(["-p", "--port"], "0"), 10);

const counts = { metadata: 0, containers: {} };

function count(req) {
  const path = (req.url || "").split("?")[0].replace(/^\/+/, "/");
  const match = /^\/dbs\/([^/]+)\/colls\/([^/]+)\/docs(?:\/([^/]+))?\/?$/.exec(path);
  if (!match) {
    counts.metadata += 1;
    return;
  }
  const header = name => /^true$/i.test(req.headers[name] || "");
  let operation;
  if (req.method === "POST" && header("x-ms-cosmos-is-query-plan-request")) operation = "queryPlan";
  else if (req.method === "POST" && (header("x-ms-documentdb-isquery") || req.headers["content-type"] === "application/query+json")) operation = "query";
  else if (req.method === "POST" && header("x-ms-documentdb-is-upsert")) operation = "upsert";
  else if (req.method === "POST") operation = "create";
  else operation = { GET: match[3] ? "read" : "readFeed", PUT: "replace", PATCH: "patch", DELETE: "delete" }[req.method] || req.method;
  const container = `${decodeURIComponent(match[1])}/${decodeURIComponent(match[2])}`;
  const perContainer = (counts.containers[container] = counts.containers[container] || {});
  perContainer[operation] = (perContainer[operation] || 0) + 1;
}

const server = createHttpServer({ keepAlive: true });
const serve = server.listeners("request")[0];
server.removeAllListeners("request");
server.on("request", (req, res) => {
  if (req.url === "/_shim/requests") {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(counts));
    return;
  }
  count(req);
  serve(req, res);
});
server.listen(port, host, () => {
  // eslint-disable-next-line no-console
  console.log(`Ready to accept HTTP connections at ${host}:${server.address().port}`);
});
server.keepAliveTimeout = 60000;

const stop = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
