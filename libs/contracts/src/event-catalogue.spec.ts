import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEvent } from './event-catalogue';

const fixture = () => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'sales', 'VehicleDelivered.v1.json'), 'utf8')) as Record<string, unknown>;

describe('parseEvent never throws: every bad event becomes a reason for the DLQ', () => {
  it('accepts a valid event', () => {
    expect(parseEvent(fixture())).toMatchObject({ ok: true });
  });

  it.each([
    ['a malformed amount', { invoice: { currency: 'CNY', net: 'abc', tax: '1.00', gross: '2.00' } }, /invoice\.net/],
    ['money that does not add up', { invoice: { currency: 'CNY', net: '1.00', tax: '1.00', gross: '3.00' } }, /invoice\.gross: net \+ tax must equal gross/],
    ['an unknown field', { discount: '1.00' }, /discount/],
    ['a float amount', { cost: { currency: 'CNY', net: 1.5, tax: '0.00', gross: '1.50' } }, /cost\.net/],
  ])('refuses %s with the field path in the reason', (_case, change, reason) => {
    const event = fixture();
    const result = parseEvent({ ...event, payload: { ...(event.payload as object), ...change } });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });

  it.each([
    ['PartsIssuedToRepairOrder', 1],
    ['PartsIssuedToRepairOrder', 2],
    ['LabourLinePosted', 1],
  ])('refuses, never throws on, a %s v%d whose amount is malformed (its refinements do arithmetic on it)', (type, version) => {
    const event = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'workshop', `${type}.v${version}.json`), 'utf8')) as Record<string, unknown>;
    const payload = event.payload as { amount: Record<string, string> };
    const result = parseEvent({ ...event, payload: { ...payload, amount: { ...payload.amount, net: '12' } } });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/amount\.net/);
  });

  it('refuses unknown types and versions, and broken envelopes', () => {
    expect(parseEvent({ ...fixture(), type: 'Nope' })).toEqual({ ok: false, reason: 'unknown event type Nope' });
    expect(parseEvent({ ...fixture(), schemaVersion: 7 })).toEqual({ ok: false, reason: 'unknown schemaVersion 7 of VehicleDelivered' });
    expect(parseEvent({ ...fixture(), eventId: 'x' })).toMatchObject({ ok: false, reason: expect.stringMatching(/eventId must be a UUID/) as unknown });
    expect(parseEvent('nope')).toEqual({ ok: false, reason: 'envelope is not a JSON object' });
  });
});
