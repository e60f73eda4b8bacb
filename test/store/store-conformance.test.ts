// One suite of store behaviours, run against every engine: SQLite always, PostgreSQL when
// DATABASE_URL is set. An engine passes when services cannot tell it from the others.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AliyunInstanceAttributes, Server } from '../../src/core/model/types.js';
import { StoreConflict, type OrderQuery, type Store, type StoreTx } from '../../src/core/model/store.js';
import { databaseUrl, enginesUnderTest, postgresEngine } from './engines.js';
import { T0, account, credential, flavor, job, order, project, region, server, sleep, token, user } from './fixtures.js';

class Busy extends Error {}

const byId = <T extends { id: string }>(xs: T[]) => xs.map((x) => x.id);

for (const engine of enginesUnderTest()) {
  describe(`store conformance: ${engine.name}`, () => {
    let store: Store;
    const write = <T>(fn: (tx: StoreTx) => Promise<T>) => store.transaction(fn);
    /** Whether a nonce was recorded before: a claim that loses. One that wins records it, expiring at T0. */
    const nonceSeen = async (nonce: string): Promise<boolean> => !(await store.claimNonce(nonce, T0));

    before(async () => {
      store = await engine.open();
    });
    after(() => engine.dispose());
    beforeEach(() => write((tx) => tx.wipe()));

    describe('world records', () => {
      test('accounts, credentials, users, projects, regions and flavors are stored, listed and replaced by key', async () => {
        await write(async (tx) => {
          await tx.putAccount(account('acc2'));
          await tx.putAccount(account('acc1'));
          await tx.putCredential(credential('AK2', 'acc2'));
          await tx.putCredential(credential('AK1', 'acc1'));
          await tx.putUser(user('u1', 'acc1'));
          await tx.putProject(project('p2', 'acc1'));
          await tx.putProject(project('p1', 'acc1'));
          await tx.putRegion(region('cn-north-4'));
          await tx.putRegion(region('ap-southeast-1'));
          await tx.putFlavor(flavor('s6.xlarge.2', 4));
          await tx.putFlavor(flavor('c7.large.2'));
        });
        const r = store.reads;
        assert.deepEqual(await r.getAccount('acc1'), account('acc1'));
        assert.equal(await r.getAccount('nope'), undefined);
        assert.deepEqual(byId(await r.listAccounts()), ['acc1', 'acc2']);
        assert.deepEqual((await r.listCredentials()).map((c) => c.accessKey).sort(), ['AK1', 'AK2']);
        assert.deepEqual(await r.listUsers(), [user('u1', 'acc1')]);
        assert.deepEqual(byId(await r.listProjects()), ['p1', 'p2']);
        assert.deepEqual(await r.listRegions(), [region('ap-southeast-1'), region('cn-north-4')]);
        assert.deepEqual(await r.listFlavors(), [flavor('c7.large.2'), flavor('s6.xlarge.2', 4)]);

        await write(async (tx) => {
          await tx.putAccount(account('acc1', { balanceCents: 7 }));
          await tx.putCredential({ ...credential('AK1', 'acc1'), secretKey: 'rotated' });
        });
        assert.equal((await r.getAccount('acc1'))!.balanceCents, 7);
        assert.equal((await r.listAccounts()).length, 2);
        assert.equal((await r.listCredentials()).find((c) => c.accessKey === 'AK1')!.secretKey, 'rotated');
      });

      test('tokens and meta values are stored and replaced', async () => {
        await write(async (tx) => {
          await tx.putToken(token('tok1'));
          await tx.setMeta('world.loadedAt', String(T0));
        });
        assert.deepEqual(await store.reads.getToken('tok1'), token('tok1'));
        assert.equal(await store.reads.getToken('tok2'), undefined);
        assert.equal(await store.reads.getMeta('world.loadedAt'), String(T0));
        assert.equal(await store.reads.getMeta('missing'), undefined);
        await write(async (tx) => {
          await tx.putToken(token('tok1', { expiresAt: T0 + 1 }));
          await tx.setMeta('world.loadedAt', 'later');
        });
        assert.equal((await store.reads.getToken('tok1'))!.expiresAt, T0 + 1);
        assert.equal(await store.reads.getMeta('world.loadedAt'), 'later');
      });

      test('world documents are kept per kind, listed by id, replaced and deleted', async () => {
        await write(async (tx) => {
          await tx.putWorldDoc('aad', 'i-2', { id: 'i-2', bandwidth: 10 });
          await tx.putWorldDoc('aad', 'i-1', { id: 'i-1', nested: { list: [1, 'two', null] } });
          await tx.putWorldDoc('fault', 'i-1', { message: 'disk on fire' });
        });
        assert.deepEqual(await store.reads.getWorldDoc('aad'), [{ id: 'i-1', nested: { list: [1, 'two', null] } }, { id: 'i-2', bandwidth: 10 }]);
        assert.deepEqual(await store.reads.findWorldDoc('fault', 'i-1'), { message: 'disk on fire' });
        assert.equal(await store.reads.findWorldDoc('fault', 'i-2'), undefined);
        assert.deepEqual(await store.reads.getWorldDoc('none'), []);
        await write(async (tx) => {
          await tx.putWorldDoc('aad', 'i-2', { id: 'i-2', bandwidth: 20 });
          await tx.deleteWorldDoc('fault', 'i-1');
          await tx.deleteWorldDoc('fault', 'never-there');
        });
        assert.deepEqual(await store.reads.findWorldDoc('aad', 'i-2'), { id: 'i-2', bandwidth: 20 });
        assert.equal(await store.reads.findWorldDoc('fault', 'i-1'), undefined);
      });

      test('documents round-trip exactly, odd characters included', async () => {
        const odd = server('odd', { name: 'naïve 名前 "quoted" \\ back\u0000nul \ud83d\ude00', tags: { 'k.with.dots': 'v', 'ключ': 'знач\u0000ение' } });
        await write((tx) => tx.insertServer(odd));
        assert.deepEqual(await store.reads.getServer('odd'), odd);
        assert.equal((await store.reads.listServers({ accountId: 'acc1', tags: { 'k.with.dots': 'v' }, limit: 1 })).total, 1);
        assert.equal((await store.reads.listServers({ accountId: 'acc1', nameLike: 'back\u0000nul', limit: 1 })).total, 1);
        const lone = { text: 'lone \ud800 surrogate and \u0000' };
        await write((tx) => tx.putWorldDoc('odd', '1', lone));
        assert.deepEqual(await store.reads.findWorldDoc('odd', '1'), lone);
      });

      test('keys with a NUL in them (from a path or query parameter) are found or not, never an error', async () => {
        assert.equal(await store.reads.getServer('s\u00001'), undefined);
        assert.equal(await store.reads.getJob('\u0000'), undefined);
        assert.equal((await store.reads.listServers({ accountId: 'acc\u00001', ids: ['\u0000'], nameLike: '\u0000', tags: { '\u0000': '\u0000' }, limit: 1 })).total, 0);
        assert.equal(await store.claimNonce('n\u00001', T0), true);
        assert.equal(await nonceSeen('n\u00001'), true);
        assert.equal(await nonceSeen('n1'), false);
      });
    });

    describe('servers', () => {
      test('insert, get and count; a second insert of the same id is refused', async () => {
        const s = server('s1', { tags: { env: 'prod' }, expiresAt: T0 + 30 * 86_400_000 });
        await write((tx) => tx.insertServer(s));
        assert.deepEqual(await store.reads.getServer('s1'), s);
        assert.equal(await store.reads.getServer('s2'), undefined);
        const n = await store.reads.countServers();
        assert.equal(typeof n, 'number');
        assert.equal(n, 1);
        await assert.rejects(write((tx) => tx.insertServer(server('s1', { name: 'dup' }))));
        assert.equal((await store.reads.getServer('s1'))!.name, s.name);
      });

      test('updateServer is a compare-and-set on version', async () => {
        await write((tx) => tx.insertServer(server('s1')));
        const read = (await store.reads.getServer('s1'))!;
        await write((tx) => tx.updateServer({ ...read, flavorId: 's6.xlarge.2', version: 2 }));
        // a second writer holding the same (now stale) copy loses
        await assert.rejects(write((tx) => tx.updateServer({ ...read, name: 'stale', version: 2 })), StoreConflict);
        // skipping a version is as wrong as repeating one
        await assert.rejects(write((tx) => tx.updateServer({ ...read, version: 4 })), StoreConflict);
        await assert.rejects(write((tx) => tx.updateServer(server('ghost', { version: 2 }))), StoreConflict);
        const now = (await store.reads.getServer('s1'))!;
        assert.equal(now.version, 2);
        assert.equal(now.flavorId, 's6.xlarge.2');
        assert.equal(now.name, 'srv-s1');
      });

      test('idParts: id starts and endings of any length, every part must match, an empty list matches nothing', async () => {
        for (const id of ['aa11-0001', 'aa11-0102', 'bb22-0102', 'bb22-03ff']) await write((tx) => tx.insertServer(server(id)));
        const ids = async (idParts: { at: 'start' | 'end'; values: string[] }[]) =>
          (await store.reads.listServers({ accountId: 'acc1', idParts, limit: 10 })).items.map((x) => x.id).sort();
        assert.deepEqual(await ids([{ at: 'start', values: ['aa11'] }]), ['aa11-0001', 'aa11-0102']);
        assert.deepEqual(await ids([{ at: 'end', values: ['0102', 'ff'] }]), ['aa11-0102', 'bb22-0102', 'bb22-03ff']);
        assert.deepEqual(await ids([{ at: 'start', values: ['bb'] }, { at: 'end', values: ['02'] }]), ['bb22-0102']);
        assert.deepEqual(await ids([{ at: 'end', values: [] }]), []);
        assert.deepEqual(await ids([{ at: 'end', values: ["'); DROP TABLE servers; --", '%', '_'] }]), []);
        assert.equal((await store.reads.listServers({ accountId: 'acc1', idParts: [{ at: 'end', values: ['02'] }], limit: 1 })).total, 2);
      });

      test('updated columns take part in queries (flavor, state, name, tags)', async () => {
        await write((tx) => tx.insertServer(server('s1')));
        await write((tx) => tx.updateServer(server('s1', { version: 2, name: 'renamed', flavorId: 'c7.large.2', vmState: 'active', taskState: 'resize_prep', tags: { t: '1' }, enterpriseProjectId: 'ep9' })));
        const q = { accountId: 'acc1', limit: 10 };
        assert.equal((await store.reads.listServers({ ...q, flavorId: 'c7.large.2' })).total, 1);
        assert.equal((await store.reads.listServers({ ...q, nameLike: 'renamed' })).total, 1);
        assert.equal((await store.reads.listServers({ ...q, statusIn: [{ vmState: 'active', taskStates: ['resize_prep'] }] })).total, 1);
        assert.equal((await store.reads.listServers({ ...q, tags: { t: '1' } })).total, 1);
        assert.equal((await store.reads.listServers({ ...q, enterpriseProjectId: 'ep9' })).total, 1);
        assert.equal((await store.reads.listServers({ ...q, flavorId: 's6.large.2' })).total, 0);
      });
    });

    describe('listServers', () => {
      beforeEach(() =>
        write(async (tx) => {
          // inserted out of order: the listing order comes from (created_at, id), not insertion
          await tx.insertServer(server('s5', { createdAt: T0 + 3, name: 'db_01', flavorId: 'm7.large.8', vmState: 'error', tags: { env: 'prod', tier: 'db' } }));
          await tx.insertServer(server('s1', { createdAt: T0 + 1, name: 'web-01', tags: { env: 'prod' } }));
          await tx.insertServer(server('s3', { createdAt: T0 + 2, name: 'WEB-03', vmState: 'active', tags: { env: 'dev' }, enterpriseProjectId: 'ep1' }));
          await tx.insertServer(server('s2', { createdAt: T0 + 2, name: 'web%02', vmState: 'active', taskState: 'resize_prep', projectId: 'proj2' }));
          await tx.insertServer(server('s4', { createdAt: T0 + 2, name: 'api-01', vmState: 'stopped', taskState: 'powering-on' }));
          await tx.insertServer(server('x1', { accountId: 'acc2', projectId: 'proj9', createdAt: T0, name: 'web-other' }));
        }),
      );
      const list = async (q: Partial<Parameters<Store['reads']['listServers']>[0]> = {}) => {
        const r = await store.reads.listServers({ accountId: 'acc1', limit: 100, ...q });
        return { total: r.total, ids: byId(r.items) };
      };

      test('an account sees only its own servers, ordered by creation time then id', async () => {
        assert.deepEqual(await list(), { total: 5, ids: ['s1', 's2', 's3', 's4', 's5'] });
        assert.deepEqual(await list({ accountId: 'acc2' }), { total: 1, ids: ['x1'] });
        assert.deepEqual(await list({ accountId: 'nobody' }), { total: 0, ids: [] });
      });

      test('project, ids and flavor filters', async () => {
        assert.deepEqual((await list({ projectId: 'proj2' })).ids, ['s2']);
        assert.deepEqual((await list({ ids: ['s4', 's1', 'x1', 'missing'] })).ids, ['s1', 's4']);
        assert.deepEqual(await list({ ids: [] }), { total: 0, ids: [] });
        assert.deepEqual((await list({ flavorId: 'm7.large.8' })).ids, ['s5']);
      });

      test('name matching is a substring match, ignores ASCII case and takes % and _ literally', async () => {
        assert.deepEqual((await list({ nameLike: 'web' })).ids, ['s1', 's2', 's3']);
        assert.deepEqual((await list({ nameLike: 'Web-0' })).ids, ['s1', 's3']);
        assert.deepEqual((await list({ nameLike: '%' })).ids, ['s2']);
        assert.deepEqual((await list({ nameLike: '_' })).ids, ['s5']);
        assert.deepEqual((await list({ nameLike: 'zzz' })).ids, []);
      });

      test('status filters match a vm state with any of its task states, null meaning none', async () => {
        assert.deepEqual((await list({ statusIn: [{ vmState: 'active', taskStates: [null] }] })).ids, ['s3']);
        assert.deepEqual((await list({ statusIn: [{ vmState: 'active', taskStates: [null, 'resize_prep'] }] })).ids, ['s2', 's3']);
        assert.deepEqual(
          (await list({ statusIn: [{ vmState: 'stopped', taskStates: ['powering-on'] }, { vmState: 'error', taskStates: [null] }] })).ids,
          ['s4', 's5'],
        );
        assert.deepEqual((await list({ statusIn: [{ vmState: 'active', taskStates: [] }] })).ids, []);
        assert.deepEqual((await list({ statusIn: [] })).ids, []);
      });

      test('tag, excluded tag and enterprise project filters', async () => {
        assert.deepEqual((await list({ tags: { env: 'prod' } })).ids, ['s1', 's5']);
        assert.deepEqual((await list({ tags: { env: 'prod', tier: 'db' } })).ids, ['s5']);
        assert.deepEqual((await list({ tags: { env: 'Prod' } })).ids, []);
        // a server without the tag is not excluded by it
        assert.deepEqual((await list({ notTags: { env: 'prod' } })).ids, ['s2', 's3', 's4']);
        assert.deepEqual((await list({ enterpriseProjectId: 'ep1' })).ids, ['s3']);
        assert.deepEqual((await list({ enterpriseProjectId: '0' })).ids, ['s1', 's2', 's4', 's5']);
      });

      test('limit and offset page; total counts every match', async () => {
        assert.deepEqual(await list({ limit: 2 }), { total: 5, ids: ['s1', 's2'] });
        assert.deepEqual(await list({ limit: 2, offset: 2 }), { total: 5, ids: ['s3', 's4'] });
        assert.deepEqual(await list({ limit: 2, offset: 4 }), { total: 5, ids: ['s5'] });
        assert.deepEqual(await list({ limit: 2, offset: 9 }), { total: 5, ids: [] });
      });

      test('afterId continues after a server, ties on creation time broken by id; an unknown one yields nothing', async () => {
        assert.deepEqual(await list({ afterId: 's2', limit: 2 }), { total: 5, ids: ['s3', 's4'] });
        assert.deepEqual(await list({ afterId: 's4' }), { total: 5, ids: ['s5'] });
        assert.deepEqual(await list({ afterId: 's5' }), { total: 5, ids: [] });
        assert.deepEqual(await list({ afterId: 's1', nameLike: 'web' }), { total: 3, ids: ['s2', 's3'] });
        assert.deepEqual((await list({ afterId: 'missing' })).ids, []);
      });
    });

    describe('serverUsage', () => {
      const ali = (id: string, internetChargeType: 'PayByTraffic' | 'PayByBandwidth', bandwidthOut: number, over: Partial<Server> = {}) =>
        server(id, { cloud: 'aliyun', projectId: 'aliyun/cn-hangzhou', flavorId: 'ecs.g6.large', aliyun: { internetChargeType, bandwidthOut } as AliyunInstanceAttributes, ...over });
      const usage = (accountId = 'acc1', projectId = 'aliyun/cn-hangzhou') => store.reads.serverUsage({ accountId, projectId });
      const group = (flavorId: string, billing: string, internetChargeType: string | null, count: number, bandwidthOut: number, cloud = 'aliyun') =>
        ({ cloud, flavorId, billing, internetChargeType, count, bandwidthOut });

      test('lockedServerUsage inside a transaction reads what serverUsage reads, the writes before it included', async () => {
        await write(async (tx) => {
          await tx.putAccount(account('acc1'));
          await tx.insertServer(ali('a1', 'PayByBandwidth', 5));
        });
        const inside = await write(async (tx) => {
          const v = (await tx.getServer('a1'))!;
          await tx.updateServer({ ...v, flavorId: 'ecs.g6.xlarge', version: v.version + 1 });
          return tx.lockedServerUsage({ accountId: 'acc1', projectId: 'aliyun/cn-hangzhou' });
        });
        assert.deepEqual(inside, [group('ecs.g6.xlarge', 'postpaid', 'PayByBandwidth', 1, 5)]);
        assert.deepEqual(inside, await usage());
        // an account with nothing counted, and one that does not exist
        assert.deepEqual(await write((tx) => tx.lockedServerUsage({ accountId: 'acc2', projectId: 'aliyun/cn-hangzhou' })), []);
        assert.deepEqual(await write((tx) => tx.lockedServerUsage({ accountId: 'nobody', projectId: 'aliyun/cn-hangzhou' })), []);
      });

      test('counts an account’s servers in a project per cloud, billing, flavor and charge type, summing bandwidth', async () => {
        assert.deepEqual(await usage(), []);
        await write(async (tx) => {
          await tx.insertServer(ali('a1', 'PayByBandwidth', 5));
          await tx.insertServer(ali('a2', 'PayByBandwidth', 7));
          await tx.insertServer(ali('a3', 'PayByTraffic', 100));
          await tx.insertServer(ali('a4', 'PayByBandwidth', 3, { flavorId: 'ecs.g6.xlarge' }));
          await tx.insertServer(ali('a5', 'PayByBandwidth', 50, { billing: 'prepaid' }));
          await tx.insertServer(ali('a6', 'PayByBandwidth', 0));
          // not counted: another region's project, another account, and a server without Alibaba attributes
          await tx.insertServer(ali('b1', 'PayByBandwidth', 9, { projectId: 'aliyun/cn-beijing' }));
          await tx.insertServer(ali('c1', 'PayByBandwidth', 9, { accountId: 'acc2' }));
          await tx.insertServer(server('h1', { projectId: 'aliyun/cn-hangzhou' }));
          await tx.insertServer(server('h2'));
        });
        assert.deepEqual(await usage(), [
          group('ecs.g6.large', 'postpaid', 'PayByBandwidth', 3, 12),
          group('ecs.g6.large', 'postpaid', 'PayByTraffic', 1, 100),
          group('ecs.g6.xlarge', 'postpaid', 'PayByBandwidth', 1, 3),
          group('ecs.g6.large', 'prepaid', 'PayByBandwidth', 1, 50),
          group('s6.large.2', 'postpaid', null, 1, 0, 'huawei'),
        ]);
        const [first] = await usage();
        assert.equal(typeof first!.count, 'number');
        assert.equal(typeof first!.bandwidthOut, 'number');
        assert.deepEqual(await usage('acc2'), [group('ecs.g6.large', 'postpaid', 'PayByBandwidth', 1, 9)]);
        assert.deepEqual(await usage('acc1', 'proj1'), [group('s6.large.2', 'postpaid', null, 1, 0, 'huawei')]);
        assert.deepEqual(await usage('nobody'), []);
      });

      test('follows every update of flavor, billing, charge type and bandwidth, and ignores a refused one', async () => {
        await write(async (tx) => {
          await tx.insertServer(ali('a1', 'PayByBandwidth', 5));
          await tx.insertServer(ali('a2', 'PayByBandwidth', 7));
        });
        const update = (id: string, change: (s: Server) => Server) =>
          write(async (tx) => {
            const s = (await tx.getServer(id))!;
            await tx.updateServer({ ...change(s), version: s.version + 1 });
          });
        const withAliyun = (s: Server, a: Partial<AliyunInstanceAttributes>) => ({ ...s, aliyun: { ...s.aliyun!, ...a } });

        // a write that moves only state leaves the sums as they were
        await update('a1', (s) => ({ ...s, vmState: 'active', busyJobId: 'j1' }));
        assert.deepEqual(await usage(), [group('ecs.g6.large', 'postpaid', 'PayByBandwidth', 2, 12)]);
        await update('a1', (s) => ({ ...s, flavorId: 'ecs.g6.xlarge' }));
        await update('a2', (s) => withAliyun(s, { bandwidthOut: 20 }));
        assert.deepEqual(await usage(), [
          group('ecs.g6.large', 'postpaid', 'PayByBandwidth', 1, 20),
          group('ecs.g6.xlarge', 'postpaid', 'PayByBandwidth', 1, 5),
        ]);
        await update('a2', (s) => withAliyun(s, { internetChargeType: 'PayByTraffic' }));
        await update('a1', (s) => ({ ...s, billing: 'prepaid' }));
        assert.deepEqual(await usage(), [
          group('ecs.g6.large', 'postpaid', 'PayByTraffic', 1, 20),
          group('ecs.g6.xlarge', 'prepaid', 'PayByBandwidth', 1, 5),
        ]);

        // a stale write is refused whole, and a transaction that fails after its write leaves nothing
        const stale = (await store.reads.getServer('a2'))!;
        await update('a2', (s) => s);
        await assert.rejects(write((tx) => tx.updateServer({ ...stale, flavorId: 'ecs.c6.large', version: stale.version + 1 })), StoreConflict);
        await assert.rejects(
          write(async (tx) => {
            const s = (await tx.getServer('a2'))!;
            await tx.updateServer({ ...withAliyun(s, { bandwidthOut: 99 }), flavorId: 'ecs.c6.large', version: s.version + 1 });
            throw new Busy();
          }),
          Busy,
        );
        assert.deepEqual(await usage(), [
          group('ecs.g6.large', 'postpaid', 'PayByTraffic', 1, 20),
          group('ecs.g6.xlarge', 'prepaid', 'PayByBandwidth', 1, 5),
        ]);
      });
    });

    describe('jobs', () => {
      test('insert, get, update; sub-jobs listed by creation', async () => {
        const parent = job('p', { type: 'batchResizeServers', childCount: 2, plan: { kind: 'batch' } });
        await write(async (tx) => {
          await tx.insertJob(parent);
          await tx.insertJob(job('c2', { parentId: 'p', createdAt: T0 + 1, serverId: 's2' }));
          await tx.insertJob(job('c1', { parentId: 'p', createdAt: T0 + 1, serverId: 's1' }));
          await tx.insertJob(job('c0', { parentId: 'p', createdAt: T0, serverId: 's0' }));
        });
        assert.deepEqual(await store.reads.getJob('p'), parent);
        assert.equal(await store.reads.getJob('nope'), undefined);
        assert.deepEqual(byId(await store.reads.listChildJobs('p')), ['c0', 'c1', 'c2']);
        assert.deepEqual(await store.reads.listChildJobs('c0'), []);
        const done = { ...parent, status: 'SUCCESS' as const, phase: 'done', endAt: T0 + 5, purgeAt: T0 + 86_400_000 };
        await write((tx) => tx.updateJob(done));
        assert.deepEqual(await store.reads.getJob('p'), done);
      });

      test('listJobs filters by account, status and parent, newest first', async () => {
        await write(async (tx) => {
          await tx.insertJob(job('a', { createdAt: T0 }));
          await tx.insertJob(job('b', { createdAt: T0 + 2, status: 'SUCCESS' }));
          await tx.insertJob(job('c', { createdAt: T0 + 2 }));
          await tx.insertJob(job('d', { createdAt: T0 + 1, parentId: 'a' }));
          await tx.insertJob(job('e', { createdAt: T0 + 9, accountId: 'acc2' }));
        });
        const ids = async (q: Parameters<Store['reads']['listJobs']>[0]) => byId(await store.reads.listJobs(q));
        assert.deepEqual(await ids({ limit: 10 }), ['e', 'b', 'c', 'd', 'a']);
        assert.deepEqual(await ids({ accountId: 'acc1', limit: 10 }), ['b', 'c', 'd', 'a']);
        assert.deepEqual(await ids({ accountId: 'acc1', limit: 2 }), ['b', 'c']);
        assert.deepEqual(await ids({ status: 'SUCCESS', limit: 10 }), ['b']);
        assert.deepEqual(await ids({ accountId: 'acc1', parentId: null, limit: 10 }), ['b', 'c', 'a']);
        assert.deepEqual(await ids({ parentId: 'a', limit: 10 }), ['d']);
      });

      test('dueJobs: due at or before now, earliest first, ties by id; nextDueAt is the earliest due time', async () => {
        assert.equal(await store.reads.nextDueAt(), null);
        await write(async (tx) => {
          await tx.insertJob(job('late', { dueAt: T0 + 50 }));
          await tx.insertJob(job('b', { dueAt: T0 + 10 }));
          await tx.insertJob(job('a', { dueAt: T0 + 10 }));
          await tx.insertJob(job('first', { dueAt: T0 + 5 }));
          await tx.insertJob(job('waiting', { dueAt: null, status: 'PENDING_PAYMENT' }));
        });
        assert.deepEqual(byId(await store.reads.dueJobs(T0 + 10, 10)), ['first', 'a', 'b']);
        assert.deepEqual(byId(await store.reads.dueJobs(T0 + 10, 2)), ['first', 'a']);
        assert.deepEqual(byId(await store.reads.dueJobs(T0 + 4, 10)), []);
        assert.deepEqual(byId(await store.reads.dueJobs(T0 + 100, 10)), ['first', 'a', 'b', 'late']);
        const next = await store.reads.nextDueAt();
        assert.equal(typeof next, 'number');
        assert.equal(next, T0 + 5);
        await write((tx) => tx.updateJob(job('first', { dueAt: null, status: 'SUCCESS' })));
        assert.equal(await store.reads.nextDueAt(), T0 + 10);
        const counts = await store.reads.countJobsByStatus();
        assert.equal(counts.SUCCESS, 1);
        assert.equal(counts.PENDING_PAYMENT, 1);
        assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), 5);
      });

      test('purgeJobs deletes jobs past their purge time, with their sub-jobs, and counts them', async () => {
        await write(async (tx) => {
          await tx.insertJob(job('old', { purgeAt: T0, childCount: 2 }));
          await tx.insertJob(job('old.1', { parentId: 'old' }));
          await tx.insertJob(job('old.2', { parentId: 'old', purgeAt: T0 + 999 }));
          await tx.insertJob(job('edge', { purgeAt: T0 + 10 }));
          await tx.insertJob(job('young', { purgeAt: T0 + 11, childCount: 1 }));
          await tx.insertJob(job('young.1', { parentId: 'young', purgeAt: T0 }));
          await tx.insertJob(job('live', { purgeAt: null }));
        });
        const n = await write((tx) => tx.purgeJobs(T0 + 10));
        assert.equal(n, 5);
        assert.deepEqual(byId(await store.reads.listJobs({ limit: 10 })).sort(), ['live', 'young']);
        assert.equal(await write((tx) => tx.purgeJobs(T0 + 10)), 0);
      });
    });

    describe('orders', () => {
      test('insert, get, update, list all or per account by creation', async () => {
        await write(async (tx) => {
          await tx.insertOrder(order('o2', { createdAt: T0 + 1 }));
          await tx.insertOrder(order('o1', { createdAt: T0 + 1 }));
          await tx.insertOrder(order('o0', { createdAt: T0 + 2, accountId: 'acc2' }));
        });
        assert.deepEqual(await store.reads.getOrder('o1'), order('o1', { createdAt: T0 + 1 }));
        assert.equal(await store.reads.getOrder('nope'), undefined);
        assert.deepEqual(byId(await store.reads.listOrders()), ['o1', 'o2', 'o0']);
        assert.deepEqual(byId(await store.reads.listOrders('acc1')), ['o1', 'o2']);
        const paid = order('o1', { createdAt: T0 + 1, status: 'completed', paidAt: T0 + 7, amountCents: -50 });
        await write((tx) => tx.updateOrder(paid));
        assert.deepEqual(await store.reads.getOrder('o1'), paid);
        await assert.rejects(write((tx) => tx.insertOrder(order('o1'))));
      });

      test('an account’s orders created within a range, bounds included, by creation', async () => {
        await write(async (tx) => {
          for (const [id, at, acc] of [['a', 0, 'acc1'], ['b', 10, 'acc1'], ['c', 20, 'acc1'], ['d', 30, 'acc1'], ['e', 20, 'acc2'], ['f', 15, 'acc1']] as const) {
            await tx.insertOrder(order(id, { createdAt: T0 + at, accountId: acc }));
          }
        });
        assert.deepEqual(byId(await store.reads.listOrders('acc1', { from: T0 + 10, to: T0 + 20 })), ['b', 'f', 'c']);
        assert.deepEqual(byId(await store.reads.listOrders('acc1', { from: T0 + 31, to: T0 + 99 })), []);
        assert.deepEqual(byId(await store.reads.listOrders('acc2', { from: T0, to: T0 + 20 })), ['e']);
      });

      describe('listOrderPage', () => {
        // acc1: huawei a(0) b(10) c(10) d(20, paid) e(30, cancelled); aliyun f(10) g(40); acc2: huawei h(10), aliyun i(20)
        const seed = () =>
          write(async (tx) => {
            for (const [id, at, acc, cloud, status] of [
              ['c', 10, 'acc1', 'huawei', 'pending_payment'], ['a', 0, 'acc1', 'huawei', 'pending_payment'], ['b', 10, 'acc1', 'huawei', 'pending_payment'],
              ['d', 20, 'acc1', 'huawei', 'completed'], ['e', 30, 'acc1', 'huawei', 'cancelled'], ['f', 10, 'acc1', 'aliyun', 'pending_payment'],
              ['g', 40, 'acc1', 'aliyun', 'completed'], ['h', 10, 'acc2', 'huawei', 'pending_payment'], ['i', 20, 'acc2', 'aliyun', 'completed'],
            ] as const) {
              await tx.insertOrder(order(id, { createdAt: T0 + at, accountId: acc, cloud, status, resourceId: `r-${id}` }));
            }
          });
        const page = async (q: Partial<OrderQuery>) => {
          const r = await store.reads.listOrderPage({ order: 'desc', limit: 100, total: true, ...q });
          return [r.total, byId(r.items)] as const;
        };

        test('an account’s orders of one cloud, newest first (ties by id) or oldest first, with the total', async () => {
          await seed();
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei' }), [5, ['e', 'd', 'c', 'b', 'a']]);
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei', order: 'asc' }), [5, ['a', 'b', 'c', 'd', 'e']]);
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'aliyun' }), [2, ['g', 'f']]);
          // accounts are apart; without a cloud, both clouds; without an account, every account
          assert.deepEqual(await page({ accountId: 'acc2', cloud: 'huawei' }), [1, ['h']]);
          assert.deepEqual(await page({ accountId: 'acc1' }), [7, ['g', 'e', 'd', 'f', 'c', 'b', 'a']]);
          assert.deepEqual(await page({}), [9, ['g', 'e', 'i', 'd', 'h', 'f', 'c', 'b', 'a']]);
          assert.deepEqual(await page({ accountId: 'nobody', cloud: 'huawei' }), [0, []]);
        });

        test('filters: status, order id, created window (bounds included), each with its own total', async () => {
          await seed();
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei', status: 'pending_payment' }), [3, ['c', 'b', 'a']]);
          assert.deepEqual(await page({ accountId: 'acc1', status: 'completed' }), [2, ['g', 'd']]);
          assert.deepEqual(await page({ status: 'completed' }), [3, ['g', 'i', 'd']]);
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei', id: 'd' }), [1, ['d']]);
          // another account's order, or another cloud's, is not found by its id
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei', id: 'h' }), [0, []]);
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei', id: 'f' }), [0, []]);
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei', id: 'd', status: 'pending_payment' }), [0, []]);
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei', created: { from: T0 + 10, to: T0 + 20 } }), [3, ['d', 'c', 'b']]);
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'aliyun', created: { from: T0 + 11, to: T0 + 39 } }), [0, []]);
        });

        test('pages: offset and limit, keyset after an order in either order, no total unless asked', async () => {
          await seed();
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei', offset: 1, limit: 2 }), [5, ['d', 'c']]);
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei', offset: 4, limit: 2 }), [5, ['a']]);
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei', offset: 9 }), [5, []]);
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei', afterId: 'c', limit: 1 }), [5, ['b']]);
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei', afterId: 'b', order: 'asc' }), [5, ['c', 'd', 'e']]);
          // keyset across accounts: after acc2's h (10) come acc1's orders of 10 with smaller ids
          assert.deepEqual(await page({ afterId: 'h', limit: 3 }), [9, ['f', 'c', 'b']]);
          assert.deepEqual(await page({ accountId: 'acc1', afterId: 'missing' }), [7, []]);
          const r = await store.reads.listOrderPage({ accountId: 'acc1', cloud: 'huawei', order: 'desc', limit: 2 });
          assert.deepEqual([r.total, byId(r.items)], [-1, ['e', 'd']]);
        });

        test('the totals follow every write: a status change, a rolled-back insert, a wipe', async () => {
          await seed();
          const pending = { accountId: 'acc1', cloud: 'huawei', status: 'pending_payment' } as const;
          await write((tx) => tx.updateOrder(order('a', { accountId: 'acc1', status: 'completed', paidAt: T0 + 5, resourceId: 'r-a' })));
          assert.deepEqual(await page(pending), [2, ['c', 'b']]);
          assert.deepEqual(await page({ ...pending, status: 'completed' }), [2, ['d', 'a']]);
          // an update that leaves the status as it was changes no count
          await write((tx) => tx.updateOrder(order('b', { createdAt: T0 + 10, accountId: 'acc1', amountCents: 1, resourceId: 'r-b' })));
          assert.deepEqual(await page(pending), [2, ['c', 'b']]);
          await assert.rejects(
            write(async (tx) => {
              await tx.insertOrder(order('z', { createdAt: T0 + 50 }));
              throw new Busy();
            }),
            Busy,
          );
          assert.deepEqual(await page(pending), [2, ['c', 'b']]);
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei' }), [5, ['e', 'd', 'c', 'b', 'a']]);
          await write((tx) => tx.wipe());
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei' }), [0, []]);
          await write((tx) => tx.insertOrder(order('y')));
          assert.deepEqual(await page({ accountId: 'acc1', cloud: 'huawei' }), [1, ['y']]);
        });

        test('listResourceOrders: one resource’s orders, optionally of one status, oldest first', async () => {
          await seed();
          await write(async (tx) => {
            await tx.insertOrder(order('a2', { createdAt: T0 + 50, resourceId: 'r-a' }));
            await tx.insertOrder(order('a3', { createdAt: T0 + 60, resourceId: 'r-a', status: 'completed' }));
          });
          assert.deepEqual(byId(await store.reads.listResourceOrders('r-a')), ['a', 'a2', 'a3']);
          assert.deepEqual(byId(await store.reads.listResourceOrders('r-a', 'pending_payment')), ['a', 'a2']);
          assert.deepEqual(byId(await write((tx) => tx.listResourceOrders('r-a', 'completed'))), ['a3']);
          assert.deepEqual(await store.reads.listResourceOrders('r-none'), []);
        });
      });
    });

    describe('nonces', () => {
      test('a nonce is claimed once; a second claim loses; purge frees it after it expires', async () => {
        const claimed = [await store.claimNonce('n1', T0 + 10), await store.claimNonce('n2', T0 + 20), await store.claimNonce('n1', T0 + 99)];
        assert.deepEqual(claimed, [true, true, false]);
        assert.equal(await store.claimNonce('n1', T0 + 99), false);
        // expiring exactly now still counts as seen
        await store.purgeNonces(T0 + 10);
        assert.equal(await store.claimNonce('n1', T0 + 30), false);
        await store.purgeNonces(T0 + 11);
        assert.equal(await store.claimNonce('n1', T0 + 30), true, 'n1 (expired at T0 + 10) was forgotten');
        assert.equal(await store.claimNonce('n2', T0 + 30), false);
        // a losing claim does not move the expiry of the recorded one
        await store.purgeNonces(T0 + 21);
        assert.equal(await store.claimNonce('n2', T0 + 30), true);
        assert.equal(await store.claimNonce('n1', T0 + 30), false, 'the n1 claimed again at T0 + 30 is live');
      });

      test('twenty concurrent claims of one nonce: exactly one wins (the replay check across nodes)', async () => {
        const outcomes = await Promise.all(Array.from({ length: 20 }, () => store.claimNonce('race', T0 + 10)));
        assert.equal(outcomes.filter(Boolean).length, 1);
        // and concurrent claims of different nonces all win, committed together
        const many = await Promise.all(Array.from({ length: 50 }, (_, i) => store.claimNonce(`n${i}`, T0 + 10)));
        assert.equal(many.filter(Boolean).length, 50);
        assert.equal(await nonceSeen('n49'), true);
      });
    });

    describe('claimed world documents', () => {
      test('the first claim inserts; later ones leave the document as it is', async () => {
        assert.equal(await write((tx) => tx.claimWorldDoc('token', 't1', { v: 1 })), true);
        assert.equal(await write((tx) => tx.claimWorldDoc('token', 't1', { v: 2 })), false);
        assert.deepEqual(await store.reads.findWorldDoc('token', 't1'), { v: 1 });
        // a rolled-back claim leaves nothing behind
        await write(async (tx) => {
          await tx.claimWorldDoc('token', 't2', { v: 1 });
          throw new Error('refused');
        }).catch(() => undefined);
        assert.equal(await store.reads.findWorldDoc('token', 't2'), undefined);
      });

      test('ten concurrent claims of one id: exactly one inserts', async () => {
        const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => write((tx) => tx.claimWorldDoc('token', 'race', { i }))));
        assert.equal(outcomes.filter(Boolean).length, 1);
      });
    });

    describe('job claims', () => {
      test('each due job goes to one node until its lease runs out; a step (updateJob) lets go of it', async () => {
        await write(async (tx) => {
          for (let i = 1; i <= 4; i++) await tx.insertJob(job(`j${i}`, { dueAt: T0 + i }));
          await tx.insertJob(job('later', { dueAt: T0 + 1000 }));
        });
        const WALL = 5_000_000;
        const a = await write((tx) => tx.claimDueJobs('node-a', T0 + 10, WALL, 1000, 2));
        assert.deepEqual(byId(a), ['j1', 'j2']);
        const b = await write((tx) => tx.claimDueJobs('node-b', T0 + 10, WALL + 1, 1000, 10));
        assert.deepEqual(byId(b), ['j3', 'j4'], 'node b gets only what node a did not claim; nothing not yet due');
        assert.deepEqual(await write((tx) => tx.claimDueJobs('node-c', T0 + 10, WALL + 500, 1000, 10)), []);
        // node a died: its claims run out in wall time, and another node takes its jobs
        assert.deepEqual(byId(await write((tx) => tx.claimDueJobs('node-c', T0 + 10, WALL + 1001, 1000, 10))), ['j1', 'j2']);
        // a step writes the job: the claim is gone, and the job is claimable again when due again
        const j3 = (await store.reads.getJob('j3'))!;
        await write((tx) => tx.updateJob({ ...j3, dueAt: T0 + 20 }));
        assert.deepEqual(byId(await write((tx) => tx.claimDueJobs('node-d', T0 + 20, WALL + 2, 1000, 10))), ['j3']);
      });

      test('concurrent claims never hand one job to two nodes', async () => {
        await write(async (tx) => {
          for (let i = 0; i < 30; i++) await tx.insertJob(job(`c${String(i).padStart(2, '0')}`, { dueAt: T0 }));
        });
        const claims = await Promise.all(Array.from({ length: 6 }, (_, n) => write((tx) => tx.claimDueJobs(`node-${n}`, T0, 9_000_000, 60_000, 8))));
        const ids = claims.flat().map((j) => j.id);
        assert.equal(new Set(ids).size, ids.length, 'no job claimed twice');
        assert.equal(ids.length, 30, 'and every due job claimed');
      });

      test("the store's own claim (a statement of its own, autocommit on PostgreSQL) claims alike, racing transactions' claims too", async () => {
        await write(async (tx) => {
          for (let i = 0; i < 30; i++) await tx.insertJob(job(`s${String(i).padStart(2, '0')}`, { dueAt: T0 + (i % 3) }));
          await tx.insertJob(job('later', { dueAt: T0 + 1000 }));
        });
        const WALL = 7_000_000;
        const claims = await Promise.all(
          Array.from({ length: 6 }, (_, n) =>
            n % 2 === 0 ? store.claimDueJobs(`node-${n}`, T0 + 5, WALL, 1000, 8) : write((tx) => tx.claimDueJobs(`node-${n}`, T0 + 5, WALL, 1000, 8)),
          ),
        );
        const ids = claims.flat().map((j) => j.id);
        assert.equal(new Set(ids).size, 30, 'every due job claimed once, nothing not yet due');
        for (const c of claims) assert.deepEqual(c.map((j) => j.dueAt), [...c.map((j) => j.dueAt)].sort((a, b) => a! - b!), 'in due order');
        assert.deepEqual(await store.claimDueJobs('node-x', T0 + 5, WALL + 999, 1000, 50), [], 'held until the lease runs out');
        assert.equal((await store.claimDueJobs('node-x', T0 + 5, WALL + 1001, 1000, 50)).length, 30, 'then claimable again');
      });
    });

    describe('wipe', () => {
      test('empties every kind of record, and the store keeps working', async () => {
        await write(async (tx) => {
          await tx.putAccount(account('acc1'));
          await tx.putCredential(credential('AK1', 'acc1'));
          await tx.putUser(user('u1', 'acc1'));
          await tx.putProject(project('p1', 'acc1'));
          await tx.putRegion(region('r1'));
          await tx.putFlavor(flavor('f1'));
          await tx.insertServer(server('s1'));
          await tx.insertJob(job('j1', { dueAt: T0 }));
          await tx.insertOrder(order('o1'));
          await tx.putToken(token('t1'));
          await tx.setMeta('k', 'v');
          await tx.putWorldDoc('aad', 'i1', {});
        });
        assert.equal(await store.claimNonce('n1', T0), true);
        await write((tx) => tx.wipe());
        const r = store.reads;
        assert.deepEqual(
          [await r.listAccounts(), await r.listCredentials(), await r.listUsers(), await r.listProjects(), await r.listRegions(), await r.listFlavors(), await r.listOrders(), await r.listJobs({ limit: 10 }), await r.getWorldDoc('aad')],
          [[], [], [], [], [], [], [], [], []],
        );
        assert.equal(await r.countServers(), 0);
        assert.deepEqual(await r.countJobsByStatus(), {});
        assert.equal(await r.nextDueAt(), null);
        assert.equal(await r.getToken('t1'), undefined);
        assert.equal(await r.getMeta('k'), undefined);
        assert.equal(await nonceSeen('n1'), false);
        await write((tx) => tx.insertServer(server('s1')));
        assert.equal(await r.countServers(), 1);
      });
    });

    describe('transactions', () => {
      test('a transaction returns its body’s value; its writes are visible to reads once it resolves', async () => {
        const v = await write(async (tx) => {
          await tx.insertServer(server('s1'));
          return 42;
        });
        assert.equal(v, 42);
        assert.ok(await store.reads.getServer('s1'));
      });

      test('a body that throws rolls back every write, and the error reaches the caller unchanged', async () => {
        await write((tx) => tx.insertServer(server('s0')));
        const boom = new Error('boom');
        await assert.rejects(
          write(async (tx) => {
            await tx.insertServer(server('s1'));
            await tx.updateServer(server('s0', { version: 2, name: 'changed' }));
            await tx.insertJob(job('j1', { dueAt: T0 }));
            await tx.insertOrder(order('o1'));
            await tx.setMeta('k', 'v');
            await tx.putWorldDoc('aad', 'i1', {});
            await tx.putAccount(account('acc1'));
            throw boom;
          }),
          (err) => err === boom,
        );
        const r = store.reads;
        assert.equal(await r.getServer('s1'), undefined);
        assert.equal((await r.getServer('s0'))!.name, 'srv-s0');
        assert.equal(await r.getJob('j1'), undefined);
        assert.equal(await r.nextDueAt(), null);
        assert.equal(await r.getOrder('o1'), undefined);
        assert.equal(await r.getMeta('k'), undefined);
        assert.equal(await r.findWorldDoc('aad', 'i1'), undefined);
        assert.equal(await r.getAccount('acc1'), undefined);
      });

      test('a conflict rolls back the writes made before it', async () => {
        await write((tx) => tx.insertServer(server('s1')));
        await assert.rejects(
          write(async (tx) => {
            await tx.insertJob(job('j1'));
            await tx.updateServer(server('s1', { version: 3 }));
          }),
          StoreConflict,
        );
        assert.equal(await store.reads.getJob('j1'), undefined);
        // and the store is not left holding anything: the next transaction proceeds
        await write((tx) => tx.updateServer(server('s1', { version: 2 })));
        assert.equal((await store.reads.getServer('s1'))!.version, 2);
      });

      test('many transactions at once all commit', async () => {
        await Promise.all(Array.from({ length: 25 }, (_, i) => write((tx) => tx.insertJob(job(`j${String(i).padStart(2, '0')}`)))));
        assert.equal((await store.reads.listJobs({ limit: 100 })).length, 25);
      });

      /**
       * What a resize does: read the server, refuse it if busy, claim it with a job. Two of these at
       * once on the same server must never both be accepted, on one node or on two.
       */
      const claim = (s: Store, jobId: string) =>
        s.transaction(async (tx) => {
          const v = (await tx.getServer('s1'))!;
          if (v.busyJobId) throw new Busy(`busy with ${v.busyJobId}`);
          await sleep(40); // widen the window so the other claimant reads before this one writes
          await tx.insertJob(job(jobId, { serverId: 's1' }));
          await tx.updateServer({ ...v, busyJobId: jobId, version: v.version + 1 });
          return jobId;
        });

      const exactlyOneWins = async (a: Store, b: Store) => {
        await write((tx) => tx.insertServer(server('s1')));
        const results = await Promise.allSettled([claim(a, 'j-a'), claim(b, 'j-b')]);
        const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
        assert.equal(won.length, 1, `exactly one claim must win: ${JSON.stringify(results)}`);
        // Not merely a conflict: the loser's read waits for the winner's commit and sees its claim, so
        // the rules refuse it on the first try (SQLite serialises transactions; PostgreSQL locks the row).
        assert.ok(lost[0] instanceof Busy, `the loser must see the winner's claim, got ${String(lost[0])}`);
        const stored = (await store.reads.getServer('s1'))!;
        assert.equal(stored.busyJobId, won[0]);
        assert.equal(stored.version, 2);
        const jobs = byId(await store.reads.listJobs({ limit: 10 }));
        assert.deepEqual(jobs, [won[0]]);
      };

      test('two concurrent claims of the same server through one store: exactly one wins', () => exactlyOneWins(store, store));

      test('two concurrent claims of the same server from two nodes: exactly one wins', { skip: !engine.multiNode && 'single-node engine' }, async () => {
        const other = await engine.openAnother();
        await exactlyOneWins(store, other);
      });

      test('concurrent read-modify-writes of accounts, jobs, orders, world docs and meta lose no update', async () => {
        await write(async (tx) => {
          await tx.putAccount(account('acc1', { balanceCents: 100 }));
          await tx.insertJob(job('j1'));
          await tx.insertOrder(order('o1', { amountCents: 0 }));
          await tx.putWorldDoc('aad', 'i1', { n: 0 });
          await tx.setMeta('n', '0');
        });
        const nodes = engine.multiNode ? [store, await engine.openAnother(), store] : [store, store, store];
        const bump = (s: Store) =>
          s.transaction(async (tx) => {
            const a = (await tx.getAccount('acc1'))!;
            const j = (await tx.getJob('j1'))!;
            const o = (await tx.getOrder('o1'))!;
            const d = (await tx.findWorldDoc('aad', 'i1')) as { n: number };
            const m = Number(await tx.getMeta('n'));
            await sleep(20);
            await tx.putAccount({ ...a, balanceCents: a.balanceCents - 1 });
            await tx.updateJob({ ...j, childCount: j.childCount + 1 });
            await tx.updateOrder({ ...o, amountCents: o.amountCents + 1 });
            await tx.putWorldDoc('aad', 'i1', { n: d.n + 1 });
            await tx.setMeta('n', String(m + 1));
          });
        await Promise.all(nodes.map(bump));
        const r = store.reads;
        assert.equal((await r.getAccount('acc1'))!.balanceCents, 97);
        assert.equal((await r.getJob('j1'))!.childCount, 3);
        assert.equal((await r.getOrder('o1'))!.amountCents, 3);
        assert.deepEqual(await r.findWorldDoc('aad', 'i1'), { n: 3 });
        assert.equal(await r.getMeta('n'), '3');
      });

      test('transactions taking the same servers in opposite orders both commit or the loser gets a StoreConflict', async () => {
        await write(async (tx) => {
          await tx.insertServer(server('s1'));
          await tx.insertServer(server('s2'));
        });
        const other = engine.multiNode ? await engine.openAnother() : store;
        const both = (s: Store, first: string, second: string) =>
          s.transaction(async (tx) => {
            const a = (await tx.getServer(first))!;
            await sleep(40);
            const b = (await tx.getServer(second))!;
            await tx.updateServer({ ...a, version: a.version + 1 });
            await tx.updateServer({ ...b, version: b.version + 1 });
          });
        const results = await Promise.allSettled([both(store, 's1', 's2'), both(other, 's2', 's1')]);
        const won = results.filter((r) => r.status === 'fulfilled').length;
        for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof StoreConflict, String(r.reason));
        assert.ok(won >= 1, 'at least one side commits');
        assert.equal((await store.reads.getServer('s1'))!.version, 1 + won);
        assert.equal((await store.reads.getServer('s2'))!.version, 1 + won);
      });

      test('claims of different servers do not block each other', async () => {
        await write(async (tx) => {
          await tx.insertServer(server('s1'));
          await tx.insertServer(server('s2'));
        });
        const claimOf = (id: string) =>
          store.transaction(async (tx) => {
            const v = (await tx.getServer(id))!;
            await tx.updateServer({ ...v, busyJobId: `j-${id}`, version: v.version + 1 });
          });
        await Promise.all([claimOf('s1'), claimOf('s2')]);
        assert.equal((await store.reads.getServer('s1'))!.busyJobId, 'j-s1');
        assert.equal((await store.reads.getServer('s2'))!.busyJobId, 'j-s2');
      });

      // PostgreSQL sends writes whose outcome the body does not wait for with the COMMIT (postgres-ops.ts)
      test('a write that fails at the end (a duplicate job) leaves nothing of its transaction', async () => {
        await write(async (tx) => {
          await tx.insertServer(server('s1'));
          await tx.insertJob(job('j1'));
        });
        await assert.rejects(
          write(async (tx) => {
            const v = (await tx.getServer('s1'))!;
            await tx.updateServer({ ...v, busyJobId: 'j1', version: v.version + 1 });
            await tx.insertOrder(order('o1'));
            await tx.insertJob(job('j1'));
          }),
        );
        assert.equal((await store.reads.getServer('s1'))!.version, 1);
        assert.equal(await store.reads.getOrder('o1'), undefined);
      });

      test('an update of a server the transaction did not read still compares its version', async () => {
        await write(async (tx) => tx.insertServer(server('s1')));
        await assert.rejects(
          write(async (tx) => {
            await tx.insertJob(job('j1'));
            await tx.updateServer({ ...server('s1'), version: 5 });
          }),
          StoreConflict,
        );
        assert.equal(await store.reads.getJob('j1'), undefined);
        // twice over the version this transaction read and wrote: both land
        await write(async (tx) => {
          const v = (await tx.getServer('s1'))!;
          await tx.updateServer({ ...v, name: 'a', version: v.version + 1 });
          await tx.updateServer({ ...v, name: 'b', version: v.version + 2 });
        });
        const stored = (await store.reads.getServer('s1'))!;
        assert.equal(stored.version, 3);
        assert.equal(stored.name, 'b');
      });

      test('documents with quotes, backslashes, $1 and NUL in them read back as written', async () => {
        const hostile = `it's a \\ "test" $1 $2; COMMIT; -- \u0000 ${String.fromCharCode(0)} é 𝄞 E'x'`;
        await write(async (tx) => {
          const a = account('acc1');
          await tx.putAccount({ ...a, name: hostile });
          await tx.insertServer(server('s1', { name: hostile }));
          const v = (await tx.getServer('s1'))!;
          await tx.updateServer({ ...v, name: `${hostile}!`, version: v.version + 1 });
          await tx.insertJob(job('j1', { type: hostile }));
        });
        assert.equal((await store.reads.getAccount('acc1'))!.name, hostile);
        assert.equal((await store.reads.getServer('s1'))!.name, `${hostile}!`);
        assert.equal((await store.reads.getJob('j1'))!.type, hostile);
      });

      // on PostgreSQL the first statement of a transaction travels with its BEGIN, its parameters as literals
      test('a name filter with quotes, wildcards and backslashes as a transaction\'s first statement finds what it finds outside one', async () => {
        const names = [`it's 50%_off`, 'it\'s 50x_off', 'back\\slash', `a'b`];
        await write(async (tx) => {
          for (const [i, name] of names.entries()) await tx.insertServer(server(`n${i}`, { name }));
        });
        for (const nameLike of [`'s 50%_`, '\\', `'`, `%`, `_`, `' OR '1'='1`]) {
          const outside = await store.reads.listServers({ accountId: 'acc1', nameLike, limit: 10 });
          const inside = await write((tx) => tx.listServers({ accountId: 'acc1', nameLike, limit: 10 }));
          assert.deepEqual(inside.items.map((x) => x.id), outside.items.map((x) => x.id), nameLike);
          assert.equal(inside.total, outside.total, nameLike);
        }
        assert.deepEqual((await write((tx) => tx.listServers({ accountId: 'acc1', nameLike: `'s 50%_`, limit: 10 }))).items.map((x) => x.id), ['n0']);
        assert.deepEqual((await write((tx) => tx.listServers({ accountId: 'acc1', nameLike: '\\', limit: 10 }))).items.map((x) => x.id), ['n2']);
      });

      test('readAccount and readWorldDoc read what getAccount and findWorldDoc read, this transaction\'s writes included', async () => {
        await write(async (tx) => {
          await tx.putAccount(account('acc1', { balanceCents: 7 }));
          await tx.putWorldDoc('aliyun-region', 'r1', { n: 1 });
        });
        const seen = await write(async (tx) => {
          await tx.putAccount(account('acc1', { balanceCents: 8 }));
          await tx.putWorldDoc('aliyun-region', 'r1', { n: 2 });
          return { a: await tx.readAccount('acc1'), d: await tx.readWorldDoc('aliyun-region', 'r1'), none: await tx.readWorldDoc('aliyun-region', 'r2'), nobody: await tx.readAccount('nobody') };
        });
        assert.equal(seen.a!.balanceCents, 8);
        assert.deepEqual(seen.d, { n: 2 });
        assert.equal(seen.none, undefined);
        assert.equal(seen.nobody, undefined);
      });

      test('readAccount does not wait for another node holding the account', { skip: !engine.multiNode && 'single-node engine' }, async () => {
        await write(async (tx) => tx.putAccount(account('acc1')));
        const other = await engine.openAnother();
        let release!: () => void;
        const held = new Promise<void>((r) => (release = r));
        let locked!: () => void;
        const isLocked = new Promise<void>((r) => (locked = r));
        const holder = store.transaction(async (tx) => {
          await tx.getAccount('acc1');
          locked();
          await held;
        });
        await isLocked;
        const read = await Promise.race([other.transaction((tx) => tx.readAccount('acc1')), sleep(2_000).then(() => 'waited')]);
        release();
        await holder;
        assert.notEqual(read, 'waited');
        assert.equal((read as { id: string }).id, 'acc1');
      });
    });
  });
}

describe('PostgreSQL engine: start-up', { skip: !databaseUrl && 'DATABASE_URL not set' }, () => {
  test('nodes starting together on an empty database migrate once and share data', async () => {
    const engine = postgresEngine(databaseUrl!);
    try {
      const [a, b, c] = await Promise.all([engine.open(), engine.open(), engine.open()]);
      await a!.transaction((tx) => tx.insertServer(server('s1')));
      assert.equal(await b!.reads.countServers(), 1);
      assert.ok(await c!.reads.getServer('s1'));
      // and a later start finds the schema current
      const d = await engine.open();
      assert.equal(await d.reads.countServers(), 1);
    } finally {
      await engine.dispose();
    }
  });
});
