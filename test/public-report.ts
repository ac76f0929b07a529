import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { leadingZeroBits, parseChallenge, powMessage } from '../src/core/proof-of-work.ts';
import { call, freshUrl } from './factories.ts';

/** Solves a report challenge as the browser does (proof-of-work.ts), with Node's SHA-256. */
export function solveChallenge(challenge: string): string {
  const { bits } = parseChallenge(challenge)!;
  for (let n = 0; ; n++) {
    if (
      leadingZeroBits(
        createHash('sha256')
          .update(powMessage(challenge, String(n)))
          .digest(),
      ) >= bits
    )
      return String(n);
  }
}

/** A fresh challenge from the server, solved. */
export async function solvedChallenge(app: FastifyInstance): Promise<{ challenge: string; solution: string }> {
  const res = await call(app, 'POST', '/api/v1/public/report-challenges');
  if (res.status !== 201) throw new Error(`challenge: ${res.status} ${res.body}`);
  return { challenge: res.json.challenge, solution: solveChallenge(res.json.challenge) };
}

/** A valid report body of a fresh URL (without its proof of work). */
export function reportInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    urls: [freshUrl()],
    choice: 'scam',
    description: `Trang này giả danh ngân hàng, đòi mã OTP để nhận quà (${Math.random().toString(36).slice(2)})`,
    contact_email: 'nguoi.dan@example.vn',
    evidence: 'Tin nhắn từ số 0912 345 678 gửi lúc 9 giờ sáng, kèm đường link trên.',
    ...overrides,
  };
}

/** Files a report through the API with a solved challenge; the answer as `call` gives it. */
export async function fileReport(app: FastifyInstance, overrides: Record<string, unknown> = {}) {
  return call(app, 'POST', '/api/v1/public/reports', { body: { ...reportInput(overrides), ...(await solvedChallenge(app)) } });
}
