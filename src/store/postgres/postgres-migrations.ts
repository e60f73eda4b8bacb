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
  // 5: server counters, kept by a trigger in the same transaction as every write of a server, as in
  // sqlite/migrations.ts 5 (NULL key parts stored as ''). The UPDATE trigger fires only when a
  // counted column changed (WHEN), so state-only writes stay HOT updates that touch no counter.
  // Two transactions moving servers between the same two groups in opposite directions can
  // deadlock on the counter rows; PostgreSQL aborts one, which surfaces as StoreConflict (retried).
  `
  CREATE TABLE server_counts (
    account_id TEXT COLLATE "C" NOT NULL,
    project_id TEXT COLLATE "C" NOT NULL,
    cloud TEXT COLLATE "C" NOT NULL,
    billing TEXT COLLATE "C" NOT NULL,
    flavor_id TEXT COLLATE "C" NOT NULL,
    internet_charge_type TEXT COLLATE "C" NOT NULL,
    count BIGINT NOT NULL,
    bandwidth_out DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (account_id, project_id, cloud, billing, flavor_id, internet_charge_type)
  );
  INSERT INTO server_counts
    SELECT account_id, project_id, coalesce(cloud, ''), coalesce(billing, ''), flavor_id, coalesce(internet_charge_type, ''), count(*), coalesce(sum(bandwidth_out), 0)
    FROM servers GROUP BY 1, 2, 3, 4, 5, 6;
  CREATE FUNCTION server_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF TG_OP <> 'INSERT' THEN
      UPDATE server_counts SET count = count - 1, bandwidth_out = bandwidth_out - coalesce(OLD.bandwidth_out, 0)
        WHERE account_id = OLD.account_id AND project_id = OLD.project_id AND cloud = coalesce(OLD.cloud, '') AND billing = coalesce(OLD.billing, '')
          AND flavor_id = OLD.flavor_id AND internet_charge_type = coalesce(OLD.internet_charge_type, '');
    END IF;
    IF TG_OP <> 'DELETE' THEN
      INSERT INTO server_counts VALUES (NEW.account_id, NEW.project_id, coalesce(NEW.cloud, ''), coalesce(NEW.billing, ''), NEW.flavor_id, coalesce(NEW.internet_charge_type, ''), 1, coalesce(NEW.bandwidth_out, 0))
        ON CONFLICT (account_id, project_id, cloud, billing, flavor_id, internet_charge_type)
        DO UPDATE SET count = server_counts.count + 1, bandwidth_out = server_counts.bandwidth_out + EXCLUDED.bandwidth_out;
    END IF;
    RETURN NULL;
  END
  $fn$;
  CREATE TRIGGER server_counts_insert_delete AFTER INSERT OR DELETE ON servers FOR EACH ROW EXECUTE FUNCTION server_counts_apply();
  CREATE TRIGGER server_counts_update AFTER UPDATE ON servers FOR EACH ROW
    WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.project_id IS DISTINCT FROM NEW.project_id OR OLD.cloud IS DISTINCT FROM NEW.cloud
      OR OLD.billing IS DISTINCT FROM NEW.billing OR OLD.flavor_id IS DISTINCT FROM NEW.flavor_id
      OR OLD.internet_charge_type IS DISTINCT FROM NEW.internet_charge_type OR OLD.bandwidth_out IS DISTINCT FROM NEW.bandwidth_out)
    EXECUTE FUNCTION server_counts_apply();
  `,
  // 6: listing indexes, as in sqlite/migrations.ts 6
  `
  CREATE INDEX servers_listed ON servers (account_id, project_id, created_at, id);
  CREATE INDEX servers_listed_by_flavor ON servers (account_id, project_id, flavor_id, created_at, id);
  DROP INDEX servers_by_project;
  DROP INDEX servers_usage;
  CREATE INDEX jobs_recent ON jobs (created_at DESC, id);
  CREATE INDEX jobs_by_account_recent ON jobs (account_id, created_at DESC, id);
  DROP INDEX jobs_by_account;
  `,
  // 7: the counters' INSERT and DELETE trigger becomes one per statement over its transition table.
  // Per row, a world load's inserts each updated the same counter row in one transaction, and every
  // update of a row a transaction already updated walks the versions it left: quadratic (100,000
  // servers took minutes). Per statement, each multi-row INSERT of a load (postgres-ops.ts batches
  // them) and a wipe's one DELETE add their rows to the counters grouped, once per group. Updates
  // keep the row trigger, which fires only when a counted column changed.
  `
  DROP TRIGGER server_counts_insert_delete ON servers;
  CREATE FUNCTION server_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    INSERT INTO server_counts
      SELECT account_id, project_id, coalesce(cloud, ''), coalesce(billing, ''), flavor_id, coalesce(internet_charge_type, ''), count(*), coalesce(sum(bandwidth_out), 0)
      FROM inserted GROUP BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (account_id, project_id, cloud, billing, flavor_id, internet_charge_type)
      DO UPDATE SET count = server_counts.count + EXCLUDED.count, bandwidth_out = server_counts.bandwidth_out + EXCLUDED.bandwidth_out;
    RETURN NULL;
  END
  $fn$;
  CREATE FUNCTION server_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    UPDATE server_counts c SET count = c.count - d.n, bandwidth_out = c.bandwidth_out - d.bw
      FROM (SELECT account_id, project_id, coalesce(cloud, '') AS cloud, coalesce(billing, '') AS billing, flavor_id, coalesce(internet_charge_type, '') AS ict,
              count(*) AS n, coalesce(sum(bandwidth_out), 0) AS bw
            FROM deleted GROUP BY 1, 2, 3, 4, 5, 6) d
      WHERE c.account_id = d.account_id AND c.project_id = d.project_id AND c.cloud = d.cloud AND c.billing = d.billing AND c.flavor_id = d.flavor_id AND c.internet_charge_type = d.ict;
    RETURN NULL;
  END
  $fn$;
  CREATE TRIGGER server_counts_insert AFTER INSERT ON servers REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION server_counts_inserted();
  CREATE TRIGGER server_counts_delete AFTER DELETE ON servers REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION server_counts_deleted();
  `,
  // 8: the purge of expired signature nonces (sqlite/migrations.ts 7): by an index, not a scan of
  // every nonce of the last half hour
  `
  CREATE INDEX nonces_expiry ON nonces (expires_at);
  `,
  // 9: order listing indexes and order counters, as in sqlite/migrations.ts 8. Rows already stored
  // are filled from their documents with every \u escape blanked first, as in 2. The counters'
  // trigger runs per row: orders arrive one per transaction (a billed change), never by the
  // million in one, so the versions a per-row counter update leaves (7) do not pile up.
  `
  ALTER TABLE orders ADD COLUMN cloud TEXT COLLATE "C", ADD COLUMN status TEXT COLLATE "C", ADD COLUMN resource_id TEXT COLLATE "C";
  UPDATE orders SET cloud = j ->> 'cloud', status = j ->> 'status', resource_id = j ->> 'resourceId'
    FROM (SELECT id AS jid, regexp_replace(doc, '\\\\u[0-9a-fA-F]{4}', '\\\\u0020', 'g')::json AS j FROM orders) parsed
    WHERE parsed.jid = orders.id;
  DROP INDEX orders_by_account;
  CREATE INDEX orders_by_account ON orders (account_id, created_at, id);
  CREATE INDEX orders_listed ON orders (account_id, cloud, created_at, id);
  CREATE INDEX orders_listed_by_status ON orders (account_id, cloud, status, created_at, id);
  CREATE INDEX orders_recent ON orders (created_at, id);
  CREATE INDEX orders_by_resource ON orders (resource_id, status);
  CREATE TABLE order_counts (
    account_id TEXT COLLATE "C" NOT NULL,
    cloud TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (account_id, cloud, status)
  );
  INSERT INTO order_counts SELECT account_id, coalesce(cloud, ''), coalesce(status, ''), count(*) FROM orders GROUP BY 1, 2, 3;
  CREATE FUNCTION order_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF TG_OP <> 'INSERT' THEN
      UPDATE order_counts SET count = count - 1
        WHERE account_id = OLD.account_id AND cloud = coalesce(OLD.cloud, '') AND status = coalesce(OLD.status, '');
    END IF;
    IF TG_OP <> 'DELETE' THEN
      INSERT INTO order_counts VALUES (NEW.account_id, coalesce(NEW.cloud, ''), coalesce(NEW.status, ''), 1)
        ON CONFLICT (account_id, cloud, status) DO UPDATE SET count = order_counts.count + 1;
    END IF;
    RETURN NULL;
  END
  $fn$;
  CREATE TRIGGER order_counts_insert_delete AFTER INSERT OR DELETE ON orders FOR EACH ROW EXECUTE FUNCTION order_counts_apply();
  CREATE TRIGGER order_counts_update AFTER UPDATE ON orders FOR EACH ROW
    WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.cloud IS DISTINCT FROM NEW.cloud OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION order_counts_apply();
  `,
  // 10: the state counters of sqlite/migrations.ts 10 (status-filtered totals without counting the
  // servers in that state). Inserts and deletes per statement over the transition tables, as the
  // server counters since 7; a state change per row, and in key order: a change from state a to b
  // and one from b to a in two transactions would otherwise lock the same two counter rows in
  // opposite orders and deadlock. No index on the state columns here (SQLite has one): it would
  // make every state change a non-HOT update; a status-filtered page walks servers_listed instead.
  `
  CREATE TABLE server_state_counts (
    account_id TEXT COLLATE "C" NOT NULL,
    project_id TEXT COLLATE "C" NOT NULL,
    vm_state TEXT COLLATE "C" NOT NULL,
    task_state TEXT COLLATE "C" NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (account_id, project_id, vm_state, task_state)
  );
  INSERT INTO server_state_counts SELECT account_id, project_id, vm_state, coalesce(task_state, ''), count(*) FROM servers GROUP BY 1, 2, 3, 4;
  CREATE FUNCTION server_state_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    INSERT INTO server_state_counts
      SELECT account_id, project_id, vm_state, coalesce(task_state, ''), count(*) FROM inserted GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (account_id, project_id, vm_state, task_state) DO UPDATE SET count = server_state_counts.count + EXCLUDED.count;
    RETURN NULL;
  END
  $fn$;
  CREATE FUNCTION server_state_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    UPDATE server_state_counts c SET count = c.count - d.n
      FROM (SELECT account_id, project_id, vm_state, coalesce(task_state, '') AS task_state, count(*) AS n FROM deleted GROUP BY 1, 2, 3, 4) d
      WHERE c.account_id = d.account_id AND c.project_id = d.project_id AND c.vm_state = d.vm_state AND c.task_state = d.task_state;
    RETURN NULL;
  END
  $fn$;
  CREATE FUNCTION server_state_counts_moved() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE
    o TEXT[] := ARRAY[OLD.account_id, OLD.project_id, OLD.vm_state, coalesce(OLD.task_state, '')];
    n TEXT[] := ARRAY[NEW.account_id, NEW.project_id, NEW.vm_state, coalesce(NEW.task_state, '')];
  BEGIN
    IF o < n THEN
      UPDATE server_state_counts SET count = count - 1 WHERE account_id = o[1] AND project_id = o[2] AND vm_state = o[3] AND task_state = o[4];
    END IF;
    INSERT INTO server_state_counts VALUES (n[1], n[2], n[3], n[4], 1)
      ON CONFLICT (account_id, project_id, vm_state, task_state) DO UPDATE SET count = server_state_counts.count + 1;
    IF o > n THEN
      UPDATE server_state_counts SET count = count - 1 WHERE account_id = o[1] AND project_id = o[2] AND vm_state = o[3] AND task_state = o[4];
    END IF;
    RETURN NULL;
  END
  $fn$;
  CREATE TRIGGER server_state_counts_insert AFTER INSERT ON servers REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION server_state_counts_inserted();
  CREATE TRIGGER server_state_counts_delete AFTER DELETE ON servers REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION server_state_counts_deleted();
  CREATE TRIGGER server_state_counts_update AFTER UPDATE ON servers FOR EACH ROW
    WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.project_id IS DISTINCT FROM NEW.project_id
      OR OLD.vm_state IS DISTINCT FROM NEW.vm_state OR OLD.task_state IS DISTINCT FROM NEW.task_state)
    EXECUTE FUNCTION server_state_counts_moved();
  `,
  // 11: room on every server page for the next version of its rows. A world load filled each page,
  // so a server's update (a resize accepted: its document and version, no indexed column) found no
  // room beside the old version and went to another page, with a new entry in each of the table's
  // four indexes: 14% of a resize run's updates were HOT. With 15% of each page kept free, the new
  // version stays on its page and no index is touched. Pages written before this keep no room
  // until they are written again (a new world load rewrites them all).
  `
  ALTER TABLE servers SET (fillfactor = 85);
  `,
];
