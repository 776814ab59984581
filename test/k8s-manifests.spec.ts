// The Kubernetes form (deploy/k8s) checked offline: each overlay is rendered with the Kustomize
// subset of test/k8s/kustomize.ts, every object is validated against the Kubernetes schemas
// (kubernetes-models, Kubernetes 1.27) or the operators' CRD schemas vendored in deploy/k8s/schemas,
// and the wiring is compared with what the apps read at boot. Nothing here talks to a cluster.
import { BOUNDED_CONTEXTS, dlqTopicFor, topicFor } from '@app/contracts';
import Ajv, { type ValidateFunction } from 'ajv';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Container, K8S_DIR, K8sObject, podContainers, podSpecOf, renderKustomization } from './k8s/kustomize';

const ROOT = join(__dirname, '..');
const OVERLAYS = ['staging', 'production'] as const;
const APPS = ['sales-service', 'workshop-service', 'parts-service', 'org-service', 'projector', 'reporting-api'] as const;
type App = (typeof APPS)[number];

// ---- what the apps need, derived from their code -------------------------------------------

/**
 * The environment an app needs, read from apps/<name>/src/main.ts: the variables bootstrapService
 * requires, plus the connection settings of the modules it imports (a ClickHouse module without
 * CLICKHOUSE_URL would fall back to the embedded engine on a read-only file system; the reporting
 * API's sign-in needs DATABASE_URL), plus what NODE_ENV=production demands (AUTH_JWT_SECRET).
 */
function requiredEnv(app: App): { env: string[]; readiness: string } {
  const source = readFileSync(join(ROOT, 'apps', app, 'src', 'main.ts'), 'utf8');
  const requires = /bootstrapService\(\s*'[\w-]+',\s*\[([^\]]*)\]/.exec(source);
  if (requires === null) throw new Error(`apps/${app}/src/main.ts: no bootstrapService('<name>', [...]) call`);
  const env = new Set(['NODE_ENV', 'HOST', 'PORT', 'AUTH_JWT_SECRET', ...[...requires[1]!.matchAll(/'(\w+)'/g)].map((m) => m[1]!)]);
  if (/\bEventStoreModule\.forRoot\b/.test(source)) env.add('DATABASE_URL');
  if (/\bKafkaModule\.forRoot\b/.test(source)) ['KAFKA_BROKERS', 'KAFKA_TOPIC_PARTITIONS', 'KAFKA_REPLICATION_FACTOR'].forEach((v) => env.add(v));
  if (/\bClickHouseModule\.forRoot\b/.test(source))
    ['CLICKHOUSE_URL', 'CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD', 'CLICKHOUSE_DATABASE'].forEach((v) => env.add(v));
  // GET /health/ready is served by the reporting module (libs/reporting/src/as-of/readiness.controller.ts).
  const readiness = /\bReportingModule\b/.test(source) ? '/health/ready' : '/health';
  return { env: [...env].sort(), readiness };
}

/** Source text of the apps and libraries (not the specs): a variable set in a manifest must be read there. */
const CODE_TEXT = ['apps', 'libs']
  .flatMap((top) => readdirSync(join(ROOT, top), { recursive: true, encoding: 'utf8' }).map((file) => join(ROOT, top, file)))
  .filter((file) => file.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(file))
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

const COMPOSE = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; environment?: Record<string, unknown> }>;
};

// ---- schemas -------------------------------------------------------------------------------

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

const CORE: Record<string, ModelClass> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
};

interface VendoredSchema {
  apiVersion: string;
  kind: string;
  source: { repository: string; path: string; tag: string; commit: string };
  schema: object;
}

const ajv = new Ajv({
  strict: false,
  allErrors: true,
  logger: false,
  formats: {
    int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
    int64: { type: 'number', validate: (n: number) => Number.isInteger(n) },
    'date-time': true,
  },
});
const SCHEMA_DIR = join(K8S_DIR, 'schemas');
const VENDORED = readdirSync(SCHEMA_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as VendoredSchema);
const CUSTOM = new Map<string, ValidateFunction>(VENDORED.map((s) => [`${s.apiVersion}/${s.kind}`, ajv.compile(s.schema)]));

/** Schema problems of one object; an unknown kind is a problem too. */
function schemaProblems(object: K8sObject): string[] {
  const key = `${object.apiVersion}/${object.kind}`;
  const core = CORE[key];
  if (core !== undefined) {
    try {
      new core(object as never).validate();
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  }
  const custom = CUSTOM.get(key);
  if (custom === undefined) return [`no schema for ${key}`];
  return custom(object) ? [] : (custom.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

// ---- helpers -------------------------------------------------------------------------------

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet?: { path?: string; port?: string | number };
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type?: string };
  privileged?: boolean;
}
interface AppContainer extends Container {
  command?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { cpu?: string; memory?: string } };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string }[];
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing: ${what}`);
  return value;
}

function byKind<T = Record<string, unknown>>(objects: K8sObject[], kind: string): (K8sObject & { spec: T })[] {
  return objects.filter((o) => o.kind === kind) as (K8sObject & { spec: T })[];
}

function one<T = Record<string, unknown>>(objects: K8sObject[], kind: string, name?: string): K8sObject & { spec: T } {
  const found = byKind<T>(objects, kind).filter((o) => name === undefined || o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind}${name === undefined ? '' : ` ${name}`}, found ${found.length}`);
  return found[0]!;
}

