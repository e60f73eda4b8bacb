// What a test needs to point an official SDK at specshift: each account's keys, ids and projects,
// and ready-made SDK configurations. The SDKs are the test suite's own dependencies, never
// specshift's: a factory takes the SDK's module (or class) as a parameter and builds the client
// with it; the plain configurations are data.

/** One account as the server holds it. */
export interface SpecshiftAccount {
  /** the name the server knows it by (a namespaced account carries its prefix) */
  name: string;
  /** Huawei domain id */
  id: string;
  kind: string;
  /** every access key of the account, of both clouds */
  accessKeys: { cloud: string; ak: string; sk: string }[];
  /** IAM users and their passwords (password tokens) */
  users: { name: string; password: string }[];
  /** Huawei projects, one per region the account uses */
  projects: { id: string; region: string }[];
}

/** Plain Huawei credentials and endpoint: what `BasicCredentials`/`GlobalCredentials` and a client builder take. */
export interface HuaweiConfig {
  endpoint: string;
  ak: string;
  sk: string;
  /** the account's project in the region asked for (default: its first project) */
  projectId: string;
  region: string;
  /** the account's domain id, for global services (IAM, BSS) */
  domainId: string;
}

/** What `new OpenApi.Config(...)` of `@alicloud/openapi-client` takes. */
export interface AliyunConfig {
  accessKeyId: string;
  accessKeySecret: string;
  /** host and port, no scheme: the SDK adds the protocol */
  endpoint: string;
  /** the SDK defaults to HTTPS; specshift serves plain HTTP */
  protocol: 'http';
  regionId: string;
}

/** What `new RPCClient(...)` of `@alicloud/pop-core` takes. */
export interface AliyunPopCoreConfig {
  accessKeyId: string;
  accessKeySecret: string;
  endpoint: string;
  apiVersion: string;
}

/** The part of a Huawei SDK client builder used here (`EcsClient.newBuilder()` and its kin). */
export interface HuaweiClientBuilder<C> {
  withCredential(credential: any): HuaweiClientBuilder<C>;
  withEndpoint(endpoint: string): HuaweiClientBuilder<C>;
  build(): C;
}

/** The part of `@huaweicloud/huaweicloud-sdk-core` used here. */
export interface HuaweiCoreModule {
  BasicCredentials: new () => any;
  GlobalCredentials: new () => any;
}

export interface AccountChoice {
  /** the account, by the name the world gives it (default: the view's first account) */
  account?: string;
}

export interface HuaweiConfigs {
  /** the endpoint, keys and project of an account (default: its first project) */
  config(opts?: AccountChoice & { region?: string }): HuaweiConfig;
  /**
   * A client of any Huawei SDK service, built with that SDK: `cloud.huawei.client(ecs.EcsClient, core)`.
   * Project-scoped services (ECS, VPC, EVS, ...) get `BasicCredentials` with the project id;
   * `{ global: true }` gives `GlobalCredentials` with the domain id (IAM, BSS).
   */
  client<C>(clientClass: { newBuilder(): HuaweiClientBuilder<C> }, core: HuaweiCoreModule, opts?: AccountChoice & { region?: string; global?: boolean }): C;
  /** `client(ecs.EcsClient, core)` */
  ecsClient<C>(ecs: { EcsClient: { newBuilder(): HuaweiClientBuilder<C> } }, core: HuaweiCoreModule, opts?: AccountChoice & { region?: string }): C;
}

export interface AliyunConfigs {
  /** what `new OpenApi.Config(...)` takes (default region: cn-hangzhou) */
  config(opts?: AccountChoice & { regionId?: string }): AliyunConfig;
  /** a client of any Alibaba SDK product: `cloud.aliyun.client(Ecs.default, OpenApi.Config)` */
  client<C>(clientClass: new (config: any) => C, configClass: new (map: any) => unknown, opts?: AccountChoice & { regionId?: string }): C;
  /** what `new RPCClient(...)` of `@alicloud/pop-core` takes, for ECS 2014-05-26 */
  popCoreConfig(opts?: AccountChoice & { apiVersion?: string }): AliyunPopCoreConfig;
}

