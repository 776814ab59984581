import { AUTH_SETTINGS, AuthSettings, BRANCH_ROLES, ROLES, Role, signDevToken } from '@app/auth';
import { FirstAccount, firstAccountBlock } from '@app/identity';
import { PlatformConfig } from '@app/platform-kit';
import { kpiRollupIsCurrent, positionIncluded, ROLLUP_KPI_MONTH } from '@app/kpi';
import { StoreFeedProjectorRunner } from '@app/projections';
import { ReadModelFreshness } from '@app/reporting';
import { SimulationOptions, SimulationProgress } from '@app/simulator';
import { INestApplication, Logger } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { DemoSeeder, SeedOutcome } from './demo-seed';
import { DemoSeedSettings } from './demo-seed.config';

const logger = new Logger('Platform');

/** `7m05s`, `42s`. */
function duration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return minutes > 0 ? `${minutes}m${String(whole % 60).padStart(2, '0')}s` : `${whole}s`;
}

/**
 * A progress bar with the rate and the ETA of the whole run so far (steadier than a window of the
 * last batches); a line every five seconds when the console is not a terminal.
 */
function progressBar(out: NodeJS.WriteStream): { update(p: SimulationProgress): void; stop(): void } {
  const started = Date.now();
  const bar = new SingleBar({
    format: 'Seeding the demo |{bar}| {percentage}% · {value}/{total} commands · {phase} · {rate} commands/s · ETA {eta}',
    stream: out,
    noTTYOutput: true,
    notTTYSchedule: 5000,
    hideCursor: true,
  });
  let first: number | undefined;
  let begun = false;
  return {
    update({ done, total, phase }) {
      first ??= done; // a resumed seed starts with the commands already in
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const rate = (done - first) / seconds;
      const payload = { phase, rate: Math.round(rate), eta: rate > 0 ? duration((total - done) / rate) : '…' };
      if (!begun) {
        bar.start(total, done, payload);
        begun = true;
      } else {
        bar.setTotal(total);
        bar.update(done, payload);
      }
    },
    stop: () => bar.stop(),
  };
}

function simulationOptions(settings: DemoSeedSettings): SimulationOptions {
  return { seed: settings.seed, branches: settings.branches, months: settings.months, scale: settings.scale };
}

async function seed(app: INestApplication, options: SimulationOptions, out: NodeJS.WriteStream): Promise<SeedOutcome> {
  const bar = progressBar(out);
  try {
    return await app.get(DemoSeeder).run(app, options, (p) => bar.update(p));
  } finally {
    bar.stop();
  }
}