/** An app's environment as the kubelet would build it: envFrom config maps first, then env. */
function resolvedEnv(objects: K8sObject[], container: AppContainer): Map<string, EnvVar> {
  const env = new Map<string, EnvVar>();
  for (const from of container.envFrom ?? []) {
    const name = must(from.configMapRef?.name, `only configMapRef in envFrom of ${container.name}`);
    const data = (one(objects, 'ConfigMap', name) as unknown as { data?: Record<string, string> }).data ?? {};
    for (const [key, value] of Object.entries(data)) env.set(key, { name: key, value });
  }
  for (const entry of container.env ?? []) env.set(entry.name, entry);
  return env;
}

/** A plain value with `$(VAR)` expanded from the earlier plain values (secrets stay placeholders). */
function expanded(env: Map<string, EnvVar>, name: string): string {
  const entry = must(env.get(name), `variable ${name}`);
  if (entry.value === undefined) return `<${name}>`;
  return entry.value.replace(/\$\((\w+)\)/g, (_m, ref: string) => (env.has(ref) ? expanded(env, ref) : `$(${ref})`));
}

const SECRETS_EXAMPLE = parseAllDocuments(readFileSync(join(K8S_DIR, 'secrets.example.yaml'), 'utf8')).map(
  (doc) => doc.toJS() as { kind: string; type?: string; metadata: { name: string }; stringData: Record<string, string> },
);

function appContainer(deployment: K8sObject): AppContainer {
  const containers = (podSpecOf(deployment)?.containers ?? []) as AppContainer[];
  return must(
    containers.find((c) => c.name === deployment.metadata.name),
    `container ${deployment.metadata.name}`,
  );
}

function matches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return selector !== undefined && Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Label selector semantics of NetworkPolicy (an empty selector selects everything). */
function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (selector === undefined) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    if (e.operator === 'In') return e.values?.includes(labels[e.key] ?? '\0') ?? false;
    if (e.operator === 'NotIn') return !(e.values ?? []).includes(labels[e.key] ?? '\0');
    if (e.operator === 'Exists') return e.key in labels;
    if (e.operator === 'DoesNotExist') return !(e.key in labels);
    throw new Error(`operator ${e.operator}`);
  });
  return byLabels && byExpressions;
}

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
}
interface PolicyRule {
  to?: PolicyPeer[];
  from?: PolicyPeer[];
  ports?: { protocol?: string; port?: number }[];
}
interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes?: string[];
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
}

/** Whether the policies allow pods with `from` labels to reach pods with `to` labels (same namespace) on `port`. */
function egressAllowed(policies: (K8sObject & { spec: PolicySpec })[], from: Record<string, string>, to: Record<string, string>, port: number): boolean {
  return policies
    .filter((p) => p.spec.policyTypes?.includes('Egress') && selects(p.spec.podSelector, from))
    .some((p) =>
      (p.spec.egress ?? []).some(
        (rule) =>
          (rule.to === undefined || rule.to.some((peer) => peer.namespaceSelector === undefined && selects(peer.podSelector, to))) &&
          (rule.ports === undefined || rule.ports.some((p2) => p2.port === port)),
      ),
    );
}

function ingressAllowed(
  policies: (K8sObject & { spec: PolicySpec })[],
  to: Record<string, string>,
  peer: { pod?: Record<string, string>; namespace?: Record<string, string> },
  port: number,
): boolean {
  return policies
    .filter((p) => p.spec.policyTypes?.includes('Ingress') && selects(p.spec.podSelector, to))
    .some((p) =>
      (p.spec.ingress ?? []).some(
        (rule) =>
          (rule.from === undefined ||
            rule.from.some((f) =>
              peer.namespace === undefined
                ? f.namespaceSelector === undefined && selects(f.podSelector, peer.pod ?? {})
                : selects(f.namespaceSelector, peer.namespace) && (f.podSelector === undefined || selects(f.podSelector, peer.pod ?? {})),
            )) &&
          (rule.ports === undefined || rule.ports.some((p2) => p2.port === port)),
      ),
    );
}

/** `name:tag` or `name:tag@sha256:…` with a version-like tag (a digit in it, not `latest`). */
function pinned(image: string): boolean {
  const [reference = '', digest] = image.split('@');
  if (digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(digest)) return false;
  const colon = reference.lastIndexOf(':');
  const tag = colon > reference.lastIndexOf('/') ? reference.slice(colon + 1) : '';
  return tag !== 'latest' && /\d/.test(tag) && /^[\w][\w.-]*$/.test(tag);
}

