// Golden replies of Huawei IAM: the whole token body with its catalog (demo world, two regions), the
// domain-scoped catalog, regions, a project, and Keystone's error envelope, pinned.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { send, signedSend } from '../helpers/raw-huawei.js';
import { DEMO } from '../helpers/demo.js';

const DOMAIN = { id: '5d2f1c6a9b8e4f7a8c3d2e1f0a9b8c7d', name: 'demo' };

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'instant' });
});
after(() => live.close());

const ep = (id: string, region: string, path: string) => ({ id, interface: 'public', region, region_id: region, url: `${live.endpoint}${path}` });

/** The catalog of a token scoped to the demo account's cn-north-4 project: every region, each with its own project. */
const projectCatalog = () => [
  {
    type: 'identity',
    name: 'keystone',
    id: '789beb002eb4f43d5196e1f1b66286f9',
    endpoints: [
      ep('84c00c880a21ce38f7ccb48b5cf5e091', '*', `/v3`),
      ep('f24f01a05f92c03dac9b189d16847a7e', 'ap-southeast-1', `/v3`),
      ep('4e14996918dd3a8de67770efe58dbe09', 'cn-north-4', `/v3`),
    ],
  },
  {
    type: 'iam',
    name: 'iam',
    id: '64a9915969384a383bc9181429afb849',
    endpoints: [
      ep('84992cb37eb403a155bbcbe6d5b24057', '*', `/v3.0`),
    ],
  },
  {
    type: 'ecs',
    name: 'ecs',
    id: '0da6f1357070c7dd5a1a8c88c6b1dbae',
    endpoints: [
      ep('f76b8f4cb4a62a1c13601c51f4347ee8', 'ap-southeast-1', `/v1/${DEMO.hkProject}`),
      ep('32b0f226a7cabeceed7d67357b0346cc', 'cn-north-4', `/v1/${DEMO.project}`),
    ],
  },
  {
    type: 'ecsv1.1',
    name: 'ecsv1.1',
    id: 'e0b43c31abbef5b2e7ea493331d71a58',
    endpoints: [
      ep('946db8ccdf8196fda2c9c25919535d01', 'ap-southeast-1', `/v1.1/${DEMO.hkProject}`),
      ep('e7b6fb208f5227d556365b9461121ec0', 'cn-north-4', `/v1.1/${DEMO.project}`),
    ],
  },
  {
    type: 'evs',
    name: 'evs',
    id: '158752eb2e3b2f362f7d42233ea84771',
    endpoints: [
      ep('362b5d9f5e41c4b5dd088e64ea0523f6', 'ap-southeast-1', `/v2/${DEMO.hkProject}`),
      ep('b3fa3c66a3d4315ca05dcb5526d05d7d', 'cn-north-4', `/v2/${DEMO.project}`),
    ],
  },
  {
    type: 'volumev2',
    name: 'cinderv2',
    id: '21d818cd8491ee3b85ddb61f76ca1fe6',
    endpoints: [
      ep('ae98092c7cb70d6d17d43f275ecbb0a0', 'ap-southeast-1', `/v2/${DEMO.hkProject}`),
      ep('7f44722ca4b753c6b254c48747b53e31', 'cn-north-4', `/v2/${DEMO.project}`),
    ],
  },
  {
    type: 'ims',
    name: 'ims',
    id: '2d472ce403b8e4ffeef9d151f122d5cc',
    endpoints: [
      ep('43ed998f753b6062f4e3e842a6ce367f', 'ap-southeast-1', ``),
      ep('42bdb07a70097927335c8bd64b6e31f0', 'cn-north-4', ``),
    ],
  },
  {
    type: 'image',
    name: 'glance',
    id: '869c27e2c2c17cd2e6a60080be7ba4b0',
    endpoints: [
      ep('0b08ff9742e1414d3722ccc726826d18', 'ap-southeast-1', ``),
      ep('ee3dafea0db4068e7e4d400fe2a1ae3a', 'cn-north-4', ``),
    ],
  },
  {
    type: 'vpc',
    name: 'vpc',
    id: '162e362e623e51a1f48fc891940cc8e4',
    endpoints: [
      ep('966b4b1a66ea18a1e0abb6f90dfffb8b', 'ap-southeast-1', `/v1/${DEMO.hkProject}`),
      ep('05e262cf5d88e8c3c7cf7e65c379f371', 'cn-north-4', `/v1/${DEMO.project}`),
    ],
  },
  {
    type: 'network',
    name: 'neutron',
    id: '93c10ede3084b30bd2e6faedb7bffd2b',
    endpoints: [
      ep('399da490f3ed1c2b36bfd8a8d808770e', 'ap-southeast-1', ``),
      ep('d7bb2c589b1ef6b3571d5025bab2d030', 'cn-north-4', ``),
    ],
  },
  {
    type: 'bssv1',
    name: 'bssv1',
    id: 'c08744f557ddb4477553c53f9cce1b9f',
    endpoints: [
      ep('82ec7b1878c5940d84751a050a8f532d', '*', `/v1.0`),
    ],
  },
  {
    type: 'bssv2',
    name: 'bssv2',
    id: '94dc18173cc2a26936506cbf3ef478b2',
    endpoints: [
      ep('b4efe970326e1fe5241d2f7958510073', '*', `/v2`),
    ],
  },
  {
    type: 'aad',
    name: 'aad',
    id: '708dabd0ad9a731ce3202219975b531f',
    endpoints: [
      ep('9a10e11420ff30ffdd8a2d6c4196a505', '*', ``),
    ],
  },
];

