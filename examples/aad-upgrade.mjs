// Upgrade a demo Anti-DDoS instance's protection specs with the Huawei core SDK's signed requests.
// Run `npm start` first (demo world), then: node examples/aad-upgrade.mjs
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { GlobalCredentials } = require('@huaweicloud/huaweicloud-sdk-core');
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder');

// the request definitions of services/aad/v2/AadClient.ts
class AadClient {
  constructor(hcClient) {
    this.hcClient = hcClient;
  }
  upgradeInstanceSpec(body) {
    return this.hcClient.sendRequest({ method: 'PUT', url: '/v2/aad/instance', contentType: 'application/json', queryParams: {}, pathParams: {}, headers: {}, data: body });
  }
  showInstanceByInstanceId(instanceId) {
    return this.hcClient.sendRequest({ method: 'GET', url: '/v2/aad/instances/{instance_id}', contentType: 'application/json', queryParams: {}, pathParams: { instance_id: instanceId }, headers: {}, data: {} });
  }
}

const credentials = new GlobalCredentials()
  .withAk('SPECSHIFTDEMOAK00001')
  .withSk('specshiftDemoSecretKey00000000000000000001')
  .withDomainId('5d2f1c6a9b8e4f7a8c3d2e1f0a9b8c7d');
const client = new ClientBuilder((hcClient) => new AadClient(hcClient), 'GlobalCredentials')
  .withCredential(credentials)
  .withEndpoint(process.env.SPECSHIFT_ENDPOINT ?? 'http://127.0.0.1:4600')
  .build();

const instanceId = 'aadd0001-0000-4a5b-8c6d-000000000001';
const { order_id } = await client.upgradeInstanceSpec({ instance_id: instanceId, upgrade_data: { elastic_bandwidth: '30', service_bandwidth: 200 } });
// a second run asks for the specs the instance already has: nothing to bill, so no order
console.log('order', order_id ?? '(none: nothing changed)');
const detail = await client.showInstanceByInstanceId(instanceId);
console.log(detail.product_spec_data.elastic_bandwidth, detail.product_spec_data.service_bandwidth); // 30 200
try {
  await client.upgradeInstanceSpec({ instance_id: instanceId, upgrade_data: { basic_bandwidth: '60' } });
} catch (e) {
  console.log(e.httpStatusCode, e.errorCode, e.requestId); // 400 AAD.10010003 <32 hex>
}