/** Every container of an operator's resource that deploy/k8s writes a template for. */
function operatorContainers(objects: K8sObject[]): { where: string; image?: string; securityContext?: SecurityContext; pod?: SecurityContext }[] {
  const out: { where: string; image?: string; securityContext?: SecurityContext; pod?: SecurityContext }[] = [];
  for (const kafka of byKind<{
    kafka: { image?: string; template?: { pod?: { securityContext?: SecurityContext }; kafkaContainer?: { securityContext?: SecurityContext } } };
    entityOperator?: { template?: { pod?: { securityContext?: SecurityContext }; topicOperatorContainer?: { securityContext?: SecurityContext } } };
  }>(objects, 'Kafka')) {
    out.push({
      where: `Kafka ${kafka.metadata.name} kafka`,
      image: kafka.spec.kafka.image,
      securityContext: kafka.spec.kafka.template?.kafkaContainer?.securityContext,
      pod: kafka.spec.kafka.template?.pod?.securityContext,
    });
    out.push({
      where: `Kafka ${kafka.metadata.name} topic operator`,
      securityContext: kafka.spec.entityOperator?.template?.topicOperatorContainer?.securityContext,
      pod: kafka.spec.entityOperator?.template?.pod?.securityContext,
    });
  }
  for (const pool of byKind<{ template?: { pod?: { securityContext?: SecurityContext }; kafkaContainer?: { securityContext?: SecurityContext } } }>(
    objects,
    'KafkaNodePool',
  )) {
    out.push({
      where: `KafkaNodePool ${pool.metadata.name}`,
      securityContext: pool.spec.template?.kafkaContainer?.securityContext,
      pod: pool.spec.template?.pod?.securityContext,
    });
  }
  for (const cluster of byKind<{ imageName?: string; securityContext?: SecurityContext; podSecurityContext?: SecurityContext }>(objects, 'Cluster')) {
    out.push({
      where: `Cluster ${cluster.metadata.name}`,
      image: cluster.spec.imageName,
      securityContext: cluster.spec.securityContext,
      pod: cluster.spec.podSecurityContext,
    });
  }
  for (const kind of ['ClickHouseInstallation', 'ClickHouseKeeperInstallation']) {
    for (const chi of byKind<{ templates?: { podTemplates?: { name: string; spec: { securityContext?: SecurityContext; containers?: AppContainer[] } }[] } }>(
      objects,
      kind,
    )) {
      const templates = chi.spec.templates?.podTemplates ?? [];
      if (templates.length === 0) out.push({ where: `${kind} ${chi.metadata.name} (no pod template)` });
      for (const template of templates) {
        for (const container of template.spec.containers ?? []) {
          out.push({
            where: `${kind} ${chi.metadata.name} ${container.name}`,
            image: container.image,
            securityContext: container.securityContext,
            pod: template.spec.securityContext,
          });
        }
      }
    }
  }
  return out;
}

function hardened(container: SecurityContext | undefined, pod: SecurityContext | undefined): Record<string, unknown> {
  return {
    runAsNonRoot: container?.runAsNonRoot ?? pod?.runAsNonRoot,
    runAsUser: (container?.runAsUser ?? pod?.runAsUser ?? 1) > 0,
    readOnlyRootFilesystem: container?.readOnlyRootFilesystem,
    allowPrivilegeEscalation: container?.allowPrivilegeEscalation,
    privileged: container?.privileged ?? false,
    dropsAll: container?.capabilities?.drop?.includes('ALL') ?? false,
    adds: container?.capabilities?.add ?? [],
    seccomp: container?.seccompProfile?.type ?? pod?.seccompProfile?.type,
  };
}
const HARDENED = {
  runAsNonRoot: true,
  runAsUser: true,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  privileged: false,
  dropsAll: true,
  adds: [],
  seccomp: 'RuntimeDefault',
};

// ---- the checks ----------------------------------------------------------------------------

