/**
 * The webhook part of `npm run bench:worker`: WORKER_BENCH_WEBHOOKS (20,000) deliveries by the
 * worker (claim, load the event, sign, POST through safe-fetch, log the attempt, mark done) to a
 * receiver in a child process on loopback that answers 204. Baseline in the same run: the same
 * signed bodies POSTed through safe-fetch alone, 64 at a time, with no database.
 * Goal (issue 12): ≥ 2,000 deliveries/s on this 2-core machine.
 */
import { spawn } from 'node:child_process';
import { uuidv7 } from '../../src/core/ids.ts';
import { parseCidrList } from '../../src/core/cidr.ts';
import { webhookBody, webhookHeaders } from '../../src/core/webhook-signature.ts';
import type { Db } from '../../src/db/db.ts';
import { safeFetch } from '../../src/net/safe-fetch.ts';
import { appendEvents } from '../../src/repositories/outbox.repository.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { createOrganization, organizationActor } from '../../src/services/organization.service.ts';
import { createEndpoint } from '../../src/services/webhook.service.ts';
import { createWebhookHandler } from '../../src/services/webhook.handler.ts';
import { dispatchEvents, drainOutbox } from '../../src/services/worker.service.ts';

const RECEIVER = `
const http = require('node:http');
let n = 0;
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { n++; res.writeHead(204).end(); }); });
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => { if (m === 'count') process.send({ count: n }); });
`;

export interface WebhookBenchResult {
  deliveries: number;
  received: number;
  dispatch_seconds: number;
  dispatch_events_per_second: number;
  seconds: number;
  deliveries_per_second: number;
  baseline_safe_fetch_alone_per_second: number;
  attempts_logged: number;
  goal_per_second: number;
  goal_met: boolean;
}

export async function benchWebhooks(db: Db, ctx: ServiceContext, n: number, log: (m: string) => void): Promise<WebhookBenchResult> {
  const receiver = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => receiver.once('message', (m: { port: number }) => resolve(m.port)));
  const count = () =>
    new Promise<number>((resolve) => {
      receiver.once('message', (m: { count: number }) => resolve(m.count));
      receiver.send('count');
    });
  const allow = parseCidrList('127.0.0.1/32');
  if ('error' in allow) throw new Error(allow.error);
  const outbound = { allow };
  try {
    const org = await createOrganization(ctx, { kind: 'platform', name: `Bench platform ${uuidv7()}`, services: ['tiktok'] });
    const actor = await organizationActor(ctx, org.org_id);
    const endpoint = await createEndpoint(ctx, outbound, actor, { url: `http://127.0.0.1:${port}/hooks`, event_types: ['record.published'] });

    // Events about no case go to the acting organization's endpoints: one delivery each.
    const at = ctx.now();
    for (let i = 0; i < n; i += 5_000) {
      await appendEvents(
        db,
        Array.from({ length: Math.min(5_000, n - i) }, (_, k) => ({
          id: uuidv7(at.getTime()),
          type: 'record.published' as const,
          at,
          org_id: org.org_id,
          case_id: null,
          data: { record_id: uuidv7(at.getTime()), record_type: 'statement_of_reasons', platform: 'tiktok', n: i + k },
        })),
      );
    }
    const handler = createWebhookHandler({ outbound });
    let s = Date.now();
    for (let d; (d = await dispatchEvents(ctx, [handler])) > 0;);
    const dispatchSeconds = (Date.now() - s) / 1000;
    log(`webhooks: ${n.toLocaleString('en')} events dispatched in ${dispatchSeconds.toFixed(2)} s`);

    s = Date.now();
    await drainOutbox(ctx, [handler]);
    const seconds = (Date.now() - s) / 1000;
    const received = await count();
    const [attempts] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_attempts WHERE endpoint_id = $1 AND outcome = 'success'`, [endpoint.id]);
    log(`webhooks: ${received.toLocaleString('en')} received from the worker in ${seconds.toFixed(2)} s (${Math.round(received / seconds)}/s)`);

    // Baseline: the same deliveries with no database, 64 at a time.
    const secret = endpoint.secret;
    const body = webhookBody({ type: 'record.published', at, case_id: null, data: { record_id: uuidv7(), record_type: 'statement_of_reasons', platform: 'tiktok', n: 0 } });
    s = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        for (let i = next++; i < n; i = next++) {
          await safeFetch(`http://127.0.0.1:${port}/hooks`, outbound, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...webhookHeaders(uuidv7(), at, body, [secret]) },
            body,
            timeoutMs: 10_000,
            maxBodyBytes: 1024,
            maxRedirects: 0,
          });
        }
      }),
    );
    const baselineSeconds = (Date.now() - s) / 1000;
    log(`webhooks: baseline, safe-fetch alone: ${n.toLocaleString('en')} in ${baselineSeconds.toFixed(2)} s (${Math.round(n / baselineSeconds)}/s)`);
    const perSecond = Math.round(received / seconds);
    return {
      deliveries: n,
      received,
      dispatch_seconds: Math.round(dispatchSeconds * 100) / 100,
      dispatch_events_per_second: Math.round(n / dispatchSeconds),
      seconds: Math.round(seconds * 100) / 100,
      deliveries_per_second: perSecond,
      baseline_safe_fetch_alone_per_second: Math.round(n / baselineSeconds),
      attempts_logged: attempts!.n,
      goal_per_second: 2_000,
      goal_met: perSecond >= 2_000 && received >= n,
    };
  } finally {
    receiver.kill();
  }
}
