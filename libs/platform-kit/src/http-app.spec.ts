import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { Body, Controller, Get, INestApplication, Module, Param, Post, Query, Req } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { Server } from 'node:http';
import request from 'supertest';
import { Request } from 'express';
import { configureHttpApp } from './http-app';
import { assertJsonDepth, oidcProviderOrigins } from './http-hardening';
import { MoneyDto } from './money.dto';

class PriceRequest {
  @ValidateNested()
  @Type(() => MoneyDto)
  price!: MoneyDto;
}

@Controller('prices')
class PriceController {
  @Post()
  accept(@Body() body: PriceRequest): PriceRequest {
    return body;
  }

  @Post(':id/notes')
  note(@Param('id') id: string, @Body() body: Record<string, unknown>): unknown {
    return { id, body };
  }

  @Get('search')
  search(@Query() query: Record<string, unknown>): unknown {
    return query;
  }

  /** Reads the body from the request itself, as a handler without @Body() may. */
  @Post('raw')
  raw(@Req() request: Request): unknown {
    return { body: request.body as unknown };
  }

  @Post('upload')
  upload(@Req() request: Request): unknown {
    return { type: request.headers['content-type']?.split(';')[0] };
  }

  @Post('store-down')
  storeDown(): never {
    throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
  }

  @Post('store-restarted')
  storeRestarted(): never {
    throw new QueryRunnerProviderAlreadyReleasedError();
  }

  @Post('store-restarted-runner')
  storeRestartedRunner(): never {
    throw new QueryRunnerAlreadyReleasedError();
  }
}

@Module({ controllers: [PriceController] })
class PriceModule {}