/** In embedded mode, waits until the projector has every event in ClickHouse, saying how many are left. */
async function projectorCaughtUp(app: INestApplication, isStopping: () => boolean): Promise<void> {
  let runner: StoreFeedProjectorRunner;
  try {
    runner = app.get(StoreFeedProjectorRunner);
  } catch {
    return; // Kafka mode: the projector follows the topics at its own pace.
  }
  let lastSaid = 0;
  for (;;) {
    if (isStopping()) return;
    const behind = await runner.feed.lag();
    if (behind === 0) return;
    if (Date.now() - lastSaid > 3000) {
      logger.log(`projecting into ClickHouse: ${behind} event(s) to go`);
      lastSaid = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Waits until the KPI month roll-up (what the scorecard and the monthly summary read) holds the
 * current definition and includes the store's last event, in either mode: a page opened after the
 * banner shows the figures of the seed, not a roll-up still catching up behind the facts.
 */
async function kpiRollupCaughtUp(app: INestApplication, isStopping: () => boolean): Promise<void> {
  const freshness = app.get(ReadModelFreshness);
  const clickhouse = freshness.clickhouseClient;
  let lastSaid = 0;
  for (;;) {
    if (isStopping()) return;
    const head = await freshness.storeHead();
    if (!head || head.position === null) return;
    if ((await kpiRollupIsCurrent(clickhouse)) && (await positionIncluded(clickhouse, head.position, ROLLUP_KPI_MONTH))) return;
    if (Date.now() - lastSaid > 3000) {
      const mark = await freshness.mark('kpi-month-rollup');
      logger.log(`computing the KPI month roll-up: at position ${mark.position ?? 'none'} of ${head.position}`);
      lastSaid = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A region and a branch in it, for the scoped dev tokens: the first assignment in the store. */
async function sampleScope(app: INestApplication): Promise<{ region?: string; branch?: string }> {
  const dataSource = app.get(DataSource);
  const [assigned] = await dataSource.query<{ region: string; branch: string }[]>(
    `SELECT payload->>'regionId' AS region, payload->>'branchId' AS branch FROM events
      WHERE type = 'BranchRegionAssigned' ORDER BY global_position LIMIT 1`,
  );
  if (assigned) return assigned;
  const [opened] = await dataSource.query<{ branch: string }[]>(
    `SELECT payload->>'branchId' AS branch FROM events WHERE type = 'BranchOpened' ORDER BY global_position LIMIT 1`,
  );
  return opened ? { branch: opened.branch } : {};
}

async function devTokens(app: INestApplication): Promise<string[]> {
  const { region, branch } = await sampleScope(app);
  const lines: string[] = [];
  for (const role of ROLES) {
    const claims: { role: Role; regions?: string[]; branches?: string[]; contexts?: string[] } = { role };
    if (role === 'region-manager') {
      if (!region) continue;
      claims.regions = [region];
    }
    if (BRANCH_ROLES.includes(role)) {
      if (!branch) continue;
      claims.branches = [branch];
    }
    if (role === 'integration') claims.contexts = ['sales', 'workshop', 'parts'];
    const scope = claims.regions ? ` (region ${region})` : claims.branches ? ` (branch ${branch})` : '';
    lines.push(`  ${role}${scope}:`, `    ${await signDevToken(claims)}`);
  }
  return lines;
}

/**
 * The first head-office account, when there is no user yet: made now and said once, with its
 * generated password, in one block (the next start finds a user and says nothing).
 */
async function firstAccount(app: INestApplication, url: string, out: NodeJS.WriteStream): Promise<boolean> {
  const outcome = await app.get(FirstAccount).ensure();
  if (outcome.status !== 'created') return false;
  out.write(`${firstAccountBlock(outcome, url)}\n`);
  return true;
}

/**
 * What `npm start` does once it listens: seeds the demo on a first start (or resumes a seed that
 * was interrupted), waits for the projector and the KPI month roll-up to catch up, then prints where to go and a dev token
 * per role. Returns early when the application is stopping.
 */
export async function firstStart(
  app: INestApplication,
  config: PlatformConfig,
  settings: DemoSeedSettings,
  isStopping: () => boolean,
  out: NodeJS.WriteStream = process.stdout,
): Promise<void> {
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  const auth = app.get<string, AuthSettings>(AUTH_SETTINGS);
  // Before the seed, so that the sign-in is said even if the seed is interrupted.
  const accountCreated = await firstAccount(app, url, out);
  const plan = await app.get(DemoSeeder).plan();
  if (plan.action === 'keep') {
    logger.log('the event store holds data: keeping it (no demo seed)');
  } else if (!settings.enabled) {
    logger.log(
      plan.action === 'resume'
        ? 'demo seeding is off (DEMO_SEED=0 or --no-seed): the interrupted demo seed stays as it is'
        : 'demo seeding is off (DEMO_SEED=0 or --no-seed): the event store stays empty',
    );
  } else {
    const options = plan.action === 'resume' ? plan.options : simulationOptions(settings);
    const what = `${options.branches} branches × ${options.months} months, scale ${options.scale}, seed ${options.seed}`;
    logger.log(plan.action === 'resume' ? `resuming the interrupted demo seed (${what})` : `first start: seeding the demo (${what})`);
    const outcome = await seed(app, options, out).catch((error: unknown) => {
      if (isStopping()) throw error;
      // The platform serves what is in; the next start tries the seed again from where it stopped.
      logger.error(`the demo seed failed; serving the data seeded so far: ${(error as Error).stack ?? String(error)}`);
      return undefined;
    });
    if (outcome?.status === 'stopped') return;
    if (outcome) {
      const { commands, events, replayed, elapsedMs, fromMonth, toMonth } = outcome.summary;
      const resumed = replayed > 0 ? ` (${replayed} of them already in from the interrupted run)` : '';
      logger.log(`demo seeded: ${commands} commands${resumed}, ${events} events, ${fromMonth} to ${toMonth}, in ${(elapsedMs / 1000).toFixed(1)} s`);
    }
  }
  await projectorCaughtUp(app, isStopping);
  await kpiRollupCaughtUp(app, isStopping);
  if (isStopping()) return;
  const signIn =
    auth.mode === 'oidc'
      ? `Sign in:    at the OpenID provider ${auth.issuer} (the dashboard sends you there)`
      : accountCreated
        ? 'Sign in:    with the head-office account printed above'
        : 'Sign in:    with your user (head office manages users under Users; docs/security.md)';
  // Dev tokens only while the public development secret is in use: anyone can sign those anyway.
  const tokens =
    auth.mode === 'shared-secret' && auth.devSecret
      ? [
          'Dev tokens (12 h; send as "Authorization: Bearer <token>"), printed because AUTH_JWT_SECRET is not set',
          'and the public development secret is in use (never in production):',
          ...(await devTokens(app)),
          'More with: npm run -s token -- --role <role> [--branch ID] [--region ID]',
        ]
      : ['Dev tokens are not printed: AUTH_JWT_SECRET (or an OIDC provider) is set. Scripts: npm run -s token -- --role <role> …'];
  out.write(
    [
      '',
      `Dashboard:  ${url}/`,
      `API docs:   ${url}/docs`,
      signIn,
      ...tokens,
      'Ctrl-C stops the platform; the data stays for the next start (docs/operations.md).',
      '',
    ].join('\n') + '\n',
  );
}
