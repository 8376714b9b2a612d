import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'mocha';
import { reachFromZone } from '../../nemesis/index.js';

describe('reachability from a source address (loopback)', () => {
  let server: Server;
  let port = 0;

  before(async () => {
    server = createServer((s) => s.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    port = typeof addr === 'object' && addr !== null ? addr.port : assert.fail('no port');
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('open when something listens, bound to the given source address', async () => {
    assert.equal(await reachFromZone('127.0.0.2', '127.0.0.1', port), 'open');
  });

  it('refused when nothing listens (the path works)', async () => {
    // A port just freed may be taken again by another process before the probe (then it is
    // open, and another port is tried); the probe gets 10 s, not 1, so a loaded machine that
    // stalls the event loop cannot make a refusal look like a drop.
    const seen: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const addr = closed.address();
      const free = typeof addr === 'object' && addr !== null ? addr.port : assert.fail('no port');
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const reach = await reachFromZone('127.0.0.1', '127.0.0.1', free, 10_000);
      if (reach === 'refused') return;
      seen.push(`${free}: ${reach}`);
      if (reach !== 'open') break;
    }
    assert.fail(`a port nothing listens on was not refused: ${seen.join(', ')}`);
  });

  it('error when the source address is not configured on this host', async () => {
    // 192.0.2.1 (TEST-NET-1) is never a local address: bind fails before any packet is sent.
    assert.equal(await reachFromZone('192.0.2.1', '127.0.0.1', port), 'error');
  });
});
