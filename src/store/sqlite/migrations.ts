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
  // 5: server counters (docs/architecture.md "Counters"): how many servers, and how much bandwidth,
  // each (account, project, cloud, billing, flavor, charge type) holds, kept by triggers in the same
  // transaction as every write of a server, so a quota check or a listing's total reads a few rows
  // whatever the size of the world. Filled from the rows already stored. NULL key parts are stored
  // as '' (a primary key must compare them equal); serverUsage turns '' back into null.
  // The UPDATE trigger names only the counted columns, and the engine writes those with a statement
  // of their own that changes a row only when one of them differs: state-only writes never fire it.
  `
  CREATE TABLE server_counts (
    account_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    cloud TEXT NOT NULL,
    billing TEXT NOT NULL,
    flavor_id TEXT NOT NULL,
    internet_charge_type TEXT NOT NULL,
    count INTEGER NOT NULL,
    bandwidth_out REAL NOT NULL,
    PRIMARY KEY (account_id, project_id, cloud, billing, flavor_id, internet_charge_type)
  ) WITHOUT ROWID;
  INSERT INTO server_counts
    SELECT account_id, project_id, coalesce(cloud, ''), coalesce(billing, ''), flavor_id, coalesce(internet_charge_type, ''), count(*), coalesce(sum(bandwidth_out), 0)
    FROM servers GROUP BY 1, 2, 3, 4, 5, 6;
  CREATE TRIGGER server_counts_insert AFTER INSERT ON servers BEGIN
    INSERT INTO server_counts VALUES (new.account_id, new.project_id, coalesce(new.cloud, ''), coalesce(new.billing, ''), new.flavor_id, coalesce(new.internet_charge_type, ''), 1, coalesce(new.bandwidth_out, 0))
      ON CONFLICT DO UPDATE SET count = count + 1, bandwidth_out = bandwidth_out + excluded.bandwidth_out;
  END;
  CREATE TRIGGER server_counts_delete AFTER DELETE ON servers BEGIN
    UPDATE server_counts SET count = count - 1, bandwidth_out = bandwidth_out - coalesce(old.bandwidth_out, 0)
      WHERE account_id = old.account_id AND project_id = old.project_id AND cloud = coalesce(old.cloud, '') AND billing = coalesce(old.billing, '')
        AND flavor_id = old.flavor_id AND internet_charge_type = coalesce(old.internet_charge_type, '');
  END;
  CREATE TRIGGER server_counts_update AFTER UPDATE OF account_id, project_id, cloud, billing, flavor_id, internet_charge_type, bandwidth_out ON servers
    WHEN old.account_id IS NOT new.account_id OR old.project_id IS NOT new.project_id OR old.cloud IS NOT new.cloud OR old.billing IS NOT new.billing
      OR old.flavor_id IS NOT new.flavor_id OR old.internet_charge_type IS NOT new.internet_charge_type OR old.bandwidth_out IS NOT new.bandwidth_out
  BEGIN
    UPDATE server_counts SET count = count - 1, bandwidth_out = bandwidth_out - coalesce(old.bandwidth_out, 0)
      WHERE account_id = old.account_id AND project_id = old.project_id AND cloud = coalesce(old.cloud, '') AND billing = coalesce(old.billing, '')
        AND flavor_id = old.flavor_id AND internet_charge_type = coalesce(old.internet_charge_type, '');
    INSERT INTO server_counts VALUES (new.account_id, new.project_id, coalesce(new.cloud, ''), coalesce(new.billing, ''), new.flavor_id, coalesce(new.internet_charge_type, ''), 1, coalesce(new.bandwidth_out, 0))
      ON CONFLICT DO UPDATE SET count = count + 1, bandwidth_out = bandwidth_out + excluded.bandwidth_out;
  END;
  `,
  // 6: listings walk an index in their own order and stop at the page's end (docs/architecture.md
  // "Flat cost"). Every server listing names the account; most name the project (a Huawei project,
  // an Alibaba region) and some the flavor, and all are in (created_at, id) order: with only
  // (account, created) an Alibaba region's first page skipped every server of the account's Huawei
  // projects. Job listings are newest first with ties by id. servers_by_project and jobs_by_account
  // are subsumed; servers_usage is read by nobody since the counters (5), and every index of
  // servers costs each world load a random-order insert per server.
  `
  CREATE INDEX servers_listed ON servers (account_id, project_id, created_at, id);
  CREATE INDEX servers_listed_by_flavor ON servers (account_id, project_id, flavor_id, created_at, id);
  DROP INDEX servers_by_project;
  DROP INDEX servers_usage;
  CREATE INDEX jobs_recent ON jobs (created_at DESC, id);
  CREATE INDEX jobs_by_account_recent ON jobs (account_id, created_at DESC, id);
  DROP INDEX jobs_by_account;
  `,
  // 7: signature nonces (Alibaba's SignatureNonce, kept 30 minutes) are purged by expiry: without
  // an index every purge read every nonce of the last half hour (at 3,000 calls a second, millions
  // of rows, a stall of the event loop each minute). Keyed by the nonce alone (WITHOUT ROWID: one
  // b-tree, not a table and its key index, for each call's insert), and an index on the expiry,
  // which only grows at its end.
  `
  CREATE TABLE nonces_keyed (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
  INSERT INTO nonces_keyed (nonce, expires_at) SELECT nonce, expires_at FROM nonces;
  DROP TABLE nonces;
  ALTER TABLE nonces_keyed RENAME TO nonces;
  CREATE INDEX nonces_expiry ON nonces (expires_at);
  `,
  // 8: order listings walk an index in their order and stop at the page (docs/architecture.md
  // "Flat cost"): cloud, status and resource beside the document, filled from it for the rows
  // already stored. Listings read an account's orders of one cloud (Huawei BSS, Alibaba
  // QueryOrders), of one cloud and status (Huawei's status filter), of an account (the console
  // with an account) or of every account (the console), newest first; AAD looks up the unpaid
  // order of one instance. order_counts holds how many orders each (account, cloud, status) has,
  // kept by triggers as server_counts is (5): a listing's total reads a few rows. NULL key parts
  // are stored as '' (as in server_counts); every order written since has them.
  `
  ALTER TABLE orders ADD COLUMN cloud TEXT;
  ALTER TABLE orders ADD COLUMN status TEXT;
  ALTER TABLE orders ADD COLUMN resource_id TEXT;
  UPDATE orders SET cloud = json_extract(doc, '$.cloud'), status = json_extract(doc, '$.status'), resource_id = json_extract(doc, '$.resourceId');
  DROP INDEX orders_by_account;
  CREATE INDEX orders_by_account ON orders (account_id, created_at, id);
  CREATE INDEX orders_listed ON orders (account_id, cloud, created_at, id);
  CREATE INDEX orders_listed_by_status ON orders (account_id, cloud, status, created_at, id);
  CREATE INDEX orders_recent ON orders (created_at, id);
  CREATE INDEX orders_by_resource ON orders (resource_id, status);
  CREATE TABLE order_counts (
    account_id TEXT NOT NULL,
    cloud TEXT NOT NULL,
    status TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (account_id, cloud, status)
  ) WITHOUT ROWID;
  INSERT INTO order_counts SELECT account_id, coalesce(cloud, ''), coalesce(status, ''), count(*) FROM orders GROUP BY 1, 2, 3;
  CREATE TRIGGER order_counts_insert AFTER INSERT ON orders BEGIN
    INSERT INTO order_counts VALUES (new.account_id, coalesce(new.cloud, ''), coalesce(new.status, ''), 1) ON CONFLICT DO UPDATE SET count = count + 1;
  END;
  CREATE TRIGGER order_counts_delete AFTER DELETE ON orders BEGIN
    UPDATE order_counts SET count = count - 1 WHERE account_id = old.account_id AND cloud = coalesce(old.cloud, '') AND status = coalesce(old.status, '');
  END;
  CREATE TRIGGER order_counts_update AFTER UPDATE OF account_id, cloud, status ON orders
    WHEN old.account_id IS NOT new.account_id OR old.cloud IS NOT new.cloud OR old.status IS NOT new.status
  BEGIN
    UPDATE order_counts SET count = count - 1 WHERE account_id = old.account_id AND cloud = coalesce(old.cloud, '') AND status = coalesce(old.status, '');
    INSERT INTO order_counts VALUES (new.account_id, coalesce(new.cloud, ''), coalesce(new.status, ''), 1) ON CONFLICT DO UPDATE SET count = count + 1;
  END;
  `,
  // 9: how many jobs each status has (the metrics' specshift_jobs gauge), kept by triggers as the
  // server and order counters are (5, 8): counting by status read every job row, ~90 ms at 200,000
  // jobs with the event loop standing still, at every scrape. Filled from the rows already stored.
  `
  CREATE TABLE job_counts (status TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
  INSERT INTO job_counts SELECT status, count(*) FROM jobs GROUP BY status;
  CREATE TRIGGER job_counts_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO job_counts VALUES (new.status, 1) ON CONFLICT DO UPDATE SET count = count + 1;
  END;
  CREATE TRIGGER job_counts_delete AFTER DELETE ON jobs BEGIN
    UPDATE job_counts SET count = count - 1 WHERE status = old.status;
  END;
  CREATE TRIGGER job_counts_update AFTER UPDATE OF status ON jobs WHEN old.status IS NOT new.status BEGIN
    UPDATE job_counts SET count = count - 1 WHERE status = old.status;
    INSERT INTO job_counts VALUES (new.status, 1) ON CONFLICT DO UPDATE SET count = count + 1;
  END;
  `,
  // 10: status filters without reading every server (issue 16, flat cost). A listing filtered on a
  // status (Huawei ?status=SHUTOFF, Alibaba Status=Stopped) pages each (vm_state, task_state) pair
  // it names through this index, in order, and takes its total from these counters, kept by
  // triggers like the others; a state change pays two counter writes. Filled from the rows stored.
  `
  CREATE TABLE server_state_counts (
    account_id TEXT NOT NULL, project_id TEXT NOT NULL, vm_state TEXT NOT NULL, task_state TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (account_id, project_id, vm_state, task_state)
  ) WITHOUT ROWID;
  INSERT INTO server_state_counts SELECT account_id, project_id, vm_state, coalesce(task_state, ''), count(*) FROM servers GROUP BY 1, 2, 3, 4;
  CREATE INDEX servers_listed_by_state ON servers (account_id, project_id, vm_state, task_state, created_at, id);
  CREATE TRIGGER server_state_counts_insert AFTER INSERT ON servers BEGIN
    INSERT INTO server_state_counts VALUES (new.account_id, new.project_id, new.vm_state, coalesce(new.task_state, ''), 1) ON CONFLICT DO UPDATE SET count = count + 1;
  END;
  CREATE TRIGGER server_state_counts_delete AFTER DELETE ON servers BEGIN
    UPDATE server_state_counts SET count = count - 1
    WHERE account_id = old.account_id AND project_id = old.project_id AND vm_state = old.vm_state AND task_state = coalesce(old.task_state, '');
  END;
  CREATE TRIGGER server_state_counts_update AFTER UPDATE OF account_id, project_id, vm_state, task_state ON servers
  WHEN old.account_id IS NOT new.account_id OR old.project_id IS NOT new.project_id OR old.vm_state IS NOT new.vm_state OR old.task_state IS NOT new.task_state
  BEGIN
    UPDATE server_state_counts SET count = count - 1
    WHERE account_id = old.account_id AND project_id = old.project_id AND vm_state = old.vm_state AND task_state = coalesce(old.task_state, '');
    INSERT INTO server_state_counts VALUES (new.account_id, new.project_id, new.vm_state, coalesce(new.task_state, ''), 1) ON CONFLICT DO UPDATE SET count = count + 1;
  END;
  `,
  // 11: signature nonces kept in memory (sqlite/recent-nonces.ts), recorded here in the order they
  // expire, for a restart to read back: each claim appends to the last page of this b-tree instead
  // of writing a random page of `nonces` (keyed by the nonce), which was a fifth of an Alibaba
  // call's CPU (bench/README.md). `nonces` stays for what memory cannot hold (past its capacity).
  `
  CREATE TABLE nonce_log (expires_at INTEGER NOT NULL, nonce TEXT NOT NULL, PRIMARY KEY (expires_at, nonce)) WITHOUT ROWID;
  `,
];
