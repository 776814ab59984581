import { CommandOutcome, IdempotentCommandRunner } from '@app/event-store';
import { commandDuration, commandsHandled, outcomeOf } from '@app/observability';
import { BadRequestException, Injectable } from '@nestjs/common';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { Response } from 'express';
import { authorizeCommand } from '../access';
import { CommandContext } from './command-context';
import { branchOfCommand, CommandRoute } from './command-route';

export const REPLAYED_HEADER = 'Idempotent-Replayed';
export const IDEMPOTENCY_KEY_REQUIRED = 'IDEMPOTENCY_KEY_REQUIRED';

/** Sends a validated request through the CommandBus and writes the outcome's status and headers. */
@Injectable()
export class CommandDispatcher {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly runner: IdempotentCommandRunner,
  ) {}

  /** Which of a scope's idempotency keys have a stored answer: one query for a whole batch. */
  answeredKeys(scope: string, keys: readonly string[]): Promise<Set<string>> {
    return this.runner.answeredKeys(scope, keys);
  }

  /**
   * Authorizes the command for the caller first (403 ROLE_FORBIDDEN or OUT_OF_SCOPE, nothing
   * run, nothing appended). A retry whose first attempt committed gets that answer, and nothing
   * that changed since (a branch closed meanwhile) turns a replay into a refusal (see `execute`).
   */
  async dispatch<TDto extends object, TResult>(
    route: CommandRoute<TDto, TResult>,
    dto: TDto,
    params: Readonly<Record<string, string>>,
    context: CommandContext,
    /** The key has a stored answer (a batch looks its keys up at once): answer with it, run nothing. */
    answered = false,
  ): Promise<CommandOutcome<TResult>> {
    const started = performance.now();
    const count = (outcome: string) => {
      const labels = { context: route.context, command: route.name, outcome };
      commandsHandled.inc(labels);
      commandDuration.observe(labels, (performance.now() - started) / 1000);
    };
    try {
      authorizeCommand(context.caller, route.context, branchOfCommand(route, dto, params));
      const known = answered && context.idempotency ? await this.runner.findAnswer<TResult>(context.idempotency) : undefined;
      const outcome = known ?? (await this.execute(route, dto, params, context));
      count(outcome.replayed ? 'replayed' : 'ok');
      return outcome;
    } catch (error) {
      count(outcomeOf(error));
      throw error;
    }
  }

  /**
   * Runs the command. A retry of a committed command finds the key taken at the end of its own
   * transaction and is answered with the stored answer (IdempotentCommandRunner); a retry refused
   * before its transaction (by a check of something that changed since, a branch closed meanwhile)
   * is answered with the stored answer when one exists. So the usual command reads no key before it runs.
   */
  private async execute<TDto extends object, TResult>(
    route: CommandRoute<TDto, TResult>,
    dto: TDto,
    params: Readonly<Record<string, string>>,
    context: CommandContext,
  ): Promise<CommandOutcome<TResult>> {
    try {
      return await this.commandBus.execute<ICommand, CommandOutcome<TResult>>(route.toCommand(dto, params, context));
    } catch (error) {
      const known = context.idempotency ? await this.runner.answerAfterRefusal<TResult>(error, context.idempotency) : undefined;
      if (known === undefined) throw error;
      return known;
    }
  }

  /**
   * For a single endpoint: dispatch, then set the status, ETag-free replay header, and return the body.
   * A route that requires an Idempotency-Key is refused with 400 IDEMPOTENCY_KEY_REQUIRED without one.
   */
  async respond<TDto extends object, TResult>(
    response: Response,
    route: CommandRoute<TDto, TResult>,
    dto: TDto,
    params: Readonly<Record<string, string>>,
    context: CommandContext,
  ): Promise<TResult> {
    // Authorized before anything else answers, so that a caller without the right learns nothing more.
    authorizeCommand(context.caller, route.context, branchOfCommand(route, dto, params));
    if (route.requiresIdempotencyKey === true && context.idempotency === undefined) {
      throw new BadRequestException({
        code: IDEMPOTENCY_KEY_REQUIRED,
        message: `${route.name} requires an Idempotency-Key header: without one a retried request would be recorded twice`,
      });
    }
    return answerWith(response, await this.dispatch(route, dto, params, context));
  }
}

/** A command's outcome on the response: its status and the replay header; its body is the answer. */
export function answerWith<T>(response: Response, outcome: CommandOutcome<T>): T {
  response.status(outcome.statusCode);
  response.setHeader(REPLAYED_HEADER, String(outcome.replayed));
  return outcome.body;
}
