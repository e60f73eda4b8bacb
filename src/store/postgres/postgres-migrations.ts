// Numbered, append-only schema migrations for the PostgreSQL engine: entry N moves the schema from
// version N to N+1. Never edit an entry that has shipped; append a new one. All pending entries run in
// one transaction under an advisory lock (see postgres-store.ts), so a failed one leaves nothing behind.
//
// Same tables and columns as the SQLite engine (sqlite/migrations.ts), with PostgreSQL types:
// - Times are BIGINT milliseconds, as the model keeps them; no timestamptz conversion on either side.
// - Documents are TEXT holding the JSON the engine wrote, not JSONB. Every read returns the whole
//   document to Node, which parses it anyway: TEXT comes back as stored (no jsonb_out re-serialisation
//   per row) and goes in without a server-side parse, and it round-trips whatever JSON.stringify wrote
//   (JSONB refuses \u0000 and lone surrogates, which world files may contain).
// - The two server fields that listServers filters on inside the document (tags, enterprise project)
//   are kept beside it as columns instead, tags as JSONB, so those filters never parse documents.
// - Key columns use the "C" collation: ORDER BY id and the (created_at, id) paging cursor then sort
//   bytewise like SQLite, whatever the database's default collation is.
export const pgMigrations: readonly string[] = [
  `
  CREATE TABLE accounts (id TEXT COLLATE "C" PRIMARY KEY, doc TEXT NOT NULL);
  CREATE TABLE credentials (access_key TEXT COLLATE "C" PRIMARY KEY, doc TEXT NOT NULL);
  CREATE TABLE users (id TEXT COLLATE "C" PRIMARY KEY, doc TEXT NOT NULL);
  CREATE TABLE projects (id TEXT COLLATE "C" PRIMARY KEY, doc TEXT NOT NULL);
  CREATE TABLE regions (id TEXT COLLATE "C" PRIMARY KEY, doc TEXT NOT NULL);
  CREATE TABLE flavors (id TEXT COLLATE "C" PRIMARY KEY, doc TEXT NOT NULL);
  CREATE TABLE servers (
    id TEXT COLLATE "C" PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL,
    project_id TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    flavor_id TEXT COLLATE "C" NOT NULL,
    vm_state TEXT NOT NULL,
    task_state TEXT,
    enterprise_project_id TEXT,
    tags JSONB NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX servers_by_project ON servers (project_id, created_at, id);
  CREATE INDEX servers_by_account ON servers (account_id, created_at, id);
  CREATE TABLE jobs (
    id TEXT COLLATE "C" PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL,
    parent_id TEXT COLLATE "C",
    status TEXT NOT NULL,
    due_at BIGINT,
    purge_at BIGINT,
    created_at BIGINT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX jobs_due ON jobs (due_at, id) WHERE due_at IS NOT NULL;
  CREATE INDEX jobs_by_parent ON jobs (parent_id) WHERE parent_id IS NOT NULL;
  CREATE INDEX jobs_by_account ON jobs (account_id, created_at);
  CREATE INDEX jobs_purge ON jobs (purge_at) WHERE purge_at IS NOT NULL;
  CREATE TABLE orders (id TEXT COLLATE "C" PRIMARY KEY, account_id TEXT COLLATE "C" NOT NULL, created_at BIGINT NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX orders_by_account ON orders (account_id, created_at);
  CREATE TABLE tokens (token TEXT COLLATE "C" PRIMARY KEY, expires_at BIGINT NOT NULL, doc TEXT NOT NULL);
  CREATE TABLE nonces (nonce TEXT COLLATE "C" PRIMARY KEY, expires_at BIGINT NOT NULL);
  CREATE TABLE meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE world_docs (kind TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (kind, id));
  `,
  // 2: what the quota sums read (serverUsage), as columns beside the document, and one index that
  // answers the sum from the index. Rows already stored are filled from their documents; every \u
  // escape is blanked first (same shape, so the text stays JSON): the json type refuses unpaired
  // surrogates and \u0000 anywhere in a document, and the four fields read here are plain ASCII.
  `
  ALTER TABLE servers
    ADD COLUMN cloud TEXT COLLATE "C",
    ADD COLUMN billing TEXT COLLATE "C",
    ADD COLUMN internet_charge_type TEXT COLLATE "C",
    ADD COLUMN bandwidth_out DOUBLE PRECISION;
  UPDATE servers SET cloud = j ->> 'cloud', billing = j ->> 'billing', internet_charge_type = j -> 'aliyun' ->> 'internetChargeType', bandwidth_out = (j -> 'aliyun' ->> 'bandwidthOut')::double precision
    FROM (SELECT id AS jid, regexp_replace(doc, '\\\\u[0-9a-fA-F]{4}', '\\\\u0020', 'g')::json AS j FROM servers) parsed
    WHERE parsed.jid = servers.id;
  CREATE INDEX servers_usage ON servers (account_id, project_id, cloud, billing, flavor_id, internet_charge_type, bandwidth_out);
  `,
  // 3: jobs and orders name their cloud, as in sqlite/migrations.ts (the same text edits: documents
  // may hold escapes the json type refuses, and JSON.stringify escapes every quote inside a string)
  `
  UPDATE jobs SET doc = '{"cloud":"' || (CASE WHEN strpos(doc, '"projectId":"aliyun/') > 0 THEN 'aliyun' ELSE 'huawei' END) || '",' || substr(doc, 2);
  UPDATE orders SET doc = '{"cloud":"aliyun",' || substr(replace(replace(doc, '"cloud":"aliyun",', ''), '"kind":"ecs_resize"', '"kind":"ecs_respec"'), 2)
    WHERE strpos(doc, '"cloud":"aliyun"') > 0;
  UPDATE orders SET doc = '{"cloud":"huawei",' || substr(doc, 2) WHERE strpos(doc, '"cloud":"') = 0;
  `,
  // 4: job claims with leases (sqlite/migrations.ts 4): each due job goes to one node, and a dead
  // node's claim runs out
  `
  ALTER TABLE jobs ADD COLUMN claimed_by TEXT COLLATE "C", ADD COLUMN claimed_until BIGINT;
  `,
];