describe('deploy/k8s: vendored CRD schemas', () => {
  it('record where each came from and cover the custom resources used', () => {
    for (const s of VENDORED) {
      expect({ kind: s.kind, repository: s.source.repository }).toEqual({ kind: s.kind, repository: expect.stringMatching(/^[\w.-]+\/[\w.-]+$/) as string });
      expect(s.source.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(s.source.path).toMatch(/\.ya?ml$/);
    }
    expect(VENDORED.map((s) => `${s.apiVersion}/${s.kind}`).sort()).toEqual([
      'clickhouse-keeper.altinity.com/v1/ClickHouseKeeperInstallation',
      'clickhouse.altinity.com/v1/ClickHouseInstallation',
      'kafka.strimzi.io/v1/Kafka',
      'kafka.strimzi.io/v1/KafkaNodePool',
      'kafka.strimzi.io/v1/KafkaTopic',
      'postgresql.cnpg.io/v1/Cluster',
    ]);
  });

  it('reject what they should (a KafkaTopic with a string partition count, a Cluster without instances)', () => {
    expect(schemaProblems({ apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaTopic', metadata: { name: 't' }, spec: { partitions: 'six' } })).not.toEqual([]);
    expect(schemaProblems({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'c' }, spec: {} })).not.toEqual([]);
    expect(schemaProblems({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 'two' } })).not.toEqual([]);
    expect(schemaProblems({ apiVersion: 'example.com/v1', kind: 'Unknown', metadata: { name: 'u' } })).toEqual(['no schema for example.com/v1/Unknown']);
  });
});

describe.each(OVERLAYS)('deploy/k8s/overlays/%s', (overlay) => {
  const objects = renderKustomization(join(K8S_DIR, 'overlays', overlay));
  const kustomization = parse(readFileSync(join(K8S_DIR, 'overlays', overlay, 'kustomization.yaml'), 'utf8')) as {
    namespace: string;
    images: { name: string; newName: string; newTag: string }[];
  };
  const deployments = byKind<{ replicas?: number }>(objects, 'Deployment');
  const deployment = (app: App) => one<{ replicas?: number }>(objects, 'Deployment', app);
  const podLabels = (o: K8sObject) => (o.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
  const workloads = [...deployments, ...byKind(objects, 'Job')];

  it('renders objects that are valid against the Kubernetes and the operators’ schemas', () => {
    expect(objects.length).toBeGreaterThan(0);
    const problems = objects.flatMap((o) => schemaProblems(o).map((p) => `${o.kind} ${o.metadata.name}: ${p}`));
    expect(problems).toEqual([]);
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('puts everything in the overlay’s namespace, which it creates with Pod Security labels', () => {
    for (const o of objects.filter((x) => x.kind !== 'Namespace'))
      expect({ o: `${o.kind}/${o.metadata.name}`, ns: o.metadata.namespace }).toEqual({ o: `${o.kind}/${o.metadata.name}`, ns: kustomization.namespace });
    const ns = one(objects, 'Namespace', kustomization.namespace);
    expect(ns.metadata.labels?.['pod-security.kubernetes.io/warn']).toBe('restricted');
  });

  it('holds no Secret (no values): the template names every Secret and key the manifests reference', () => {
    expect(byKind(objects, 'Secret')).toEqual([]);
    const template = new Map(SECRETS_EXAMPLE.map((s) => [s.metadata.name, s]));
    for (const s of SECRETS_EXAMPLE) {
      expect(s.kind).toBe('Secret');
      for (const value of Object.values(s.stringData))
        expect({ secret: s.metadata.name, value }).toEqual({ secret: s.metadata.name, value: expect.stringMatching(/^(<[^>]+>|kpi)$/) as string });
    }
    const references = workloads.flatMap((w) =>
      podContainers(w).flatMap((c) => ((c as AppContainer).env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef] : []))),
    );
    const chi = one<{ configuration: { users: Record<string, string> } }>(objects, 'ClickHouseInstallation');
    for (const [key, value] of Object.entries(chi.spec.configuration.users)) {
      if (key.endsWith('/k8s_secret_password')) references.push({ name: value.split('/')[0]!, key: value.split('/')[1]! });
    }
    const pg = one<{ bootstrap: { initdb: { secret: { name: string }; owner: string } } }>(objects, 'Cluster');
    references.push({ name: pg.spec.bootstrap.initdb.secret.name, key: 'username' }, { name: pg.spec.bootstrap.initdb.secret.name, key: 'password' });
    expect(references.length).toBeGreaterThan(0);
    for (const ref of references) expect({ ref, present: template.get(ref.name)?.stringData[ref.key] !== undefined }).toEqual({ ref, present: true });
    // CloudNativePG takes the owner's credentials from a basic-auth Secret whose username is the owner.
    expect(template.get(pg.spec.bootstrap.initdb.secret.name)).toMatchObject({
      type: 'kubernetes.io/basic-auth',
      stringData: { username: pg.spec.bootstrap.initdb.owner },
    });
  });

  it('runs one Deployment per app, each from its entry point in the one app image at the overlay’s version', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...APPS].sort());
    const appImage = kustomization.images.find((i) => i.name === 'dealer-kpi');
    expect(appImage?.newTag).toMatch(/^\d+\.\d+\.\d+$/);
    const image = `${appImage!.newName}:${appImage!.newTag}`;
    for (const app of APPS) {
      const container = appContainer(deployment(app));
      expect(container.command).toEqual(['node', `dist/apps/${app}/src/main.js`]);
      expect(existsSync(join(ROOT, 'apps', app, 'src', 'main.ts'))).toBe(true);
      for (const c of podContainers(deployment(app))) expect({ app, c: c.name, image: c.image }).toEqual({ app, c: c.name, image });
    }
  });

  it('pins every image to an explicit version (no :latest, no bare name)', () => {
    const images = [
      ...workloads.flatMap((w) => podContainers(w).map((c) => ({ where: `${w.kind} ${w.metadata.name} ${c.name}`, image: c.image }))),
      ...operatorContainers(objects).filter((c) => c.image !== undefined),
    ];
    expect(images.length).toBeGreaterThan(10);
    for (const { where, image } of images) expect({ where, image, pinned: pinned(image ?? '') }).toEqual({ where, image, pinned: true });
  });

  it('runs every container non-root, with a read-only root file system, no privilege escalation, no capabilities, seccomp RuntimeDefault', () => {
    const all = [
      ...workloads.flatMap((w) =>
        podContainers(w).map((c) => ({
          where: `${w.kind} ${w.metadata.name} ${c.name}`,
          securityContext: (c as AppContainer).securityContext,
          pod: podSpecOf(w)?.securityContext as SecurityContext | undefined,
        })),
      ),
      ...operatorContainers(objects),
    ];
    expect(all.length).toBeGreaterThan(15);
    for (const { where, securityContext, pod } of all) expect({ where, ...hardened(securityContext, pod) }).toEqual({ where, ...HARDENED });
    for (const w of workloads) {
      const spec = podSpecOf(w)!;
      expect({ w: w.metadata.name, automount: spec.automountServiceAccountToken }).toEqual({ w: w.metadata.name, automount: false });
      // /tmp stays writable on the read-only root file system, from an emptyDir.
      const volumes = (spec.volumes ?? []) as { name: string; emptyDir?: object }[];
      for (const c of podContainers(w) as AppContainer[]) {
        const tmp = c.volumeMounts?.find((m) => m.mountPath === '/tmp');
        expect({ c: c.name, tmp: volumes.find((v) => v.name === tmp?.name)?.emptyDir !== undefined }).toEqual({ c: c.name, tmp: true });
      }
    }
  });

  it.each(APPS)('%s has every variable its code requires, and none the code does not read', (app) => {
    const { env: required } = requiredEnv(app);
    const container = appContainer(deployment(app));
    const env = resolvedEnv(objects, container);
    for (const name of required) expect({ app, name, present: env.has(name) }).toEqual({ app, name, present: true });
    const helpers = new Set([...env.values()].flatMap((e) => [...(e.value ?? '').matchAll(/\$\((\w+)\)/g)].map((m) => m[1]!)));
    for (const name of env.keys()) {
      expect({ app, name, known: helpers.has(name) || new RegExp(`\\b${name}\\b`).test(CODE_TEXT) }).toEqual({ app, name, known: true });
    }
    // $(VAR) only expands variables defined before it.
    const order = container.env?.map((e) => e.name) ?? [];
    for (const [index, entry] of (container.env ?? []).entries()) {
      for (const [, ref] of (entry.value ?? '').matchAll(/\$\((\w+)\)/g))
        expect({ entry: entry.name, ref, before: order.indexOf(ref!) > -1 && order.indexOf(ref!) < index }).toEqual({ entry: entry.name, ref, before: true });
    }
    expect(expanded(env, 'NODE_ENV')).toBe('production');
    expect(expanded(env, 'HOST')).toBe('0.0.0.0');
    expect(env.get('AUTH_JWT_SECRET')?.valueFrom?.secretKeyRef).toBeDefined();
    // The same connections as docker-compose.yml gives the app.
    const composeConnections = Object.keys(COMPOSE.services[app]?.environment ?? {}).filter((k) => /^(DATABASE_URL|KAFKA_BROKERS|CLICKHOUSE_\w+)$/.test(k));
    expect(required.filter((k) => /^(DATABASE_URL|KAFKA_BROKERS|CLICKHOUSE_\w+)$/.test(k)).sort()).toEqual(composeConnections.sort());
  });

  it.each(APPS)('%s connects to the Postgres, Kafka and ClickHouse of the manifests', (app) => {
    const env = resolvedEnv(objects, appContainer(deployment(app)));
    const pg = one<{ bootstrap: { initdb: { database: string; owner: string; secret: { name: string } } } }>(objects, 'Cluster');
    if (env.has('DATABASE_URL')) {
      const url = new URL(expanded(env, 'DATABASE_URL'));
      expect({ protocol: url.protocol, host: url.hostname, port: url.port, path: url.pathname }).toEqual({
        protocol: 'postgres:',
        host: `${pg.metadata.name}-rw`,
        port: '5432',
        path: `/${pg.spec.bootstrap.initdb.database}`,
      });
      expect(env.get('POSTGRES_USER')?.valueFrom?.secretKeyRef).toEqual({ name: pg.spec.bootstrap.initdb.secret.name, key: 'username' });
      expect(env.get('POSTGRES_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({ name: pg.spec.bootstrap.initdb.secret.name, key: 'password' });
    }
    if (env.has('KAFKA_BROKERS')) {
      const kafka = one<{ kafka: { listeners: { name: string; port: number; tls: boolean }[] } }>(objects, 'Kafka');
      const plain = must(
        kafka.spec.kafka.listeners.find((l) => !l.tls),
        'a plain listener (the apps have no TLS settings)',
      );
      expect(expanded(env, 'KAFKA_BROKERS')).toBe(`${kafka.metadata.name}-kafka-bootstrap:${plain.port}`);
    }
    if (env.has('CLICKHOUSE_URL')) {
      const chi = one<{ configuration: { users: Record<string, string>; clusters: { name: string }[] } }>(objects, 'ClickHouseInstallation');
      const url = new URL(expanded(env, 'CLICKHOUSE_URL'));
      // The installation's service (clickhouse-<chi>, every ready node), not one replica's
      // (chi-<chi>-<cluster>-<shard>-<replica>): the schema's cluster form (ADR 22, clickhouse.yaml).
      expect(`${url.protocol}//${url.host}`).toBe(`http://clickhouse-${chi.metadata.name}:8123`);
      expect(chi.spec.configuration.clusters.map((c) => c.name)).toContain(expanded(env, 'CLICKHOUSE_CLUSTER'));
      const user = expanded(env, 'CLICKHOUSE_USER');
      expect(chi.spec.configuration.users[`${user}/k8s_secret_password`]).toBe(
        `${env.get('CLICKHOUSE_PASSWORD')?.valueFrom?.secretKeyRef?.name}/${env.get('CLICKHOUSE_PASSWORD')?.valueFrom?.secretKeyRef?.key}`,
      );
    }
  });

  it.each(APPS)('%s has liveness /health, readiness where the app serves it, and resources', (app) => {
    const container = appContainer(deployment(app));
    const env = resolvedEnv(objects, container);
    const port = must(
      container.ports?.find((p) => p.name === 'http'),
      `port http of ${app}`,
    );
    expect(port.containerPort).toBe(Number(expanded(env, 'PORT')));
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: requiredEnv(app).readiness, port: 'http' });
    for (const c of podContainers(deployment(app)) as AppContainer[]) {
      expect({
        c: c.name,
        cpu: c.resources?.requests?.cpu !== undefined,
        memory: c.resources?.requests?.memory !== undefined,
        limit: c.resources?.limits?.memory !== undefined,
      }).toEqual({ c: c.name, cpu: true, memory: true, limit: true });
    }
  });

  it('covers every Deployment with a PodDisruptionBudget', () => {
    const pdbs = byKind<{ selector: { matchLabels: Record<string, string> }; maxUnavailable?: number; minAvailable?: number }>(objects, 'PodDisruptionBudget');
    for (const d of deployments) {
      const covering = pdbs.filter((p) => matches(p.spec.selector.matchLabels, podLabels(d)));
      expect({ d: d.metadata.name, pdbs: covering.length }).toEqual({ d: d.metadata.name, pdbs: 1 });
      // A budget that allows no disruption at the Deployment's replicas would block node drains.
      const hpa = byKind<{ scaleTargetRef: { name: string }; minReplicas: number }>(objects, 'HorizontalPodAutoscaler').find(
        (h) => h.spec.scaleTargetRef.name === d.metadata.name,
      );
      const replicas = d.spec.replicas ?? hpa?.spec.minReplicas ?? 1;
      const allowed = covering[0]!.spec.maxUnavailable ?? replicas - (covering[0]!.spec.minAvailable ?? 0);
      expect({ d: d.metadata.name, allowed: allowed >= 1 }).toEqual({ d: d.metadata.name, allowed: true });
    }
  });

  it('scales the HTTP APIs with a HorizontalPodAutoscaler, and not the projector', () => {
    const hpas = byKind<{ scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number }>(objects, 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.spec.scaleTargetRef.name).sort()).toEqual(APPS.filter((a) => a !== 'projector').sort());
    for (const h of hpas) {
      expect(h.spec.scaleTargetRef.kind).toBe('Deployment');
      // The HPA owns the count: a replicas field would reset it on every apply.
      expect({ d: h.spec.scaleTargetRef.name, replicas: deployment(h.spec.scaleTargetRef.name as App).spec.replicas }).toEqual({
        d: h.spec.scaleTargetRef.name,
        replicas: undefined,
      });
      expect(h.spec.minReplicas).toBeGreaterThanOrEqual(1);
      expect(h.spec.maxReplicas).toBeGreaterThanOrEqual(h.spec.minReplicas);
    }
  });

  it('runs no more projectors than the partitions of a topic they consume, and creates topics as the KafkaTopics say', () => {
    const topics = byKind<{ partitions: number; replicas: number; config: Record<string, unknown> }>(objects, 'KafkaTopic');
    const consumed = BOUNDED_CONTEXTS.map((c) => topicFor(c));
    const partitions = Math.min(...consumed.map((name) => one<{ partitions: number }>(objects, 'KafkaTopic', name).spec.partitions));
    expect(deployment('projector').spec.replicas ?? 1).toBeLessThanOrEqual(partitions);
    for (const app of APPS) {
      const env = resolvedEnv(objects, appContainer(deployment(app)));
      if (!env.has('KAFKA_BROKERS')) continue;
      for (const t of topics) {
        expect({ app, topic: t.metadata.name, partitions: t.spec.partitions, replicas: t.spec.replicas }).toEqual({
          app,
          topic: t.metadata.name,
          partitions: Number(expanded(env, 'KAFKA_TOPIC_PARTITIONS')),
          replicas: Number(expanded(env, 'KAFKA_REPLICATION_FACTOR')),
        });
      }
    }
  });

  it('declares every topic the apps use with replication 3 and min.insync.replicas 2, on a KRaft cluster of at least 3 brokers', () => {
    const topics = byKind<{ partitions: number; replicas: number; topicName?: string; config: Record<string, unknown> }>(objects, 'KafkaTopic');
    const expected = BOUNDED_CONTEXTS.flatMap((c) => [topicFor(c), dlqTopicFor(topicFor(c))]).sort();
    expect(topics.map((t) => t.spec.topicName ?? t.metadata.name).sort()).toEqual(expected);
    const kafka = one<{ kafka: { config: Record<string, unknown> } }>(objects, 'Kafka');
    for (const t of topics) {
      expect({
        topic: t.metadata.name,
        cluster: t.metadata.labels?.['strimzi.io/cluster'],
        replicas: t.spec.replicas,
        minIsr: Number(t.spec.config['min.insync.replicas']),
      }).toEqual({
        topic: t.metadata.name,
        cluster: kafka.metadata.name,
        replicas: 3,
        minIsr: 2,
      });
    }
    expect(kafka.spec.kafka.config).toMatchObject({ 'auto.create.topics.enable': false, 'default.replication.factor': 3, 'min.insync.replicas': 2 });
    const pools = byKind<{ replicas: number; roles: string[] }>(objects, 'KafkaNodePool').filter(
      (p) => p.metadata.labels?.['strimzi.io/cluster'] === kafka.metadata.name,
    );
    const count = (role: string) => pools.filter((p) => p.spec.roles.includes(role)).reduce((sum, p) => sum + p.spec.replicas, 0);
    expect(count('broker')).toBeGreaterThanOrEqual(3);
    expect(count('controller') % 2).toBe(1);
  });

  it('runs ClickHouse as 2 shards x 2 replicas on ClickHouse Keeper, at the version docker-compose.yml runs', () => {
    const chi = one<{
      configuration: { clusters: { name: string; layout: { shardsCount: number; replicasCount: number } }[]; zookeeper: { nodes: { host: string }[] } };
    }>(objects, 'ClickHouseInstallation');
    expect(chi.spec.configuration.clusters.map((c) => c.layout)).toEqual([{ shardsCount: 2, replicasCount: 2 }]);
    const chk = one<{ configuration: { clusters: { layout: { replicasCount: number } }[] } }>(objects, 'ClickHouseKeeperInstallation');
    expect(chk.spec.configuration.clusters[0]!.layout.replicasCount % 2).toBe(1);
    expect(chi.spec.configuration.zookeeper.nodes.map((n) => n.host)).toEqual([`keeper-${chk.metadata.name}`]);
    const composeTag = must(COMPOSE.services.clickhouse?.image, 'compose clickhouse image').split(':')[1];
    const images = operatorContainers(objects)
      .filter((c) => /ClickHouse/.test(c.where))
      .map((c) => c.image?.split(':')[1]);
    expect(images).toEqual([composeTag, composeTag]);
    const pgMajor = must(COMPOSE.services.postgres?.image, 'compose postgres image').split(':')[1]!.split('.')[0];
    expect(one<{ imageName: string }>(objects, 'Cluster').spec.imageName).toMatch(new RegExp(`:${pgMajor}\\.`));
  });

  it('runs the schema’s cluster form: every ClickHouse client names a cluster of the installation and its service; Keeper, macros and the user allow it', () => {
    type Chi = {
      configuration: {
        clusters: { name: string }[];
        zookeeper?: { nodes?: { host: string; port?: number }[] };
        users: Record<string, string | number>;
        profiles?: Record<string, string | number>;
        settings?: Record<string, unknown>;
        files?: Record<string, unknown>;
      };
    };
    const chi = one<Chi>(objects, 'ClickHouseInstallation');
    const clusters = chi.spec.configuration.clusters.map((c) => c.name);
    // Every container that talks to ClickHouse (apps, their init containers, the Job): an init
    // container without the cluster would create schema_migrations and the database on one node
    // only (migrate.js --wait creates the bookkeeping table if missing).
    const clients = workloads.flatMap((w) =>
      (podContainers(w) as AppContainer[])
        .map((c) => ({ where: `${w.kind} ${w.metadata.name} ${c.name}`, env: resolvedEnv(objects, c) }))
        .filter((c) => c.env.has('CLICKHOUSE_URL')),
    );
    expect(clients.map((c) => c.where).sort()).toEqual(
      [
        'Deployment projector projector',
        'Deployment projector wait-for-migrations',
        'Deployment reporting-api reporting-api',
        'Deployment reporting-api wait-for-migrations',
        'Job dealer-kpi-migrate migrate',
      ].sort(),
    );
    for (const { where, env } of clients) {
      const url = new URL(expanded(env, 'CLICKHOUSE_URL'));
      const cluster = env.has('CLICKHOUSE_CLUSTER') ? expanded(env, 'CLICKHOUSE_CLUSTER') : undefined;
      expect({ where, cluster, declared: cluster !== undefined && clusters.includes(cluster), host: url.hostname }).toEqual({
        where,
        cluster,
        declared: true,
        // The operator's service of the whole installation, not a replica's chi-<chi>-<cluster>-<shard>-<replica>.
        host: `clickhouse-${chi.metadata.name}`,
      });
    }
    // ON CLUSTER DDL and replication need Keeper: the nodes are the Keeper installation's service.
    const chk = one(objects, 'ClickHouseKeeperInstallation');
    const keeper = chi.spec.configuration.zookeeper?.nodes ?? [];
    expect(keeper.length).toBeGreaterThan(0);
    for (const node of keeper) expect(node).toEqual({ host: `keeper-${chk.metadata.name}`, port: 2181 });
    // The cluster form's {cluster}, {shard} and {replica} come from the operator, which writes them
    // per node ({replica} the pod's host name, unique across the cluster): nothing may override them.
    const configured = [chi.spec.configuration.settings, chi.spec.configuration.files].flatMap((o) => Object.keys(o ?? {}));
    expect(configured.filter((key) => /macros/i.test(key))).toEqual([]);
    // The apps' user gets ALL (the CLUSTER privilege included) only without grants or database lists,
    // and must not be read-only.
    const user = expanded(clients[0]!.env, 'CLICKHOUSE_USER');
    const userKeys = Object.keys(chi.spec.configuration.users).filter((key) => key.startsWith(`${user}/`));
    expect(userKeys.length).toBeGreaterThan(0);
    expect(userKeys.filter((key) => /^[^/]+\/(grants|allow_databases|databases)\b/.test(key))).toEqual([]);
    const profile = String(chi.spec.configuration.users[`${user}/profile`] ?? 'default');
    expect(Number(chi.spec.configuration.profiles?.[`${profile}/readonly`] ?? 0)).toBe(0);
  });

  it('migrates in a Job before the apps: each app waits in an init container for the schemas it uses', () => {
    const job = one(objects, 'Job');
    const [migrate] = podContainers(job) as AppContainer[];
    expect(migrate?.command).toEqual(['node', 'dist/scripts/migrate.js', 'postgres', 'clickhouse']);
    expect(existsSync(join(ROOT, 'scripts', 'migrate.ts'))).toBe(true);
    const jobEnv = resolvedEnv(objects, migrate!);
    for (const app of APPS) {
      const env = resolvedEnv(objects, appContainer(deployment(app)));
      const init = ((podSpecOf(deployment(app))?.initContainers ?? []) as AppContainer[]).find((c) => c.command?.includes('dist/scripts/migrate.js'));
      const targets = [...(env.has('DATABASE_URL') ? ['postgres'] : []), ...(env.has('CLICKHOUSE_URL') ? ['clickhouse'] : [])];
      expect({ app, command: init?.command }).toEqual({ app, command: ['node', 'dist/scripts/migrate.js', '--wait', ...targets] });
      // The init container and the Job look at the same databases as the app.
      const initEnv = resolvedEnv(objects, init!);
      for (const name of ['DATABASE_URL', 'CLICKHOUSE_URL', 'CLICKHOUSE_CLUSTER', 'CLICKHOUSE_DATABASE'].filter((n) => env.has(n))) {
        expect({ app, name, init: expanded(initEnv, name), job: expanded(jobEnv, name) }).toEqual({
          app,
          name,
          init: expanded(env, name),
          job: expanded(env, name),
        });
      }
    }
  });

  it('denies by default and allows each app exactly the connections its environment names', () => {
    const policies = byKind<PolicySpec>(objects, 'NetworkPolicy');
    expect(
      policies.some(
        (p) =>
          Object.keys(p.spec.podSelector).length === 0 &&
          p.spec.policyTypes?.includes('Ingress') &&
          p.spec.policyTypes.includes('Egress') &&
          p.spec.ingress === undefined &&
          p.spec.egress === undefined,
      ),
    ).toBe(true);
    const pgPod = { 'cnpg.io/cluster': one(objects, 'Cluster').metadata.name };
    const kafkaPod = { 'strimzi.io/cluster': one(objects, 'Kafka').metadata.name, 'strimzi.io/kind': 'Kafka' };
    const chPod = { 'clickhouse.altinity.com/chi': one(objects, 'ClickHouseInstallation').metadata.name };
    for (const w of workloads) {
      const labels = podLabels(w);
      const env = resolvedEnv(objects, (podContainers(w) as AppContainer[]).at(-1)!);
      const expected = { postgres: env.has('DATABASE_URL'), kafka: env.has('KAFKA_BROKERS'), clickhouse: env.has('CLICKHOUSE_URL') };
      const allowed = {
        postgres: egressAllowed(policies, labels, pgPod, 5432) && ingressAllowed(policies, pgPod, { pod: labels }, 5432),
        kafka: egressAllowed(policies, labels, kafkaPod, 9092) && ingressAllowed(policies, kafkaPod, { pod: labels }, 9092),
        clickhouse: egressAllowed(policies, labels, chPod, 8123) && ingressAllowed(policies, chPod, { pod: labels }, 8123),
      };
      expect({ w: w.metadata.name, ...allowed }).toEqual({ w: w.metadata.name, ...expected });
      const dns = policies.some(
        (p) =>
          p.spec.policyTypes?.includes('Egress') &&
          selects(p.spec.podSelector, labels) &&
          (p.spec.egress ?? []).some((r) => r.ports?.some((port) => port.port === 53)),
      );
      expect({ w: w.metadata.name, dns }).toEqual({ w: w.metadata.name, dns: true });
      // Nothing else in the namespace may call an app (the projector has no callers at all).
      expect({ w: w.metadata.name, fromOtherPods: ingressAllowed(policies, labels, { pod: { 'app.kubernetes.io/name': 'some-other-pod' } }, 3000) }).toEqual({
        w: w.metadata.name,
        fromOtherPods: false,
      });
    }
  });

  it('routes the Ingress over TLS (cert-manager) to Services of the HTTP apps, whose pods accept the ingress controller', () => {
    const ingress = one<{
      tls: { hosts: string[]; secretName: string }[];
      rules: { host: string; http: { paths: { path: string; backend: { service: { name: string; port: { name: string } } } }[] } }[];
    }>(objects, 'Ingress');
    expect(ingress.metadata.annotations?.['cert-manager.io/cluster-issuer']).toMatch(/\S/);
    expect(ingress.spec.rules.map((r) => r.host).sort()).toEqual(ingress.spec.tls.flatMap((t) => t.hosts).sort());
    const policies = byKind<PolicySpec>(objects, 'NetworkPolicy');
    const services = byKind<{ selector: Record<string, string>; ports: { name: string; targetPort: string }[] }>(objects, 'Service');
    const backends = ingress.spec.rules.flatMap((r) => r.http.paths.map((p) => p.backend.service));
    expect([...new Set(backends.map((b) => b.name))].sort()).toEqual(APPS.filter((a) => a !== 'projector').sort());
    for (const backend of backends) {
      const service = one<{ selector: Record<string, string>; ports: { name: string; targetPort: string }[] }>(objects, 'Service', backend.name);
      expect(service.spec.ports.map((p) => p.name)).toContain(backend.port.name);
      const target = must(
        deployments.find((d) => matches(service.spec.selector, podLabels(d))),
        `pods of Service ${backend.name}`,
      );
      expect(appContainer(target).ports?.map((p) => p.name)).toContain(service.spec.ports.find((p) => p.name === backend.port.name)?.targetPort);
      expect(ingressAllowed(policies, podLabels(target), { namespace: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, 3000)).toBe(true);
    }
    expect(services.length).toBe(backends.length);
    const env = (one(objects, 'ConfigMap', 'dealer-kpi-env') as unknown as { data: Record<string, string> }).data;
    expect(env.PUBLIC_URL).toBe(`https://${ingress.spec.rules[0]!.host}`);
  });
});