describe('configureHttpApp: every bad request gets a clear error body', () => {
  let app: INestApplication;
  // With credentials, as every write to the platform carries them (the media type check leaves
  // requests without any to the authentication gate, which this bare app does not have).
  const http = () => request.agent(app.getHttpServer() as Server).set('authorization', 'Bearer any');

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PriceModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    configureHttpApp(app, { title: 'test', bodyLimit: '10kb', multipartRoutes: ['/prices/upload'] });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  const price = { currency: 'CNY', net: '100.00', tax: '13.00', gross: '113.00' };

  it('accepts exact two-decimal money', async () => {
    await http().post('/prices').send({ price }).expect(201, { price });
  });

  it('refuses money as a number, with three decimals, or whose parts do not add up', async () => {
    const response = await http()
      .post('/prices')
      .send({ price: { currency: 'cny', net: 100.5, tax: '13.005', gross: '113.00' } })
      .expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    const fields = (response.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['price.currency', 'price.net', 'price.tax']);
    const sum = await http()
      .post('/prices')
      .send({ price: { ...price, gross: '113.01' } })
      .expect(400);
    expect(sum.body).toMatchObject({ errors: [{ field: 'price.gross', messages: ['gross must equal net + tax'] }] });
  });

  it('refuses unknown fields', async () => {
    const response = await http().post('/prices').send({ price, discount: '5.00' }).expect(400);
    expect(response.body).toMatchObject({ errors: [{ field: 'discount' }] });
  });

  it('answers malformed JSON with 400 and an oversize body with 413, both with a code', async () => {
    const malformed = await http().post('/prices').set('content-type', 'application/json').send('{"price": ').expect(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
    const oversize = await http()
      .post('/prices')
      .send({ price, padding: 'x'.repeat(20_000) })
      .expect(413);
    expect(oversize.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses text with a NUL character (Postgres cannot store it) with a 400 naming the field', async () => {
    const response = await http()
      .post('/prices/A1/notes')
      .send({ items: [{ technicianId: 'T\u00001' }], note: 'fine' })
      .expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'items[0].technicianId' }] });
    const param = await http().post('/prices/A%001/notes').send({}).expect(400);
    expect(param.body).toMatchObject({ errors: [{ field: 'id' }] });
    await http().post('/prices/A1/notes').send({ note: 'fine' }).expect(201);
  });

  it('answers 503 with Retry-After while the event store is unavailable, not a 500', async () => {
    const response = await http().post('/prices/store-down').send({}).expect(503);
    expect(response.body).toMatchObject({ statusCode: 503, code: 'STORE_UNAVAILABLE' });
    expect(response.headers['retry-after']).toBe('1');
    // The connection of a transaction died under it (Postgres restarted mid command): 503 as well.
    const restarted = await http().post('/prices/store-restarted').send({}).expect(503);
    expect(restarted.body).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await http().post('/prices/store-restarted-runner').send({}).expect(503);
  });

  it('refuses a text with a lone UTF-16 surrogate (Postgres refuses it in jsonb) in a value, a key, the query or the path', async () => {
    const value = await http().post('/prices/A1/notes').set('content-type', 'application/json').send('{"items":[{"technicianId":"T\\ud8001"}]}').expect(400);
    expect(value.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'items[0].technicianId' }] });
    expect((value.body as { message: string }).message).toMatch(/lone UTF-16 surrogate/);
    const key = await http().post('/prices/raw').set('content-type', 'application/json').send('{"a\\udc00b":"x"}').expect(400);
    expect(key.body).toMatchObject({ errors: [{ field: 'a\\udc00b' }] });
    // In a query string or a path a surrogate can only travel as UTF-8 bytes that do not decode:
    // the query gets U+FFFD in its place (storable), the path a 400.
    const query = await http().get('/prices/search?q=x%ED%A0%80').expect(200);
    expect((query.body as { q: string }).q).toMatch(/^x\ufffd+$/);
    const nulQuery = await http().get('/prices/search?q=a%00b').expect(400);
    expect(nulQuery.body).toMatchObject({ errors: [{ field: 'q' }] });
    const param = await http().post('/prices/A%ED%A0%80/notes').send({}).expect(400);
    expect(param.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
    // A well-formed pair (an emoji) is fine, and so is a body read by the handler itself.
    await http().post('/prices/A1/notes').send({ note: 'fine 🚗' }).expect(201);
    await http().post('/prices/raw').send({ note: 'fine 🚗' }).expect(201);
  });

  it('checks the body even when the handler reads the request itself', async () => {
    const response = await http()
      .post('/prices/raw')
      .send({ lines: [{ note: 'a\u0000' }] })
      .expect(400);
    expect(response.body).toMatchObject({ errors: [{ field: 'lines[0].note', messages: ['lines[0].note must not contain the NUL character (U+0000)'] }] });
  });

  it('takes JSON bodies only: form-encoded, text, XML, multipart or untyped bodies get 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/json-patch+json',
    ]) {
      const response = await http().post('/prices/A1/notes').set('content-type', type).send('note=fine').expect(415);
      expect(response.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    const untyped = await http()
      .post('/prices/raw')
      .set('content-length', '4')
      .serialize(() => 'abcd')
      .unset('content-type')
      .send('abcd');
    expect(untyped.status).toBe(415);
    await http().put('/prices/raw').type('form').send({ a: 1 }).expect(415);
    // With a charset, and an empty POST without any type, are fine; a charset other than UTF-8 is a 415 too.
    await http().post('/prices/A1/notes').set('content-type', 'application/json; charset=utf-8').send('{"note":"fine"}').expect(201);
    await http().post('/prices/A1/notes').expect(201);
    const latin1 = await http().post('/prices/A1/notes').set('content-type', 'application/json; charset=latin1').send('{"note":"fine"}').expect(415);
    expect(latin1.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('leaves a request without credentials to the authentication gate (401 first), and still never parses a form body', async () => {
    const anonymous = await request(app.getHttpServer() as Server)
      .post('/prices/A1/notes')
      .type('form')
      .send({ note: 'fine' });
    expect(anonymous.status).toBe(201); // this bare app has no gate, so the handler runs
    expect(anonymous.body).toEqual({ id: 'A1' }); // no body at all: the form was not parsed
  });

  it('takes multipart/form-data on the upload routes only, and only that there', async () => {
    const upload = await http().post('/prices/upload').attach('file', Buffer.from('a,b\n'), 'plan.csv').expect(201);
    expect(upload.body).toEqual({ type: 'multipart/form-data' });
    await http().post('/prices/upload/').attach('file', Buffer.from('a,b\n'), 'plan.csv').expect(201);
    const json = await http().post('/prices/upload').send({ file: 'x' }).expect(415);
    expect(json.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('multipart/form-data') as unknown });
    await http().post('/prices/raw').attach('file', Buffer.from('a'), 'a.csv').expect(415);
  });

  it('registers no form-encoded body parser at all', () => {
    const router = (app.getHttpAdapter().getInstance() as { router: { stack: { handle: { name: string } }[] } }).router;
    const names = router.stack.map((layer) => layer.handle.name);
    expect(names).toContain('jsonParser');
    expect(names).not.toContain('urlencodedParser');
  });

  it('answers a JSON body nested deeper than 32 levels with 400 BODY_TOO_DEEP (2,000 levels were a 500)', async () => {
    const nested = (depth: number) => `{"items":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    const deep = await http().post('/prices/raw').set('content-type', 'application/json').send(nested(2000)).expect(400);
    expect(deep.body).toMatchObject({ statusCode: 400, code: 'BODY_TOO_DEEP', message: expect.stringContaining('32') as unknown });
    await http().post('/prices/raw').set('content-type', 'application/json').send(nested(33)).expect(400);
    await http().post('/prices/raw').set('content-type', 'application/json').send(nested(32)).expect(201);
    // Brackets inside strings (escaped quotes included) are text, not nesting.
    await http()
      .post('/prices/raw')
      .send({ note: `\\"${'['.repeat(100)}` })
      .expect(201);
  });

  it('counts JSON depth on the raw bytes, strings and escapes aside', () => {
    const depthOk = (text: string, max: number) => {
      try {
        assertJsonDepth(Buffer.from(text), max);
        return true;
      } catch {
        return false;
      }
    };
    expect(depthOk('[[1]]', 2)).toBe(true);
    expect(depthOk('[[[1]]]', 2)).toBe(false);
    expect(depthOk('{"a":"[[[[\\"[[["}', 1)).toBe(true);
    expect(depthOk('[{"a":[{"b":"\\\\"},[2]]}]', 3)).toBe(false);
  });

  it('lets the dashboard call the OIDC provider (its token endpoint) when one is configured, and nothing else', () => {
    expect(oidcProviderOrigins({ AUTH_OIDC_ISSUER: 'https://idp.example.com/realms/dealer', AUTH_JWKS_URL: 'https://idp.example.com/certs' })).toEqual([
      'https://idp.example.com',
    ]);
    expect(oidcProviderOrigins({})).toEqual([]);
  });

  it('sends security headers on every answer, errors included', async () => {
    for (const response of [await http().get('/prices/search'), await http().get('/nowhere').expect(404)]) {
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['content-security-policy']).not.toContain('unsafe-eval');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });
});
