// Names from data/demo-world.json, so tests read like the README.
export const DEMO = {
  ak: 'SPECSHIFTDEMOAK00001',
  sk: 'specshiftDemoSecretKey00000000000000000001',
  project: '0a1b2c3d4e5f40718293a4b5c6d7e8f9',
  hkProject: '1b2c3d4e5f6a40718293a4b5c6d7e8f9',
  user: 'demo',
  password: 'Demo@12345',
  servers: {
    web01: 'a0c1e2f3-0001-4a5b-8c6d-000000000001', // SHUTOFF s6.large.2
    web02: 'a0c1e2f3-0002-4a5b-8c6d-000000000002', // ACTIVE s6.large.2
    api01: 'a0c1e2f3-0003-4a5b-8c6d-000000000003', // SHUTOFF c7.large.2, cn-north-4b
    db01: 'a0c1e2f3-0004-4a5b-8c6d-000000000004', // SHUTOFF m7.large.8, prepaid
    spot01: 'a0c1e2f3-0005-4a5b-8c6d-000000000005',
    win01: 'a0c1e2f3-0006-4a5b-8c6d-000000000006',
    deh01: 'a0c1e2f3-0007-4a5b-8c6d-000000000007',
    locked01: 'a0c1e2f3-0008-4a5b-8c6d-000000000008',
    hk01: 'a0c1e2f3-0009-4a5b-8c6d-000000000009',
  },
};

export const PARTNER = {
  ak: 'SPECSHIFTPARTNERAK01',
  sk: 'specshiftPartnerSecretKey000000000000001',
  project: '2c3d4e5f6a7b40718293a4b5c6d7e8f9',
  server: 'b0c1e2f3-0001-4a5b-8c6d-000000000001', // s6.xlarge.2
};

export const CUSTOMER = {
  ak: 'SPECSHIFTCUSTOMERAK1',
  sk: 'specshiftCustomerSecretKey00000000000001',
  project: '3d4e5f6a7b8c40718293a4b5c6d7e8f9',
  server: 'c0c1e2f3-0001-4a5b-8c6d-000000000001', // s6.xlarge.2
  prepaidServer: 'c0c1e2f3-0002-4a5b-8c6d-000000000002',
};
