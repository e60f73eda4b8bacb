// Numbered, append-only schema migrations. Each entry runs once, in order, inside a transaction.
export const migrations: readonly string[] = [
  `
  CREATE TABLE accounts (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
  CREATE TABLE credentials (access_key TEXT PRIMARY KEY, doc TEXT NOT NULL);
  CREATE TABLE users (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
  CREATE TABLE projects (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
  CREATE TABLE regions (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
  CREATE TABLE flavors (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
  CREATE TABLE servers (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    flavor_id TEXT NOT NULL,
    vm_state TEXT NOT NULL,
    task_state TEXT,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX servers_by_project ON servers (project_id, created_at, id);
  CREATE INDEX servers_by_account ON servers (account_id, created_at, id);
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    parent_id TEXT,
    status TEXT NOT NULL,
    due_at INTEGER,
    purge_at INTEGER,
    created_at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX jobs_due ON jobs (due_at) WHERE due_at IS NOT NULL;
  CREATE INDEX jobs_by_parent ON jobs (parent_id) WHERE parent_id IS NOT NULL;
  CREATE INDEX jobs_by_account ON jobs (account_id, created_at);
  CREATE INDEX jobs_purge ON jobs (purge_at) WHERE purge_at IS NOT NULL;
  CREATE TABLE orders (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, created_at INTEGER NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX orders_by_account ON orders (account_id, created_at);
  CREATE TABLE tokens (token TEXT PRIMARY KEY, expires_at INTEGER NOT NULL, doc TEXT NOT NULL);
  CREATE TABLE nonces (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE world_docs (kind TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (kind, id));
  `,
  // 2: what the quota sums read (serverUsage), as columns beside the document, filled from it for
  // the rows already stored, and one index that answers the sum without reading a row
  `
  ALTER TABLE servers ADD COLUMN cloud TEXT;
  ALTER TABLE servers ADD COLUMN billing TEXT;
  ALTER TABLE servers ADD COLUMN internet_charge_type TEXT;
  ALTER TABLE servers ADD COLUMN bandwidth_out REAL;
  UPDATE servers SET
    cloud = json_extract(doc, '$.cloud'),
    billing = json_extract(doc, '$.billing'),
    internet_charge_type = json_extract(doc, '$.aliyun.internetChargeType'),
    bandwidth_out = json_extract(doc, '$.aliyun.bandwidthOut');
  CREATE INDEX servers_usage ON servers (account_id, project_id, cloud, billing, flavor_id, internet_charge_type, bandwidth_out);
  `,
  // 3: jobs and orders name their cloud (the job engine and the order book dispatch on it); an
  // Alibaba order's cloud moves out of its detail and its kind becomes Alibaba's own. Text edits,
  // not JSON functions, so every engine rewrites the documents alike: JSON.stringify escapes every
  // quote inside a string, so these key patterns only match keys.
  `
  UPDATE jobs SET doc = '{"cloud":"' || (CASE WHEN instr(doc, '"projectId":"aliyun/') > 0 THEN 'aliyun' ELSE 'huawei' END) || '",' || substr(doc, 2);
  UPDATE orders SET doc = '{"cloud":"aliyun",' || substr(replace(replace(doc, '"cloud":"aliyun",', ''), '"kind":"ecs_resize"', '"kind":"ecs_respec"'), 2)
    WHERE instr(doc, '"cloud":"aliyun"') > 0;
  UPDATE orders SET doc = '{"cloud":"huawei",' || substr(doc, 2) WHERE instr(doc, '"cloud":"') = 0;
  `,
  // 4: job claims (a node claims due jobs until its lease runs out): one process owns a SQLite
  // directory, so claims never compete here, but the engine claims the same way on every store
  `
  ALTER TABLE jobs ADD COLUMN claimed_by TEXT;
  ALTER TABLE jobs ADD COLUMN claimed_until INTEGER;
  `,
];
