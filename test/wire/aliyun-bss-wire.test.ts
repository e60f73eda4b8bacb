// Alibaba BSS (BssOpenApi 2017-12-14) on the wire, with requests signed by hand (HMAC-SHA1 "v2",
// ACS3-HMAC-SHA256 and Terraform's tea-rpc form): whole reply bodies pinned with deepEqual on a
// world whose ids and times are fixed, the version dispatch of the one RPC route, every BSS refusal
// in its exact envelope, and hostile input that must never earn a 5xx.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { acs3Call, aliyunRequestIdOf, send, teaRpcPost, v2Call, type RawReply } from '../helpers/raw-aliyun.js';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';

const KEY = { ak: 'LTAIbssWire000000001', sk: 'bssWireSecret00000001' };
const OTHER = { ak: 'LTAIbssWireOther0001', sk: 'bssWireOtherSecret001' };
const BSS = '2017-12-14';
/** aliyunUid('abcdef0123456789abcdef0123456789'): the account's UID, pinned */
const UID = 1977619405680040;
const SUB = 'i-bp1bsswire01';
const PAYG = 'i-bp1bsswire02';

const WORLD = {
  accounts: [
    { name: 'bss', id: 'abcdef0123456789abcdef0123456789', balance: '1000000.00', access_keys: [{ cloud: 'aliyun', ...KEY }] },
    { name: 'other', id: '0123456789abcdef0123456789abcdef', balance: '1.00', access_keys: [{ cloud: 'aliyun', ...OTHER }] },
  ],
  aliyun: {
    regions: [{ id: 'cn-hangzhou', local_name: 'China (Hangzhou)', zones: [{ id: 'cn-hangzhou-h', local_name: 'Hangzhou Zone H' }] }],
    instances: [
      {
        id: SUB,
        name: 'sub-01',
        account: 'bss',
        region: 'cn-hangzhou',
        instance_type: 'ecs.g6.large',
        status: 'Running',
        charge_type: 'PrePaid',
        expires_at: '2099-01-31T16:00:00Z',
        created_at: '2024-01-02T03:04:05Z',
      },
      { id: PAYG, name: 'payg-01', account: 'bss', region: 'cn-hangzhou', instance_type: 'ecs.g6.large', status: 'Stopped', created_at: '2024-01-03T03:04:05Z' },
    ],
  },
};

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'instant', world: WORLD });
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

const v2 = (action: string, params: Record<string, string> = {}, method: 'GET' | 'POST' = 'GET', key = KEY) => v2Call(live.port, key, BSS, action, params, method);
const acs3 = (action: string, params: Record<string, string> = {}) => acs3Call(live.port, KEY, BSS, action, params);

function ok(r: RawReply): string {
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.match(String(r.headers['content-type']), /^application\/json/);
  const rid = aliyunRequestIdOf(r);
  assert.equal(r.headers['x-acs-request-id'], rid);
  return rid;
}