async function token(scope: object, query = '') {
  const body = JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: DEMO.user, password: DEMO.password, domain: { name: 'demo' } } } }, scope } });
  return send(live.endpoint, 'POST', `/v3/auth/tokens${query}`, { 'content-type': 'application/json;charset=utf8' }, body);
}

describe('tokens', () => {
  test('POST /v3/auth/tokens, project scope: 201, the whole body with its catalog', async () => {
    const r = await token({ project: { name: 'cn-north-4' } });
    assert.equal(r.status, 201);
    const t = r.json.token;
    assert.deepEqual(r.json, {
      token: {
        expires_at: t.expires_at,
        issued_at: t.issued_at,
        methods: ['password'],
        catalog: projectCatalog(),
        roles: [
          { id: '0', name: 'op_service' },
          { id: '1', name: 'te_admin' },
        ],
        user: { id: '7a1b2c3d4e5f60718293a4b5c6d7e8f9', name: 'demo', domain: DOMAIN, password_expires_at: '' },
        project: { id: DEMO.project, name: 'cn-north-4', domain: DOMAIN },
      },
    });
    assert.match(t.issued_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}000Z$/, 'six fractional digits, as IAM renders them');
    assert.ok(Math.abs(Date.parse(t.issued_at) - Date.now()) < 60_000);
  });

  test('GET /v3/auth/tokens answers the same body and echoes X-Subject-Token', async () => {
    const issued = await token({ project: { name: 'cn-north-4' } });
    const subject = issued.headers['x-subject-token'] as string;
    const r = await signedSend(live.endpoint, { ak: DEMO.ak, sk: DEMO.sk }, 'GET', '/v3/auth/tokens', '', { extraHeaders: { 'x-subject-token': subject } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-subject-token'], subject);
    assert.deepEqual(r.json, issued.json);
  });

  test('a domain-scoped token: only the endpoints without a project id', async () => {
    const r = await token({ domain: { name: 'demo' } });
    const byType = Object.fromEntries(projectCatalog().map((c) => [c.type, c]));
    assert.deepEqual(r.json.token.catalog, ['identity', 'iam', 'ims', 'image', 'network', 'bssv1', 'bssv2', 'aad'].map((t) => byType[t]));
    assert.deepEqual(r.json.token.domain, DOMAIN);
    assert.equal('project' in r.json.token, false);
  });

  test('an unknown token: 404 in Keystone\'s envelope; no X-Subject-Token: 400 IAM.0009', async () => {
    const r = await signedSend(live.endpoint, { ak: DEMO.ak, sk: DEMO.sk }, 'GET', '/v3/auth/tokens', '', { extraHeaders: { 'x-subject-token': 'MIIT-unknown' } });
    assert.deepEqual([r.status, r.json], [404, { error: { code: 404, message: 'The resource could not be found.', title: 'Not Found' } }]);
    const none = await signedSend(live.endpoint, { ak: DEMO.ak, sk: DEMO.sk }, 'GET', '/v3/auth/tokens');
    assert.deepEqual([none.status, none.json], [400, { error_code: 'IAM.0009', error_msg: 'X-Subject-Token is missing.', request_id: none.headers['x-request-id'] }]);
  });
});

describe('look-ups', () => {
  test('GET /v3/auth/catalog with a project-scoped signature: the same catalog and a self link', async () => {
    const r = await signedSend(live.endpoint, DEMO, 'GET', '/v3/auth/catalog');
    assert.deepEqual(r.json, { catalog: projectCatalog(), links: { self: `${live.endpoint}/v3/auth/catalog` } });
  });

  test('GET /v3/regions/{region_id} and GET /v3/projects/{project_id}', async () => {
    const region = await signedSend(live.endpoint, DEMO, 'GET', '/v3/regions/ap-southeast-1');
    assert.deepEqual(region.json, {
      region: { id: 'ap-southeast-1', type: 'public', description: '', parent_region_id: null, locales: { 'zh-cn': '中国-香港', 'en-us': 'CN-Hong Kong' }, links: { self: `${live.endpoint}/v3/regions/ap-southeast-1` } },
    });
    const unknown = await signedSend(live.endpoint, DEMO, 'GET', '/v3/regions/xx-1');
    assert.deepEqual([unknown.status, unknown.json], [404, { error: { code: 404, message: 'Could not find region: xx-1.', title: 'Not Found' } }]);
    const project = await signedSend(live.endpoint, DEMO, 'GET', `/v3/projects/${DEMO.hkProject}`);
    assert.deepEqual(project.json, {
      project: { id: DEMO.hkProject, name: 'ap-southeast-1', domain_id: DOMAIN.id, parent_id: DOMAIN.id, description: '', enabled: true, is_domain: false, links: { self: `${live.endpoint}/v3/projects/${DEMO.hkProject}` } },
    });
  });
});
