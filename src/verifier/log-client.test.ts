import { describe, expect, it } from 'vitest';
import { LogClient, MAX_TEXT_BYTES, VerifyFailure } from './log-client.ts';

/** A server that answers every request with an endless body, counting what was pulled from it. */
function endlessServer(headers: Record<string, string> = {}) {
  const served = { bytes: 0 };
  const chunk = new Uint8Array(64 * 1024).fill(0x41);
  const fetch = (async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          served.bytes += chunk.length;
          controller.enqueue(chunk);
        },
      }),
      { status: 200, headers },
    )) as typeof globalThis.fetch;
  return { served, client: new LogClient({ logUrl: 'https://log.example/log', apiUrl: 'https://log.example', fetch }) };
}

describe('LogClient against a hostile server', () => {
  it('stops reading a checkpoint that never ends, and says why', async () => {
    const { served, client } = endlessServer();
    const err = await client.checkpoint().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerifyFailure);
    expect((err as Error).message).toMatch(/more than the 1048576 bytes this verifier reads/);
    // It read a little past the limit, not the endless rest.
    expect(served.bytes).toBeLessThan(MAX_TEXT_BYTES + 256 * 1024);
  });

  it('refuses a tile larger than the tile can be, and a declared oversize without reading it', async () => {
    const { served, client } = endlessServer();
    await expect(client.tile(0, 0, 256)).rejects.toThrow(/tile\/0\/000: the answer is more than the 8192 bytes/);
    expect(served.bytes).toBeLessThan(1024 * 1024);

    const declared = endlessServer({ 'content-length': String(10 * 1024 * 1024 * 1024) });
    await expect(declared.client.record('0193c0de-0000-7000-8000-000000000000')).rejects.toThrow(/is 10737418240 bytes, more than the 1048576/);
    expect(declared.served.bytes).toBeLessThanOrEqual(64 * 1024);
  });
});
