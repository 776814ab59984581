// The distributed form (docker-compose.yml + Dockerfile) checked without a Docker engine: the
// files are parsed and their wiring compared with what the apps read at boot.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');

interface Healthcheck {
  test?: string | string[];
}

interface DependsOn {
  condition?: string;
}

interface Service {
  image?: string;
  build?: string | { context?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | { target?: number; published?: string | number })[];
  volumes?: (string | { type?: string; source?: string })[];
  depends_on?: string[] | Record<string, DependsOn>;
  healthcheck?: Healthcheck;
}

interface Compose {
  version?: unknown;
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const INFRA = ['postgres', 'kafka', 'clickhouse'] as const;
/** Prometheus (scrapes every app's /metrics) and Grafana (the operator dashboard), provisioned from deploy/. */
const MONITORING = ['prometheus', 'grafana'] as const;
const APPS = ['sales-service', 'workshop-service', 'parts-service', 'org-service', 'projector', 'reporting-api'] as const;
type App = (typeof APPS)[number];

/** Variables that connect an app to infrastructure; each app gets exactly the ones its role uses. */
const CONNECTION_VARS: readonly string[] = ['DATABASE_URL', 'KAFKA_BROKERS', 'CLICKHOUSE_URL', 'CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD', 'CLICKHOUSE_DATABASE'];
const CLICKHOUSE_VARS = ['CLICKHOUSE_URL', 'CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD', 'CLICKHOUSE_DATABASE'];

/** A command service: writes the event store and hosts the store→Kafka relay (one active at a time). */
const COMMAND_SERVICE = { env: ['DATABASE_URL', 'KAFKA_BROKERS'], infra: ['postgres', 'kafka'] };

const ROLE: Record<App, { env: string[]; infra: string[] }> = {
  'sales-service': COMMAND_SERVICE,
  'workshop-service': COMMAND_SERVICE,
  'parts-service': COMMAND_SERVICE,
  'org-service': COMMAND_SERVICE,
  // Reads branch time zones and cut-offs from the event store.
  projector: { env: ['DATABASE_URL', 'KAFKA_BROKERS', ...CLICKHOUSE_VARS], infra: ['postgres', 'kafka', 'clickhouse'] },
  // Hosts sign-in and checks sessions in the store's Postgres; reads ClickHouse.
  'reporting-api': { env: ['DATABASE_URL', ...CLICKHOUSE_VARS], infra: ['postgres', 'clickhouse'] },
};

/** Every variable the apps read (PlatformConfig, ClickHouse and Kafka settings); anything else is a typo. */
const KNOWN_APP_VARS = new Set<string>([
  ...CONNECTION_VARS,
  'PORT',
  'HOST',
  'KAFKA_TOPIC_PREFIX',
  'KAFKA_TOPIC_PARTITIONS',
  'KAFKA_REPLICATION_FACTOR',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'NODE_ENV',
  'AUTH_JWT_SECRET',
  'AUTH_MAX_TOKEN_LIFETIME',
]);

/** The value, or a failed test naming what was missing. */
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing: ${what}`);
  return value;
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;

function service(name: string): Service {
  return must(compose.services[name], `service ${name}`);
}

/** A value the operator must set (`${VAR:?message}`), as the tests fill it in. */
const REQUIRED_VALUE = 'set-by-the-operator';

/** What Compose makes of `${VAR:-default}` / `${VAR}` with nothing set, of `${VAR:?error}` once set, and of `$$`. */
function withDefaults(value: string): string {
  return value
    .replace(/\$\{(\w+):?\?[^}]*\}/g, REQUIRED_VALUE)
    .replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_match, _name: string, fallback: string | undefined) => fallback ?? '')
    .replace(/\$\$/g, '$');
}

/** The text of the compose file, to check interpolations as written. */
const COMPOSE_TEXT = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');

function envOf(name: string): Record<string, string> {
  const env = service(name).environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

/** One environment variable of a service; missing fails the test. */
function envVar(name: string, key: string): string {
  return must(envOf(name)[key], `${key} of ${name}`);
}

function dependsOn(name: string): Record<string, DependsOn> {
  const deps = service(name).depends_on ?? {};
  return Array.isArray(deps) ? Object.fromEntries(deps.map((dep) => [dep, {}])) : deps;
}

function healthcheckText(name: string): string {
  const test = service(name).healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

/** [host port, container port] of each `ports` entry ("[ip:]host:container[/proto]" or long form). */
function portPairs(name: string): [number, number][] {
  return (service(name).ports ?? []).map((port) => {
    if (typeof port !== 'string') return [Number(port.published), Number(port.target)];
    const parts = port.split('/')[0]!.split(':');
    const container = Number(parts[parts.length - 1]);
    return [parts.length > 1 ? Number(parts[parts.length - 2]) : container, container];
  });
}

describe('docker-compose.yml', () => {
  it('uses the Compose specification (no `version:` key) and defines the infrastructure and the apps', () => {
    expect(compose.version).toBeUndefined();
    expect(Object.keys(compose.services).sort()).toEqual([...INFRA, ...APPS, ...MONITORING].sort());
  });

  it('gives every service an image or a build', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      expect({ name, hasImageOrBuild: svc.image !== undefined || svc.build !== undefined }).toEqual({
        name,
        hasImageOrBuild: true,
      });
    }
  });

  it('pins the infrastructure images to explicit version tags', () => {
    const expected: Record<(typeof INFRA)[number], RegExp> = {
      postgres: /^postgres:17\.\d+$/,
      kafka: /^apache\/kafka:4\.\d+\.\d+$/,
      clickhouse: /^clickhouse\/clickhouse-server:\d+\.\d+(\.\d+)*$/,
    };
    for (const name of INFRA) {
      const image = service(name).image ?? '';
      expect(image).toMatch(expected[name]);
      expect(image).not.toMatch(/:latest$/);
      expect(service(name).build).toBeUndefined();
    }
  });

  it('pins the monitoring images to explicit version tags', () => {
    expect(service('prometheus').image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(service('grafana').image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
  });

  it('runs the Kafka version the local broker and the integration tests use', () => {
    const pom = readFileSync(join(ROOT, 'libs', 'infra', 'kafka', 'pom.xml'), 'utf8');
    const version = must(/<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pom)?.[1], 'kafka.version in pom.xml');
    expect(service('kafka').image).toBe(`apache/kafka:${version}`);
  });

  it('builds every app from the repository Dockerfile', () => {
    for (const name of APPS) {
      const build = service(name).build;
      const context = typeof build === 'string' ? build : build?.context;
      expect({ name, context }).toEqual({ name, context: '.' });
    }
  });

  it('gives every service a health check', () => {
    for (const name of Object.keys(compose.services)) {
      expect({ name, healthcheck: healthcheckText(name).length > 0 }).toEqual({ name, healthcheck: true });
    }
    expect(healthcheckText('postgres')).toContain('pg_isready');
    expect(healthcheckText('kafka')).toMatch(/kafka-broker-api-versions\.sh --bootstrap-server localhost:9092/);
    expect(healthcheckText('clickhouse')).toMatch(/:8123\/ping/);
  });

  it('probes each app at GET /health on the port it listens on', () => {
    for (const name of APPS) {
      expect(healthcheckText(name)).toContain(`http://127.0.0.1:${envVar(name, 'PORT')}/health`);
    }
  });

  it.each(APPS)('%s starts only once its infrastructure is healthy', (name) => {
    const deps = dependsOn(name);
    for (const infra of ROLE[name].infra) {
      expect({ infra, condition: deps[infra]?.condition }).toEqual({ infra, condition: 'service_healthy' });
    }
    for (const [dep, { condition }] of Object.entries(deps)) {
      expect(Object.keys(compose.services)).toContain(dep);
      expect({ dep, condition }).toEqual({ dep, condition: 'service_healthy' });
    }
  });

  it.each(APPS)('%s gets exactly the connection variables its role needs, and listens on 0.0.0.0', (name) => {
    const env = envOf(name);
    const connections = Object.keys(env).filter((key) => CONNECTION_VARS.includes(key));
    expect(connections.sort()).toEqual([...ROLE[name].env].sort());
    expect(env.HOST).toBe('0.0.0.0');
    for (const key of Object.keys(env)) expect(KNOWN_APP_VARS).toContain(key);
    for (const key of ROLE[name].env) expect(withDefaults(envVar(name, key))).not.toBe('');
  });

  it('requires its secrets (no default) and runs every app with NODE_ENV=production', () => {
    for (const name of APPS) {
      expect({ name, NODE_ENV: envVar(name, 'NODE_ENV') }).toEqual({ name, NODE_ENV: 'production' });
      expect(envVar(name, 'AUTH_JWT_SECRET')).toMatch(/^\$\{AUTH_JWT_SECRET:\?[^}]+\}$/);
    }
    expect(envVar('postgres', 'POSTGRES_PASSWORD')).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
    expect(envVar('clickhouse', 'CLICKHOUSE_PASSWORD')).toMatch(/^\$\{CLICKHOUSE_PASSWORD:\?[^}]+\}$/);
    expect(envVar('grafana', 'GF_SECURITY_ADMIN_PASSWORD')).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?[^}]+\}$/);
    // Every mention of a secret variable requires it: none falls back to a default.
    for (const secret of ['AUTH_JWT_SECRET', 'POSTGRES_PASSWORD', 'CLICKHOUSE_PASSWORD', 'GRAFANA_ADMIN_PASSWORD']) {
      const uses = [...COMPOSE_TEXT.matchAll(new RegExp(`\\$\\{${secret}([^}]*)\\}`, 'g'))].map((m) => m[1] ?? '');
      expect(uses.length).toBeGreaterThan(0);
      for (const use of uses) expect({ secret, use: use.slice(0, 2) }).toEqual({ secret, use: ':?' });
    }
    expect(COMPOSE_TEXT).not.toContain('change-me');
  });

  it('publishes ClickHouse HTTP to BI tools on loopback only, mounts the BI access DDL, and requires the Grafana reader password', () => {
    const ports = (service('clickhouse').ports ?? []).map(String);
    expect(ports).toEqual(['127.0.0.1:8123:8123']);
    expect(service('clickhouse').volumes).toContain('./deploy/clickhouse:/bi:ro');
    expect(existsSync(join(ROOT, 'deploy', 'clickhouse', 'apply-bi.sh'))).toBe(true);
    expect(envVar('clickhouse', 'BI_GRAFANA_PASSWORD')).toMatch(/^\$\{BI_GRAFANA_PASSWORD:\?[^}]+\}$/);
    const uses = [...COMPOSE_TEXT.matchAll(/\$\{BI_GRAFANA_PASSWORD([^}]*)\}/g)].map((m) => (m[1] ?? '').slice(0, 2));
    expect(uses.every((use) => use === ':?')).toBe(true);
    // Grafana's provisioned data source: the read-only bi_grafana user that apply-bi.sh creates, its password from the environment.
    const provisioning = parse(readFileSync(join(ROOT, 'deploy', 'grafana', 'provisioning', 'datasources', 'clickhouse.yaml'), 'utf8')) as {
      datasources: { type: string; uid: string; jsonData: Record<string, unknown>; secureJsonData: Record<string, string> }[];
    };
    expect(provisioning.datasources).toHaveLength(1);
    const [source] = provisioning.datasources;
    expect({ type: source?.type, uid: source?.uid, secure: source?.secureJsonData }).toEqual({
      type: 'grafana-clickhouse-datasource',
      uid: 'clickhouse-bi',
      secure: { password: '$BI_GRAFANA_PASSWORD' },
    });
    expect(source?.jsonData).toMatchObject({ host: 'clickhouse', port: 8123, protocol: 'http', username: 'bi_grafana', defaultDatabase: 'bi' });
    const apply = readFileSync(join(ROOT, 'deploy', 'clickhouse', 'apply-bi.sh'), 'utf8');
    expect(apply).toContain('CREATE USER IF NOT EXISTS bi_grafana');
    expect(apply).toContain('GRANT bi_group_analyst TO bi_grafana');
    // No password on a command line (visible in the process list): clickhouse-client reads CLICKHOUSE_PASSWORD itself.
    expect(apply).not.toMatch(/--password|clickhouse-client[^\n]*PASSWORD/);
    expect(apply).toMatch(/^export CLICKHOUSE_PASSWORD$/m);
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy', 'grafana', 'dashboards', 'head-office.json'), 'utf8')) as {
      panels: { datasource: { uid: string } }[];
    };
    expect(dashboard.panels.every((panel) => panel.datasource.uid === 'clickhouse-bi')).toBe(true);
  });

  it('points KAFKA_BROKERS at the listener the kafka service advertises', () => {
    const advertised = envVar('kafka', 'KAFKA_ADVERTISED_LISTENERS')
      .split(',')
      .map((listener) => listener.replace(/^\w+:\/\//, ''));
    expect(advertised).toContain('kafka:9092');
    expect(envVar('kafka', 'KAFKA_PROCESS_ROLES').split(',').sort()).toEqual(['broker', 'controller']);
    expect(envVar('kafka', 'KAFKA_AUTO_CREATE_TOPICS_ENABLE')).toBe('false');
    // KRaft formats storage with CLUSTER_ID: a base64url UUID (16 bytes).
    expect(Buffer.from(envVar('kafka', 'CLUSTER_ID'), 'base64url')).toHaveLength(16);
    const clients = APPS.filter((app) => ROLE[app].env.includes('KAFKA_BROKERS'));
    expect(clients).toEqual(['sales-service', 'workshop-service', 'parts-service', 'org-service', 'projector']);
    for (const name of clients) {
      const brokers = envVar(name, 'KAFKA_BROKERS').split(',');
      for (const broker of brokers) expect(advertised).toContain(broker);
    }
  });

  it("points DATABASE_URL at the postgres service's database and user", () => {
    expect(envVar('postgres', 'POSTGRES_DB')).toBe('dealer_kpi');
    const clients = APPS.filter((app) => ROLE[app].env.includes('DATABASE_URL'));
    expect(clients).toEqual(['sales-service', 'workshop-service', 'parts-service', 'org-service', 'projector', 'reporting-api']);
    for (const name of clients) {
      const raw = envVar(name, 'DATABASE_URL');
      const url = new URL(withDefaults(raw));
      expect({ name, protocol: url.protocol, host: url.hostname, port: url.port }).toEqual({
        name,
        protocol: 'postgres:',
        host: 'postgres',
        port: '5432',
      });
      expect(url.pathname).toBe(`/${envVar('postgres', 'POSTGRES_DB')}`);
      expect(url.username).toBe(envVar('postgres', 'POSTGRES_USER'));
      // The same interpolation on both sides, so one POSTGRES_PASSWORD changes both.
      expect(raw).toContain(`:${envVar('postgres', 'POSTGRES_PASSWORD')}@`);
    }
  });

  it("points CLICKHOUSE_* at the clickhouse service's HTTP interface, user and database", () => {
    const clients = APPS.filter((app) => ROLE[app].env.includes('CLICKHOUSE_URL'));
    expect(clients).toEqual(['projector', 'reporting-api']);
    for (const name of clients) {
      const url = new URL(withDefaults(envVar(name, 'CLICKHOUSE_URL')));
      expect(url.protocol).toBe('http:');
      expect(url.hostname).toBe('clickhouse');
      expect(url.port).toBe('8123');
      expect(envVar(name, 'CLICKHOUSE_USER')).toBe(envVar('clickhouse', 'CLICKHOUSE_USER'));
      expect(envVar(name, 'CLICKHOUSE_PASSWORD')).toBe(envVar('clickhouse', 'CLICKHOUSE_PASSWORD'));
      expect(envVar(name, 'CLICKHOUSE_DATABASE')).toBe(envVar('clickhouse', 'CLICKHOUSE_DB'));
    }
  });

  it('runs each app from an entry point that exists in the source tree', () => {
    const nestCli = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as { projects: Record<string, unknown> };
    for (const name of APPS) {
      const command = service(name).command ?? [];
      const [program, entry = ''] = Array.isArray(command) ? command : command.split(/\s+/);
      expect(program).toBe('node');
      // dist/apps/<name>/src/main.js is what tsc makes of apps/<name>/src/main.ts.
      const app = /^dist\/apps\/([\w-]+)\/src\/main\.js$/.exec(entry)?.[1];
      expect({ name, entry, app }).toEqual({ name, entry, app: name });
      expect(existsSync(join(ROOT, 'apps', name, 'src', 'main.ts'))).toBe(true);
      expect(Object.keys(nestCli.projects)).toContain(name);
    }
  });

  it('maps each app to its own host port and the container port it listens on', () => {
    expect(Object.fromEntries(APPS.map((name) => [name, portPairs(name)]))).toEqual({
      'sales-service': [[3001, 3000]],
      'workshop-service': [[3003, 3000]],
      'parts-service': [[3004, 3000]],
      'org-service': [[3005, 3000]],
      projector: [[3002, 3000]],
      'reporting-api': [[3000, 3000]],
    });
    for (const name of APPS) {
      for (const [, container] of portPairs(name)) expect(container).toBe(Number(envVar(name, 'PORT')));
    }
  });

  it('declares every named volume it uses, and uses every one it declares', () => {
    const declared = Object.keys(compose.volumes ?? {});
    const used = Object.values(compose.services).flatMap((svc) =>
      (svc.volumes ?? []).flatMap((volume) => {
        const source = typeof volume === 'string' ? volume.split(':')[0] : volume.type === 'volume' ? volume.source : undefined;
        // Bind mounts start with a path (., /, ~); named volumes are bare names.
        return source !== undefined && /^[A-Za-z0-9][\w.-]*$/.test(source) ? [source] : [];
      }),
    );
    for (const volume of used) expect(declared).toContain(volume);
    expect([...new Set(used)].sort()).toEqual([...declared].sort());
    for (const name of INFRA) expect((service(name).volumes ?? []).length).toBeGreaterThan(0);
  });
});

