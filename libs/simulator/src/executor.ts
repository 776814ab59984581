import { EventMetadata } from '@app/contracts';
import { ORG_COMMAND_ROUTES } from '@app/org';
import { PARTS_COMMAND_ROUTES } from '@app/parts';
import { actorOf, BatchItemResult, CommandDispatcher, CommandRoute, Principal, runBatch, systemPrincipal } from '@app/platform-kit';
import { SALES_COMMAND_ROUTES } from '@app/sales';
import { WORKSHOP_COMMAND_ROUTES } from '@app/workshop';
import { INestApplicationContext } from '@nestjs/common';
import { CommandScope, SimCommand } from './plan';

/** A command the platform refused: the simulation stops, since later commands build on it. */
export class SimulationCommandError extends Error {
  constructor(readonly failures: readonly { command: SimCommand; result: BatchItemResult }[]) {
    const lines = failures.slice(0, 5).map(({ command, result }) => {
      const body = result.body as { code?: string; message?: string };
      return `  ${command.name} ${JSON.stringify(command.params)} (key ${command.key}): ${result.status} ${body.code ?? ''} ${body.message ?? ''}`;
    });
    super(
      `${failures.length} simulated command(s) were refused:\n${lines.join('\n')}\n` +
        'A store that already holds a simulation run with another seed or size refuses the same ids; use a fresh database.',
    );
    this.name = 'SimulationCommandError';
  }
}

/** The run was stopped (its AbortSignal) between two batches. */
export class SimulationStoppedError extends Error {
  constructor() {
    super('the simulation was stopped; running it again with the same options resumes it');
    this.name = 'SimulationStoppedError';
  }
}

/** Commands per batch: small enough that a stop request waits for little. */
const BATCH_SIZE = 50;

export interface ExecutionCounts {
  commands: number;
  events: number;
  replayed: number;
}

const ROUTES: Readonly<Record<CommandScope, readonly CommandRoute[]>> = {
  org: ORG_COMMAND_ROUTES,
  sales: SALES_COMMAND_ROUTES,
  workshop: WORKSHOP_COMMAND_ROUTES,
  parts: PARTS_COMMAND_ROUTES,
};

/**
 * Sends simulated commands through the platform's own command path: each context's batch route
 * table, the request DTO's validation, the CommandDispatcher (the batch's idempotency keys looked up
 * at once, an answered one answered from the store without running) and the CommandBus with the real handlers, each command in its own transaction.
 * Exactly what `POST /api/v1/<context>/batch` does, without HTTP.
 */
export class SimulationExecutor {
  private readonly dispatcher: CommandDispatcher;
  private readonly routes: Readonly<Record<CommandScope, ReadonlyMap<string, CommandRoute>>>;

  constructor(
    app: INestApplicationContext,
    private readonly signal?: AbortSignal,
    /** Whom the commands are authorized for and recorded as: the platform's own `simulator` job by default. */
    private readonly caller: Principal = systemPrincipal('simulator'),
  ) {
    this.dispatcher = app.get(CommandDispatcher, { strict: false });
    this.routes = {
      org: new Map(ROUTES.org.map((r) => [r.name, r])),
      sales: new Map(ROUTES.sales.map((r) => [r.name, r])),
      workshop: new Map(ROUTES.workshop.map((r) => [r.name, r])),
      parts: new Map(ROUTES.parts.map((r) => [r.name, r])),
    };
  }

  /**
   * Runs the commands in order (consecutive ones of one context as one batch); throws on the first
   * batch with a refusal. The actor is always the executor's caller.
   */
  async execute(
    commands: readonly SimCommand[],
    correlation: Pick<EventMetadata, 'correlationId' | 'causationId'>,
    afterBatch?: (done: number) => void,
  ): Promise<ExecutionCounts> {
    const metadata: EventMetadata = { ...correlation, actor: actorOf(this.caller) };
    const counts: ExecutionCounts = { commands: 0, events: 0, replayed: 0 };
    for (let start = 0; start < commands.length;) {
      if (this.signal?.aborted) throw new SimulationStoppedError();
      const scope = commands[start]!.scope;
      let end = start + 1;
      while (end < commands.length && end - start < BATCH_SIZE && commands[end]!.scope === scope) end++;
      const batch = commands.slice(start, end);
      const response = await runBatch(
        scope,
        this.routes[scope],
        this.dispatcher,
        { items: batch.map((c) => ({ command: c.name, idempotencyKey: c.key, params: { ...c.params }, body: { ...c.body } })) },
        this.caller,
        metadata,
      );
      const failures = response.results.filter((r) => r.status >= 400).map((result) => ({ command: batch[result.index]!, result }));
      if (failures.length > 0) throw new SimulationCommandError(failures);
      for (const result of response.results) {
        counts.commands++;
        if (result.replayed) counts.replayed++;
        const eventIds = (result.body as { eventIds?: unknown }).eventIds;
        counts.events += Array.isArray(eventIds) ? eventIds.length : 0;
      }
      afterBatch?.(batch.length);
      start = end;
    }
    return counts;
  }
}
