import {
  applyDecorators,
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Inject,
  Param,
  PipeTransform,
  Post,
  Req,
  Res,
  Type as ClassType,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { WriteContext, WritesContext } from '../access';
import { ApiCommandRoute } from './command-docs';
import { commandContextOf } from './command-context';
import { CommandDispatcher } from './command-dispatcher';
import { CommandRoute, pathParamProblem, pathParams } from './command-route';

type Params = Readonly<Record<string, string>>;

/** Checks the path parameters of a route's single endpoint: 400 VALIDATION_FAILED naming each. */
class PathParamsPipe implements PipeTransform<Params, Params> {
  constructor(private readonly route: CommandRoute) {}

  transform(params: Params): Params {
    const errors = pathParams(this.route.path).flatMap((name) => {
      const problem = pathParamProblem(this.route, name, params[name] ?? '');
      return problem === undefined ? [] : [{ field: name, messages: [problem] }];
    });
    if (errors.length > 0) {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message: errors.map((e) => e.messages[0]).join('; '), errors });
    }
    return params;
  }
}

const hasStreamVersion = (result: unknown): result is { streamVersion: number } =>
  typeof result === 'object' && result !== null && typeof (result as { streamVersion?: unknown }).streamVersion === 'number';

interface CommandControllerInstance {
  readonly dispatcher: CommandDispatcher;
}

/**
 * Registers `POST <route.path>` on a controller prototype: the body validated as the route's DTO
 * by the global ValidationPipe (the parameter type is the DTO, as if written by hand), the path
 * parameters checked, the command dispatched for the authenticated caller, and the answer's
 * status, `Idempotent-Replayed` and `ETag` set.
 */
function registerCommand(prototype: object, route: CommandRoute): void {
  const method = `${route.name.charAt(0).toLowerCase()}${route.name.slice(1)}`;
  async function handle(this: CommandControllerInstance, body: object, params: Params, request: Request, response: Response): Promise<unknown> {
    const result = await this.dispatcher.respond(response, route, body, params, commandContextOf(request, route.context));
    if (route.etag !== false && hasStreamVersion(result)) response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
  Object.defineProperty(handle, 'name', { value: method });
  Object.defineProperty(prototype, method, { value: handle, writable: true, configurable: true, enumerable: false });
  Reflect.defineMetadata('design:paramtypes', [route.dto, Object, Object, Object], prototype, method);
  Reflect.defineMetadata('design:returntype', Promise, prototype, method);
  Body()(prototype, method, 0);
  Param(new PathParamsPipe(route))(prototype, method, 1);
  Req()(prototype, method, 2);
  Res({ passthrough: true })(prototype, method, 3);
  const descriptor = Object.getOwnPropertyDescriptor(prototype, method);
  if (!descriptor) throw new Error(`could not register ${route.name}`);
  applyDecorators(Post(route.path.replace(/^\//, '')), HttpCode(route.successStatus), ApiCommandRoute(route))(prototype, method, descriptor);
}

/**
 * The single endpoints of a bounded context's commands, one `POST` per route of its table, all
 * behind the authentication gate with the context's write permission (`@WritesContext`: a role
 * that may not write the context is refused before the body is read). Beside it the context
 * registers {@link createBatchController} with the same table.
 */
export function createCommandController(context: WriteContext, routes: readonly CommandRoute[]): ClassType<unknown> {
  const other = routes.find((route) => route.context !== context);
  if (other) throw new Error(`${other.name} is a ${other.context} command, not one of ${context}`);

  @WritesContext(context)
  @ApiTags(context)
  @Controller()
  class CommandController implements CommandControllerInstance {
    constructor(@Inject(CommandDispatcher) readonly dispatcher: CommandDispatcher) {}
  }
  for (const route of routes) registerCommand(CommandController.prototype, route);
  Object.defineProperty(CommandController, 'name', { value: `${context.charAt(0).toUpperCase()}${context.slice(1)}CommandController` });
  return CommandController;
}