interface Stage {
  from: string;
  alias?: string;
  instructions: { keyword: string; args: string }[];
}

/** Dockerfile instructions by stage: comments dropped, `\` continuations joined. */
function dockerfileStages(text: string): Stage[] {
  const logical: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && current === '')) continue;
    if (trimmed.endsWith('\\')) {
      current += `${trimmed.slice(0, -1)} `;
      continue;
    }
    logical.push(current + trimmed);
    current = '';
  }
  if (current !== '') logical.push(current);
  const stages: Stage[] = [];
  for (const line of logical) {
    const match = /^(\w+)\s*(.*)$/.exec(line);
    if (match === null) continue;
    const keyword = match[1]!.toUpperCase();
    const args = match[2]!;
    if (keyword === 'FROM') {
      const [from = '', as, alias] = args.split(/\s+/).filter((part) => !part.startsWith('--'));
      stages.push({ from, alias: as?.toUpperCase() === 'AS' ? alias : undefined, instructions: [] });
    } else {
      stages[stages.length - 1]?.instructions.push({ keyword, args });
    }
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = dockerfileStages(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const byAlias = new Map(stages.flatMap((stage) => (stage.alias === undefined ? [] : [[stage.alias, stage] as const])));
  const runtime = must(stages[stages.length - 1], 'a FROM in the Dockerfile');
  const args = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

  /** The stage and the stages it is built FROM, nearest first. */
  function lineage(stage: Stage): Stage[] {
    const parent = byAlias.get(stage.from);
    return parent === undefined ? [stage] : [stage, ...lineage(parent)];
  }
  const runtimeChain = lineage(runtime);

  it('is multi-stage, with a runtime stage on Node 20 (glibc, not alpine)', () => {
    expect(stages.length).toBeGreaterThan(1);
    const image = runtimeChain[runtimeChain.length - 1]!.from;
    expect(image).toMatch(/^node:20(\.|-|$)/);
    expect(image).not.toMatch(/alpine/);
  });

  it('runs as a non-root user with NODE_ENV=production', () => {
    const users = args(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
    expect(runtimeChain.flatMap((stage) => args(stage, 'ENV')).join(' ')).toMatch(/\bNODE_ENV=production\b/);
  });

  it('ships only production dependencies into the runtime image', () => {
    const modules = must(
      args(runtime, 'COPY').find((copy) => /node_modules/.test(copy)),
      'a COPY of node_modules into the runtime stage',
    );
    const fromStage = /--from=(\S+)/.exec(modules)?.[1];
    const source = fromStage === undefined ? runtime : must(byAlias.get(fromStage), `stage ${fromStage}`);
    expect(args(source, 'RUN').some((run) => /\bnpm ci\b.*--omit=dev/.test(run))).toBe(true);
  });

  it('copies what the apps read at runtime: dist, nest-cli.json (the root marker) and the ClickHouse migrations', () => {
    const sources = args(runtime, 'COPY').flatMap((copy) =>
      copy
        .split(/\s+/)
        .filter((part) => !part.startsWith('--'))
        .slice(0, -1),
    );
    expect(sources).toContain('nest-cli.json');
    expect(sources).toContain('package.json');
    expect(sources).toContain('libs/clickhouse/migrations');
    expect(sources.some((source) => /^(\/app\/)?dist\/?$/.test(source))).toBe(true);
    expect(existsSync(join(ROOT, 'libs', 'clickhouse', 'migrations'))).toBe(true);
  });

  it('defaults to the all-in-one platform app and leaves health checks to the orchestrator', () => {
    expect(runtimeChain.flatMap((stage) => args(stage, 'CMD'))[0]).toBe('["node", "dist/apps/platform/src/main.js"]');
    expect(stages.some((stage) => args(stage, 'HEALTHCHECK').length > 0)).toBe(false);
  });
});

describe('.dockerignore', () => {
  it('keeps local builds, data and history out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    for (const entry of ['node_modules', 'dist', '.data', '.cache', '.git', 'test-artifacts']) {
      expect(ignored).toContain(entry);
    }
  });

  describe('monitoring', () => {
    /** `host path → container path` of a service's bind mounts. */
    const binds = (name: string): Map<string, string> =>
      new Map(
        (service(name).volumes ?? []).flatMap((volume) => {
          if (typeof volume !== 'string' || !volume.startsWith('./')) return [];
          const [source = '', target = ''] = volume.split(':');
          return [[source.replace(/^\.\//, ''), target] as [string, string]];
        }),
      );

    interface PrometheusConfig {
      rule_files: string[];
      scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[];
    }

    const prometheusDir = must(binds('prometheus').get('deploy/prometheus'), 'deploy/prometheus mounted into prometheus');
    const prometheusConfig = parse(readFileSync(join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8')) as PrometheusConfig;

    it('Prometheus reads the prometheus.yml and alerts.yaml of deploy/prometheus', () => {
      const command = service('prometheus').command ?? [];
      expect(command).toContain(`--config.file=${prometheusDir}/prometheus.yml`);
      for (const file of prometheusConfig.rule_files) {
        expect(file.startsWith(`${prometheusDir}/`)).toBe(true);
        expect(existsSync(join(ROOT, 'deploy/prometheus', file.slice(prometheusDir.length + 1)))).toBe(true);
      }
      const alerts = parse(readFileSync(join(ROOT, 'deploy/prometheus/alerts.yaml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
      const rules = alerts.groups.flatMap((g) => g.rules);
      expect(rules.length).toBeGreaterThanOrEqual(6);
      for (const rule of rules) expect({ alert: rule.alert, expr: rule.expr.trim().length > 0 }).toEqual({ alert: rule.alert, expr: true });
    });

    it('Prometheus scrapes /metrics of every app at the port it listens on, one job per app', () => {
      const jobs = Object.fromEntries(prometheusConfig.scrape_configs.map((c) => [c.job_name, c]));
      expect(Object.keys(jobs).sort()).toEqual([...APPS].sort());
      for (const name of APPS) {
        const job = must(jobs[name], `scrape job ${name}`);
        expect(job.metrics_path ?? '/metrics').toBe('/metrics');
        expect(job.static_configs.flatMap((c) => c.targets)).toEqual([`${name}:${envVar(name, 'PORT')}`]);
      }
    });

    it('Grafana is provisioned with the Prometheus data source and the operator dashboard', () => {
      const mounts = binds('grafana');
      expect(mounts.get('deploy/grafana/provisioning')).toBe('/etc/grafana/provisioning');
      const dashboardsDir = must(mounts.get('deploy/grafana/dashboards'), 'deploy/grafana/dashboards mounted into grafana');
      const datasource = parse(readFileSync(join(ROOT, 'deploy/grafana/provisioning/datasources/prometheus.yaml'), 'utf8')) as {
        datasources: { type: string; uid: string; url: string }[];
      };
      const [prometheus] = datasource.datasources;
      expect(prometheus).toMatchObject({ type: 'prometheus', url: `http://prometheus:9090` });
      const providers = parse(readFileSync(join(ROOT, 'deploy/grafana/provisioning/dashboards/dealer-kpi.yaml'), 'utf8')) as {
        providers: { type: string; options: { path: string } }[];
      };
      expect(providers.providers.map((p) => p.options.path)).toEqual([dashboardsDir]);
      const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/dashboards/operator.json'), 'utf8')) as {
        uid: string;
        panels: { type: string; datasource?: { uid: string }; targets?: { datasource?: { uid: string } }[] }[];
      };
      expect(dashboard.uid).toBe('dealer-kpi-operator');
      const queried = dashboard.panels.filter((p) => p.type !== 'row');
      expect(queried.length).toBeGreaterThanOrEqual(15);
      for (const panel of queried) {
        expect(panel.datasource?.uid).toBe(prometheus!.uid);
        for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe(prometheus!.uid);
      }
      expect(dependsOn('grafana')).toEqual({ prometheus: { condition: 'service_healthy' }, clickhouse: { condition: 'service_healthy' } });
    });

    it("Grafana also serves the head-office BI dashboard: the ClickHouse plugin, the bi_grafana reader's password required", () => {
      const env = envOf('grafana');
      expect(env.GF_PLUGINS_PREINSTALL).toBe('grafana-clickhouse-datasource');
      expect(env.BI_GRAFANA_PASSWORD).toMatch(/^\$\{BI_GRAFANA_PASSWORD:\?/);
      const datasource = readFileSync(join(ROOT, 'deploy/grafana/provisioning/datasources/clickhouse.yaml'), 'utf8');
      expect(datasource).toContain('$BI_GRAFANA_PASSWORD');
      expect(existsSync(join(ROOT, 'deploy/grafana/dashboards/head-office.json'))).toBe(true);
    });

    it('publishes Prometheus and Grafana on the loopback interface only', () => {
      for (const name of MONITORING) {
        for (const port of service(name).ports ?? []) expect(typeof port === 'string' ? port : JSON.stringify(port)).toMatch(/^127\.0\.0\.1:/);
      }
    });
  });
});
