import { runTeardown } from './global-infra';

export default async function globalTeardown(): Promise<void> {
  await runTeardown();
}
