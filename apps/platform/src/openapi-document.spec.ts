import { loadPlatformConfig } from '@app/platform-kit';
import { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { Test } from '@nestjs/testing';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PlatformModule } from './platform.module';

type ModuleRef = Type<unknown> | DynamicModule | Promise<DynamicModule> | ForwardReference;

/** Every controller of a module tree, as Nest would register them (dynamic modules included). */
function controllersOf(root: ModuleRef, seen = new Set<unknown>()): Type<unknown>[] {
  if (root instanceof Promise || 'forwardRef' in root) return [];
  const dynamic = 'module' in root ? root : undefined;
  const type = dynamic ? dynamic.module : (root as Type<unknown>);
  if (seen.has(dynamic ?? type)) return [];
  seen.add(dynamic ?? type);
  const staticOf = <T>(key: string): T[] => (Reflect.getMetadata(key, type) as T[] | undefined) ?? [];
  const controllers = [...staticOf<Type<unknown>>(MODULE_METADATA.CONTROLLERS), ...(dynamic?.controllers ?? [])];
  const imports = [...staticOf<ModuleRef>(MODULE_METADATA.IMPORTS), ...(dynamic?.imports ?? [])];
  return [...controllers, ...imports.flatMap((imported) => controllersOf(imported, seen))];
}

/**
 * The OpenAPI document of the whole one-process platform (every command, batch, import, report
 * and health route), built from its controllers alone: their dependencies are stand-ins, since
 * the document is read from the decorators.
 */
async function platformDocument(): Promise<OpenAPIObject> {
  const root = PlatformModule.forRoot({ config: loadPlatformConfig({}), databaseUrl: 'postgres://unused' });
  const controllers = [...new Set(controllersOf(root))];
  const moduleRef = await Test.createTestingModule({ controllers })
    .useMocker(() => ({}))
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  try {
    return SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('platform').addBearerAuth().build());
  } finally {
    await app.close();
  }
}

interface Operation {
  readonly responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

describe('the OpenAPI document of the platform', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await platformDocument();
  });

  const responses = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.flatMap((method) => {
        const operation = (item as Record<string, Operation | undefined>)[method];
        return Object.entries(operation?.responses ?? {}).map(([status, response]) => {
          const media = Object.values(response.content ?? {}).map((m) => m.schema as { $ref?: string; oneOf?: unknown[] } | undefined);
          return { route: `${method.toUpperCase()} ${path} ${status}`, status: Number(status), media, schemas: media.filter((s) => s !== undefined).length };
        });
      }),
    );

  it('gives every response of every operation a schema (204 No Content has no body)', () => {
    const all = responses();
    // Before the route tables: 13 of 176 responses had a schema.
    expect(all.length).toBeGreaterThan(400);
    expect(all.filter((r) => r.schemas === 0 && r.status !== 204).map((r) => r.route)).toEqual([]);
  });

  it('describes every error with the one error body (the plan import may answer its report instead)', () => {
    const errorBody = { $ref: '#/components/schemas/ErrorBodyDto' };
    const refsOf = (schema: { $ref?: string; oneOf?: unknown[] } | undefined): unknown[] => schema?.oneOf ?? [schema];
    const errors = responses().filter((r) => r.status >= 400);
    expect(errors.length).toBeGreaterThan(100);
    for (const error of errors) {
      expect({ route: error.route, media: error.media.length }).toEqual({ route: error.route, media: 1 });
      expect({ route: error.route, errorBody: refsOf(error.media[0]).some((ref) => JSON.stringify(ref) === JSON.stringify(errorBody)) }).toEqual({
        route: error.route,
        errorBody: true,
      });
    }
  });

  it('documents the token, the headers and the refusals of every command route, and no X-Actor-Id', () => {
    const commands = Object.entries(document.paths).filter(([path]) => /^\/api\/v1\/(sales|workshop|parts|org)\//.test(path));
    expect(commands.length).toBeGreaterThanOrEqual(44);
    for (const [path, item] of commands) {
      const post = (item as { post?: { security?: unknown[]; parameters?: { name: string; in: string }[]; responses: Record<string, unknown> } }).post;
      expect({ path, post: post !== undefined }).toEqual({ path, post: true });
      const headers = (post?.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
      expect({ path, security: post?.security }).toEqual({ path, security: [{ bearer: [] }] });
      expect({ path, actorHeader: headers.includes('X-Actor-Id') }).toEqual({ path, actorHeader: false });
      expect({ path, refusals: ['401', '403'].every((s) => s in (post?.responses ?? {})) }).toEqual({ path, refusals: true });
    }
  });
});