/** A set of accounts on one server: the whole server, or what one tenant or namespace added. */
export class WorldView {
  readonly huawei: HuaweiConfigs;
  readonly aliyun: AliyunConfigs;

  /**
   * @param names the account names as the world wrote them -> as the server knows them
   * @param ids the ids the world wrote -> as the server serves them (namespaces change them)
   */
  constructor(
    readonly endpoint: string,
    readonly accounts: SpecshiftAccount[],
    private readonly names: Map<string, string> = new Map(),
    private readonly ids: Record<string, string> = {},
    readonly prefix: string | null = null,
  ) {
    this.huawei = {
      config: (opts = {}) => {
        const a = this.account(opts.account);
        const key = a.accessKeys.find((k) => k.cloud === 'huawei');
        if (!key) throw new Error(`account ${a.name} has no Huawei access key`);
        const project = opts.region ? a.projects.find((p) => p.region === opts.region) : a.projects[0];
        if (!project) throw new Error(`account ${a.name} has no Huawei project${opts.region ? ` in ${opts.region}` : ''}`);
        return { endpoint: this.endpoint, ak: key.ak, sk: key.sk, projectId: project.id, region: project.region, domainId: a.id };
      },
      client: (clientClass, core, opts = {}) => {
        const c = opts.global ? this.globalConfig(opts) : this.huawei.config(opts);
        const credential = opts.global
          ? new core.GlobalCredentials().withAk(c.ak).withSk(c.sk).withDomainId(c.domainId)
          : new core.BasicCredentials().withAk(c.ak).withSk(c.sk).withProjectId(c.projectId);
        return clientClass.newBuilder().withCredential(credential).withEndpoint(this.endpoint).build();
      },
      ecsClient: (ecs, core, opts = {}) => this.huawei.client(ecs.EcsClient, core, opts),
    };
    const hostPort = this.endpoint.replace(/^https?:\/\//, '');
    this.aliyun = {
      config: (opts = {}) => {
        const key = this.aliyunKey(opts.account);
        return { accessKeyId: key.ak, accessKeySecret: key.sk, endpoint: hostPort, protocol: 'http', regionId: opts.regionId ?? 'cn-hangzhou' };
      },
      client: (clientClass, configClass, opts = {}) => new clientClass(new configClass(this.aliyun.config(opts))),
      popCoreConfig: (opts = {}) => {
        const key = this.aliyunKey(opts.account);
        return { accessKeyId: key.ak, accessKeySecret: key.sk, endpoint: this.endpoint, apiVersion: opts.apiVersion ?? '2014-05-26' };
      },
    };
  }

  /** An account by the name the world gives it (default: the first). */
  account(name?: string): SpecshiftAccount {
    if (name === undefined) {
      const first = this.accounts[0];
      if (!first) throw new Error('no account on this server');
      return first;
    }
    const served = this.names.get(name) ?? name;
    const a = this.accounts.find((x) => x.name === served);
    if (!a) throw new Error(`no account ${name}${served !== name ? ` (${served})` : ''}; accounts: ${this.accounts.map((x) => x.name).join(', ')}`);
    return a;
  }

  /** The id the server serves for an id the world wrote (a namespace maps every one; otherwise the same). */
  id(written: string): string {
    return this.ids[written] ?? written;
  }

  private globalConfig(opts: AccountChoice): HuaweiConfig {
    const a = this.account(opts.account);
    const key = a.accessKeys.find((k) => k.cloud === 'huawei');
    if (!key) throw new Error(`account ${a.name} has no Huawei access key`);
    const project = a.projects[0];
    return { endpoint: this.endpoint, ak: key.ak, sk: key.sk, projectId: project?.id ?? '', region: project?.region ?? '', domainId: a.id };
  }

  private aliyunKey(name: string | undefined): { ak: string; sk: string } {
    const a = this.account(name);
    const key = a.accessKeys.find((k) => k.cloud === 'aliyun');
    if (!key) throw new Error(`account ${a.name} has no Alibaba Cloud access key`);
    return key;
  }
}
