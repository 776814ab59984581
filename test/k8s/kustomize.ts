// The subset of Kustomize that deploy/k8s uses, for the offline checks of test/k8s-manifests.spec.ts
// (no kustomize or kubectl binary where the tests run). What it does not implement it refuses, so a
// kustomization.yaml that starts using more fails the test instead of rendering something else than
// `kubectl apply -k` would. Supported: resources (files and directories), namespace, labels
// (pairs, metadata only), images (name → newName/newTag/digest), replicas and patches in the JSON
// 6902 form with a target (kind, name).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  namespace?: string;
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  replicas?: { name: string; count: number }[];
  patches?: { target?: { kind?: string; name?: string }; patch?: string; path?: string }[];
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'images', 'replicas', 'patches']);

/** Kinds without a namespace among those deploy/k8s holds (the namespace transformer skips them). */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass']);

/** The objects `kubectl kustomize <dir>` would print (same content; the order is the files'). */
export function renderKustomization(dir: string): K8sObject[] {
  const file = join(dir, 'kustomization.yaml');
  const k = parse(readFileSync(file, 'utf8')) as Kustomization;
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) throw new Error(`${file}: not supported by the test renderer: ${unsupported.join(', ')}`);
  if (k.kind !== 'Kustomization') throw new Error(`${file}: kind must be Kustomization`);

  let objects: K8sObject[] = (k.resources ?? []).flatMap((resource) => {
    const path = join(dir, resource);
    if (!existsSync(path)) throw new Error(`${file}: resource ${resource} does not exist`);
    return statSync(path).isDirectory() ? renderKustomization(path) : readObjects(path);
  });

  for (const { pairs, includeSelectors, includeTemplates } of k.labels ?? []) {
    if (includeSelectors === true || includeTemplates === true) throw new Error(`${file}: labels with selectors/templates are not supported`);
    for (const object of objects) object.metadata.labels = { ...object.metadata.labels, ...pairs };
  }
  if (k.namespace !== undefined) {
    for (const object of objects) if (!CLUSTER_SCOPED.has(object.kind)) object.metadata.namespace = k.namespace;
  }
  for (const image of k.images ?? []) {
    for (const container of objects.flatMap(podContainers)) {
      const name = container.image.replace(/@.*$/, '').replace(/:[^:/]+$/, '');
      if (name !== image.name) continue;
      const tag = image.digest !== undefined ? `@${image.digest}` : image.newTag !== undefined ? `:${image.newTag}` : container.image.slice(name.length);
      container.image = `${image.newName ?? name}${tag}`;
    }
  }
  for (const { name, count } of k.replicas ?? []) {
    const targets = objects.filter((o) => ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(o.kind) && o.metadata.name === name);
    if (targets.length === 0) throw new Error(`${file}: replicas: no workload named ${name}`);
    for (const target of targets) (target.spec as { replicas?: number }).replicas = count;
  }
  for (const patch of k.patches ?? []) {
    if (patch.path !== undefined || patch.patch === undefined) throw new Error(`${file}: only inline JSON 6902 patches are supported`);
    const ops = parse(patch.patch) as unknown;
    if (!Array.isArray(ops)) throw new Error(`${file}: only JSON 6902 patches (a list of operations) are supported`);
    const targets = objects.filter(
      (o) => (patch.target?.kind === undefined || o.kind === patch.target.kind) && (patch.target?.name === undefined || o.metadata.name === patch.target.name),
    );
    if (targets.length === 0) throw new Error(`${file}: patch target ${JSON.stringify(patch.target)} matches nothing`);
    objects = objects.map((o) => (targets.includes(o) ? applyJsonPatch(o, ops as JsonPatchOp[]) : o));
  }
  return objects;
}

function readObjects(path: string): K8sObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]!.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null)
    .map((o) => {
      if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') {
        throw new Error(`${path}: an object without apiVersion, kind or metadata.name`);
      }
      return o;
    });
}

export interface Container {
  name: string;
  image: string;
  [field: string]: unknown;
}

/** The pod spec of a workload (Deployment, StatefulSet, Job, …) or a Pod; undefined for other kinds. */
export function podSpecOf(object: K8sObject): Record<string, unknown> | undefined {
  if (object.kind === 'Pod') return object.spec as Record<string, unknown>;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(object.kind)) {
    return (object.spec as { template?: { spec?: Record<string, unknown> } }).template?.spec;
  }
  if (object.kind === 'CronJob') {
    return (object.spec as { jobTemplate?: { spec?: { template?: { spec?: Record<string, unknown> } } } }).jobTemplate?.spec?.template?.spec;
  }
  return undefined;
}

/** Containers and init containers of a workload. */
export function podContainers(object: K8sObject): Container[] {
  const spec = podSpecOf(object);
  return spec === undefined ? [] : [...((spec.initContainers as Container[] | undefined) ?? []), ...((spec.containers as Container[] | undefined) ?? [])];
}

interface JsonPatchOp {
  op: 'add' | 'replace' | 'remove' | 'test';
  path: string;
  value?: unknown;
}

/** RFC 6902 add/replace/remove/test (no move/copy) on a copy of the object. */
export function applyJsonPatch<T>(document: T, ops: readonly JsonPatchOp[]): T {
  const root = structuredClone(document) as unknown;
  for (const { op, path, value } of ops) {
    const tokens = path
      .split('/')
      .slice(1)
      .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = tokens.pop();
    if (last === undefined) throw new Error(`patch path ${path}: the whole document cannot be patched`);
    let parent = root;
    for (const token of tokens) {
      const next: unknown = Array.isArray(parent) ? (parent as unknown[])[Number(token)] : (parent as Record<string, unknown> | null)?.[token];
      if (next === undefined || next === null || typeof next !== 'object') throw new Error(`patch path ${path}: ${token} does not exist`);
      parent = next;
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (!Number.isInteger(index) || index < 0 || index > parent.length || (op !== 'add' && index >= parent.length)) {
        throw new Error(`patch path ${path}: no index ${last}`);
      }
      if (op === 'add') parent.splice(index, 0, structuredClone(value));
      else if (op === 'replace') parent[index] = structuredClone(value);
      else if (op === 'remove') parent.splice(index, 1);
      else if (JSON.stringify(parent[index]) !== JSON.stringify(value)) throw new Error(`patch test ${path} failed`);
    } else {
      const object = parent as Record<string, unknown>;
      if (op !== 'add' && !(last in object)) throw new Error(`patch path ${path}: ${last} does not exist`);
      if (op === 'add' || op === 'replace') object[last] = structuredClone(value);
      else if (op === 'remove') delete object[last];
      else if (JSON.stringify(object[last]) !== JSON.stringify(value)) throw new Error(`patch test ${path} failed`);
    }
  }
  return root as T;
}

/** deploy/k8s of this repository. */
export const K8S_DIR = join(dirname(dirname(__dirname)), 'deploy', 'k8s');
