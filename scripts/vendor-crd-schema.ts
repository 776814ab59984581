// Copies the openAPIV3Schema of one served version of an operator's CustomResourceDefinition into
// deploy/k8s/schemas/, where test/k8s-manifests.spec.ts validates the custom resources of
// deploy/k8s/ against it (offline: no cluster, no API server). Descriptions are dropped to keep the
// files small; everything that validates is kept. The source is recorded in the file.
//
//   git -C <operator checkout> show <tag>:<path> > crd.yaml
//   npx ts-node scripts/vendor-crd-schema.ts crd.yaml <version> <owner/repo> <path> <tag> <commit>
//
// e.g. ... crd.yaml v1 strimzi/strimzi-kafka-operator install/cluster-operator/043-Crd-kafkatopic.yaml 1.2.0 6c7b43c…
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

interface CrdVersion {
  name: string;
  served?: boolean;
  schema?: { openAPIV3Schema?: unknown };
}

interface Crd {
  kind?: string;
  spec?: { group?: string; names?: { kind?: string }; versions?: CrdVersion[] };
}

/** The schema without `description` texts (a property that is named "description" stays). */
function withoutDescriptions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (key === 'description' && typeof value === 'string') continue;
    if ((key === 'properties' || key === 'patternProperties' || key === 'definitions') && value !== null && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, sub]) => [name, withoutDescriptions(sub)]));
    } else {
      out[key] = withoutDescriptions(value);
    }
  }
  return out;
}

function main(): void {
  const [file, version, repo, path, tag, commit] = process.argv.slice(2);
  if (file === undefined || version === undefined || repo === undefined || path === undefined || tag === undefined || commit === undefined) {
    throw new Error('usage: vendor-crd-schema.ts <crd.yaml> <version> <owner/repo> <path in repo> <tag> <commit>');
  }
  const crd = parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as Crd)
    .find((doc) => doc?.kind === 'CustomResourceDefinition');
  const group = crd?.spec?.group;
  const kind = crd?.spec?.names?.kind;
  const served = crd?.spec?.versions?.find((v) => v.name === version);
  if (group === undefined || kind === undefined || served?.schema?.openAPIV3Schema === undefined) {
    throw new Error(`${file}: no CustomResourceDefinition with a schema for version ${version}`);
  }
  const out = {
    apiVersion: `${group}/${version}`,
    kind,
    source: { repository: repo, path, tag, commit, served: served.served ?? false },
    schema: withoutDescriptions(served.schema.openAPIV3Schema),
  };
  const target = join(__dirname, '..', 'deploy', 'k8s', 'schemas', `${group}_${version}_${kind}.json`);
  writeFileSync(target, `${JSON.stringify(out)}\n`);
  process.stdout.write(`${target}\n`);
}

main();
