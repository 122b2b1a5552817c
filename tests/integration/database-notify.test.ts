import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/database.js';

describe('LISTEN/NOTIFY through the database handle', () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(() => handle.dispose());

  it('a listener receives what is notified on its channel, and nothing after unlisten', async () => {
    const received: string[] = [];
    const unlisten = await handle.database.listen('kreis_test', (payload) => received.push(payload));
    await handle.database.notify('kreis_test', '{"v":1}');
    await handle.database.notify('other_channel', 'ignored');
    await expect.poll(() => received, { timeout: 5_000 }).toEqual(['{"v":1}']);
    await unlisten();
    await handle.database.notify('kreis_test', 'late');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toEqual(['{"v":1}']);
  });
});
