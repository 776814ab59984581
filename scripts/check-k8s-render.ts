// Compares the test-side Kustomize renderer (test/k8s/kustomize.ts, used by the unit tests) with
// `kubectl kustomize` for each overlay of deploy/k8s: the same objects with the same content, or a
// list of the differences and exit code 1. Needs kubectl (its built-in Kustomize); the unit tests
// do not. Run it after changing a kustomization.yaml:
//
//   npx ts-node --transpile-only -P tsconfig.json scripts/check-k8s-render.ts
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { K8S_DIR, K8sObject, renderKustomization } from '../test/k8s/kustomize';

const key = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

let differences = 0;
for (const overlay of readdirSync(join(K8S_DIR, 'overlays'))) {
  const dir = join(K8S_DIR, 'overlays', overlay);
  const theirs = new Map(
    parseAllDocuments(execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' }))
      .map((doc) => doc.toJS() as K8sObject | null)
      .filter((o): o is K8sObject => o !== null)
      .map((o) => [key(o), o]),
  );
  const ours = renderKustomization(dir);
  for (const object of ours) {
    if (!isDeepStrictEqual(object, theirs.get(key(object)))) {
      differences += 1;
      process.stdout.write(`${overlay}: ${key(object)} differs from kubectl kustomize\n`);
    }
    theirs.delete(key(object));
  }
  for (const missing of theirs.keys()) {
    differences += 1;
    process.stdout.write(`${overlay}: ${missing} only in kubectl kustomize\n`);
  }
  process.stdout.write(`${overlay}: ${ours.length} objects compared\n`);
}
process.exitCode = differences === 0 ? 0 : 1;
