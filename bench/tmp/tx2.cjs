const D = require('better-sqlite3'); const db = new D(process.argv[2]);
db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL'); db.pragma('wal_autocheckpoint = 4000'); db.pragma('cache_size = -8000');
const ids = db.prepare("select id from servers where json_extract(doc,'$.busyJobId') is null limit 5000 offset 0").pluck().all();
const get = db.prepare('SELECT doc FROM servers WHERE id = ?');
const upd = db.prepare('UPDATE servers SET name = ?, flavor_id = ?, vm_state = ?, task_state = ?, version = ?, doc = ? WHERE id = ? AND version = ?');
const ins = db.prepare('INSERT INTO jobs (id, account_id, parent_id, status, due_at, purge_at, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
let tb = 0, tc = 0, tw = 0; let k = 0;
for (const id of ids) {
  let t = performance.now(); db.exec('BEGIN IMMEDIATE'); tb += performance.now() - t;
  t = performance.now();
  const s = JSON.parse(get.get(id).doc); s.version++; s.busyJobId = 'x' + k;
  const job = { id: 'ff8080' + String(k++).padStart(26, '0') + Math.random(), accountId: s.accountId, doc: 'x'.repeat(400) };
  ins.run(job.id, s.accountId, null, 'INIT', Date.now() + 1e9, null, Date.now(), JSON.stringify(job));
  upd.run(s.name, s.flavorId, s.vmState, s.taskState, s.version, JSON.stringify(s), id, s.version - 1);
  tw += performance.now() - t;
  t = performance.now(); db.exec('COMMIT'); tc += performance.now() - t;
}
console.log('per tx us: begin', (tb / ids.length * 1000).toFixed(1), 'work', (tw / ids.length * 1000).toFixed(1), 'commit', (tc / ids.length * 1000).toFixed(1));
