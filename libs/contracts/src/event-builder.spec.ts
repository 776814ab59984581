import { buildEvent } from './event-builder';
import { RegionDefined } from './events/org.events';

const origin = { eventId: '00000000-0000-4000-8000-000000000001', occurredAt: '2026-01-10T02:00:00.000Z', branchId: '*' };

class RefusedError extends Error {}

describe('buildEvent', () => {
  it('builds the event of a definition from the command origin and the payload', () => {
    expect(buildEvent(RegionDefined, origin, { regionId: 'EAST', name: 'East' }, (m) => new RefusedError(m))).toEqual({
      ...origin,
      type: 'RegionDefined',
      schemaVersion: 1,
      payload: { regionId: 'EAST', name: 'East' },
    });
  });

  it("refuses a payload the schema refuses with the context's error, naming the problems and the type", () => {
    const invalid = jest.fn((message: string, type: string) => new RefusedError(`${type}: ${message}`));
    expect(() => buildEvent(RegionDefined, origin, { regionId: 'EAST', name: '' }, invalid)).toThrow(RefusedError);
    expect(invalid).toHaveBeenCalledWith(expect.stringContaining('name'), 'RegionDefined');
  });
});