function envelope(r: RawReply, status: number, code: string, message: string, product = 'BssOpenApi'): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  const rid = aliyunRequestIdOf(r);
  assert.deepEqual(r.body, {
    RequestId: rid,
    HostId: `127.0.0.1:${live.port}`,
    Code: code,
    Message: message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=${product}&requestId=${rid}`,
  });
}

const money = (cents: number) => (cents < 0 ? '-' : '') + (Math.abs(cents) / 100).toFixed(2);
const second = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Places an unpaid upgrade of SUB and returns its order record (control API). */
async function unpaidUpgrade(): Promise<any> {
  const r = await v2Call(live.port, KEY, '2014-05-26', 'ModifyPrepayInstanceSpec', { RegionId: 'cn-hangzhou', InstanceId: SUB, InstanceType: 'ecs.g6.xlarge', AutoPay: 'false' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return ((await live.control('orders')).orders as any[]).find((o) => o.id === r.body.OrderId);
}

function orderRow(o: any, paymentStatus: string, paidAt: number | null) {
  const amount = money(o.amountCents);
  return {
    OrderId: o.id,
    ProductCode: 'ecs',
    ProductType: '',
    CommodityCode: 'ecs',
    SubscriptionType: 'Subscription',
    OrderType: 'Upgrade',
    CreateTime: second(o.createdAt),
    ...(paidAt !== null ? { PaymentTime: second(paidAt) } : {}),
    PaymentStatus: paymentStatus,
    PretaxGrossAmount: amount,
    PretaxAmount: amount,
    PretaxAmountLocal: amount,
    AfterTaxAmount: amount,
    Tax: '0.00',
    Currency: 'USD',
    PaymentCurrency: 'USD',
  };
}

describe('replies, byte for byte', () => {
  test('QueryAccountBalance (v2, GET): Code "200", Message "success", amounts as strings', async () => {
    const r = await v2('QueryAccountBalance');
    assert.deepEqual(r.body, {
      RequestId: ok(r),
      Code: '200',
      Message: 'success',
      Success: true,
      Data: { AvailableAmount: '1000000.00', AvailableCashAmount: '1000000.00', CreditAmount: '0.00', MybankCreditAmount: '0.00', Currency: 'USD', QuotaLimit: '0.00' },
    });
  });

  test('QueryAvailableInstances (ACS3): both instances, every field, InstanceList a bare array', async () => {
    const r = await acs3('QueryAvailableInstances');
    const common = { OwnerId: UID, Seller: '26842', SellerId: 26842, ProductCode: 'ecs', ProductType: '', Region: 'cn-hangzhou', SubStatus: 'Normal' };
    assert.deepEqual(r.body, {
      RequestId: ok(r),
      Code: 'Success',
      Message: 'Successful!',
      Success: true,
      Data: {
        PageNum: 1,
        PageSize: 20,
        TotalCount: 2,
        InstanceList: [
          {
            InstanceID: SUB,
            ...common,
            SubscriptionType: 'Subscription',
            Status: 'Normal',
            RenewStatus: 'ManualRenewal',
            CreateTime: '2024-01-02T03:04:05Z',
            EndTime: '2099-01-31T16:00:00Z',
            ExpectedReleaseTime: '2099-02-15T16:00:00Z',
          },
          { InstanceID: PAYG, ...common, SubscriptionType: 'PayAsYouGo', Status: 'Normal', CreateTime: '2024-01-03T03:04:05Z', EndTime: '2099-12-31T15:59:00Z' },
        ],
      },
    });
  });

  test('QueryOrders and GetOrderDetail of an unpaid ModifyPrepayInstanceSpec order; then paid', async () => {
    const o = await unpaidUpgrade();
    const q = await v2('QueryOrders');
    const page = (rows: unknown[]) => ({ HostName: `127.0.0.1:${live.port}`, PageNum: 1, PageSize: 20, TotalCount: rows.length, OrderList: { Order: rows } });
    assert.deepEqual(q.body, { RequestId: ok(q), Code: 'Success', Message: 'Successful!', Success: true, Data: page([orderRow(o, 'Unpaid', null)]) });

    const d = await acs3('GetOrderDetail', { OrderId: o.id });
    const detail = (paymentStatus: string, paidAt: number | null) => ({
      ...orderRow(o, paymentStatus, paidAt),
      SubOrderId: `${o.id}01`,
      OrderSubType: 'ProductSubOrder',
      Region: 'cn-hangzhou',
      Quantity: '1',
      InstanceIDs: `["${SUB}"]`,
      Config: 'InstanceType:[InstanceType:ecs.g6.xlarge;Region:cn-hangzhou;]',
      OriginalConfig: 'InstanceType:[InstanceType:ecs.g6.large;Region:cn-hangzhou;]',
      UsageStartTime: second(o.createdAt),
      UsageEndTime: '2099-01-31T16:00:00Z',
      Operator: '',
      ExtendInfos: {},
      BillModuleConfig: {
        billModuleConfig: [
          {
            Code: 'instance_type',
            Name: 'Instance Type',
            ApiCode: 'InstanceType',
            BillModuleProperties: { billModuleProperties: [{ AttrApiCode: 'InstanceType', ModuleApiCode: 'InstanceType', Value: 'ecs.g6.xlarge' }] },
          },
        ],
      },
      OriginalModuleConfig: {
        originalModuleConfig: [
          { Code: 'instance_type', Name: 'Instance Type', ModuleProperties: { moduleProperties: [{ Code: 'instance_type', Name: 'Instance Type', Value: 'ecs.g6.large' }] } },
        ],
      },
    });
    assert.deepEqual(d.body, { RequestId: ok(d), Code: 'Success', Message: 'Successful!', Success: true, Data: page([detail('Unpaid', null)]) });

    assert.ok(o.amountCents > 0);
    const paid = await live.control(`aliyun/orders/${o.id}/pay`, {});
    assert.equal(paid.status, 'completed');
    const after = ((await live.control('orders')).orders as any[]).find((x) => x.id === o.id);
    const d2 = await v2('GetOrderDetail', { OrderId: o.id }, 'POST');
    assert.deepEqual(d2.body, { RequestId: ok(d2), Code: 'Success', Message: 'Successful!', Success: true, Data: page([detail('Paid', after.paidAt)]) });
  });
});

describe('the balance moves with the order book', () => {
  test('paying debits QueryAccountBalance by the order amount, to the cent', async () => {
    const o = await unpaidUpgrade();
    await live.control(`aliyun/orders/${o.id}/pay`, {});
    const r = await v2('QueryAccountBalance', {}, 'POST');
    ok(r);
    assert.equal(r.body.Data.AvailableAmount, money(100_000_000 - o.amountCents));
    assert.equal(r.body.Data.AvailableCashAmount, r.body.Data.AvailableAmount);
  });
});

describe('Terraform: the start-up probe through tea-rpc (form body, Format=json)', () => {
  test('QueryAvailableInstances for vipcloudfw answers an empty list: the account is Domestic', async () => {
    const r = await teaRpcPost(live.port, KEY, BSS, 'QueryAvailableInstances', {
      PageSize: '50',
      PageNum: '1',
      ProductCode: 'vipcloudfw',
      ProductType: 'vipcloudfw',
      SubscriptionType: 'Subscription',
    });
    assert.deepEqual(r.body, { RequestId: ok(r), Code: 'Success', Message: 'Successful!', Success: true, Data: { PageNum: 1, PageSize: 50, TotalCount: 0, InstanceList: [] } });
  });
});

describe('the one RPC route, dispatched by Version', () => {
  test('an unknown Version is InvalidVersion (400); an unknown action of BSS InvalidAction.NotFound (404), naming BssOpenApi', async () => {
    envelope(await v2Call(live.port, KEY, '2017-12-15', 'QueryAccountBalance', {}), 400, 'InvalidVersion', 'Specified parameter Version is not valid.', 'Ecs');
    envelope(await v2('DescribeInstances', { RegionId: 'cn-hangzhou' }), 404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    envelope(await acs3('QueryBill'), 404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    // and an ECS action under the BSS version's neighbour stays ECS's
    envelope(await v2Call(live.port, KEY, '2014-05-26', 'QueryAccountBalance', {}), 404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.', 'Ecs');
  });

  test('a bad key or signature is refused by the gateway before BSS sees it', async () => {
    const r = await v2Call(live.port, { ak: KEY.ak, sk: 'wrong' }, BSS, 'QueryAccountBalance', {});
    assert.equal(r.status, 400);
    assert.equal(r.body.Code, 'SignatureDoesNotMatch');
    assert.match(r.body.Recommend, /product=BssOpenApi/);
    const unknown = await v2Call(live.port, { ak: 'LTAInobody0000000001', sk: 'x' }, BSS, 'QueryAccountBalance', {});
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.Code, 'InvalidAccessKeyId.NotFound');
  });
});

describe('refusals, exactly', () => {
  test('GetOrderDetail: missing, malformed, unknown and foreign OrderId', async () => {
    envelope(await v2('GetOrderDetail'), 400, 'MissingParameter', 'The specified parameter OrderId is mandatory for this request.');
    envelope(await v2('GetOrderDetail', { OrderId: '12ab' }), 400, 'InvalidParameter', 'The specified parameter OrderId is not valid.');
    envelope(await v2('GetOrderDetail', { OrderId: '1'.repeat(40) }), 400, 'InvalidParameter', 'The specified parameter OrderId is not valid.');
    envelope(await v2('GetOrderDetail', { OrderId: '999999999999999' }), 400, 'InvalidParameter', 'The specified parameter OrderId is not valid: order 999999999999999 does not exist.');
    const o = await unpaidUpgrade();
    envelope(await v2('GetOrderDetail', { OrderId: o.id }, 'GET', OTHER), 400, 'InvalidParameter', `The specified parameter OrderId is not valid: order ${o.id} does not exist.`);
  });

  test("OwnerId: a number; the caller's UID, or InvalidOwner", async () => {
    ok(await v2('QueryAccountBalance', { OwnerId: String(UID) }));
    envelope(await v2('QueryAccountBalance', { OwnerId: 'me' }), 400, 'InvalidParameter', 'The specified parameter OwnerId is not valid.');
    envelope(await v2('QueryAccountBalance', { OwnerId: '1234567890123456' }), 400, 'InvalidOwner', "The specified owner doesn't belong to caller.");
    envelope(await v2('QueryOrders', { OwnerId: '99999999999999999999' }, 'GET'), 400, 'InvalidParameter', 'The specified parameter OwnerId is not valid.');
    envelope(await v2('QueryOrders', { OwnerId: '9999999999999999999' }, 'GET'), 400, 'InvalidOwner', "The specified owner doesn't belong to caller.");
  });

  test('QueryOrders and QueryAvailableInstances: enumerations, times, paging, Region without ProductCode', async () => {
    const bad: [string, Record<string, string>, string][] = [
      ['QueryOrders', { OrderType: 'upgrade' }, 'OrderType'],
      ['QueryOrders', { PaymentStatus: 'NULL' }, 'PaymentStatus'],
      ['QueryOrders', { SubscriptionType: 'Monthly' }, 'SubscriptionType'],
      ['QueryOrders', { CreateTimeStart: '2024-13-01T00:00:00Z' }, 'CreateTimeStart'],
      ['QueryOrders', { CreateTimeEnd: '1700000000' }, 'CreateTimeEnd'],
      ['QueryOrders', { PageNum: '0' }, 'PageNum'],
      ['QueryOrders', { PageSize: '301' }, 'PageSize'],
      ['QueryOrders', { PageSize: '1e3' }, 'PageSize'],
      ['QueryAvailableInstances', { RenewStatus: 'Auto' }, 'RenewStatus'],
      ['QueryAvailableInstances', { EndTimeStart: 'tomorrow' }, 'EndTimeStart'],
      ['QueryAvailableInstances', { InstanceIDs: Array.from({ length: 101 }, (_, i) => `i-${i}`).join(',') }, 'InstanceIDs'],
    ];
    for (const [action, params, name] of bad) {
      envelope(await v2(action, params), 400, 'InvalidParameter', `The specified parameter ${name} is not valid.`);
    }
    envelope(await v2('QueryAvailableInstances', { Region: 'cn-hangzhou' }), 400, 'MissingParameter', 'The specified parameter ProductCode is mandatory for this request.');
  });
});

describe('hostile input never earns a 5xx', () => {
  test('odd values on every BSS action', async () => {
    const odd = ['', ' ', '\u0000', '%', '../../etc', 'x'.repeat(5000), '-1', '1.5', '[]', '{"a":1}', '٣', '9'.repeat(40)];
    for (const action of ['QueryAccountBalance', 'QueryOrders', 'GetOrderDetail', 'QueryAvailableInstances']) {
      for (const value of odd) {
        for (const name of ['OrderId', 'OwnerId', 'PageNum', 'PageSize', 'CreateTimeStart', 'InstanceIDs', 'ProductCode', 'Region', '__proto__']) {
          const r = await v2(action, { [name]: value }, 'POST');
          assert.ok(r.status < 500, `${action} ${name}=${JSON.stringify(value).slice(0, 40)}: ${r.status} ${JSON.stringify(r.body)}`);
          assert.ok(r.status === 200 || typeof r.body.Code === 'string');
        }
      }
    }
    // a form body that is not a form
    const junk = await send(live.port, 'POST', '/?Action=QueryOrders&Version=2017-12-14', { 'content-type': 'application/json' }, '{"PageNum":1}');
    assert.ok(junk.status >= 400 && junk.status < 500, JSON.stringify(junk.body));
  });
});
