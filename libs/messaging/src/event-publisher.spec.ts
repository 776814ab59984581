import { chunkBySize, MAX_SEND_BYTES } from './event-publisher';

describe('chunkBySize', () => {
  const item = (id: number, bytes: number) => ({ id, bytes });

  it('keeps the order and never lets a chunk pass the limit (unless one item alone does)', () => {
    const items = Array.from({ length: 2_000 }, (_, i) => item(i, 900));
    const chunks = chunkBySize(items, MAX_SEND_BYTES);
    expect(chunks.flat().map((i) => i.id)).toEqual(items.map((i) => i.id));
    for (const chunk of chunks) expect(chunk.reduce((s, i) => s + i.bytes, 0)).toBeLessThanOrEqual(MAX_SEND_BYTES);
    expect(chunks.length).toBe(Math.ceil((2_000 * 900) / (Math.floor(MAX_SEND_BYTES / 900) * 900)));
  });

  it('sends an item bigger than the limit on its own', () => {
    expect(chunkBySize([item(1, 10), item(2, 100), item(3, 10)], 50).map((c) => c.map((i) => i.id))).toEqual([[1], [2], [3]]);
  });

  it('gives nothing for nothing', () => {
    expect(chunkBySize([], 10)).toEqual([]);
  });
});
