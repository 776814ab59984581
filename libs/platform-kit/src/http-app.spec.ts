import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { Body, Controller, INestApplication, Module, Param, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { Server } from 'node:http';
import request from 'supertest';
import { configureHttpApp } from './http-app';
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
  const http = () => request(app.getHttpServer() as Server);

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PriceModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    configureHttpApp(app, { title: 'test', bodyLimit: '10kb' });
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
    const sum = await http().post('/prices').send({ price: { ...price, gross: '113.01' } }).expect(400);
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
    const response = await http().post('/prices/A1/notes').send({ items: [{ technicianId: 'T\u00001' }], note: 'fine' }).expect(400);
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
});
