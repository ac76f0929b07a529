import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { secondFactorRequired } from '../core/policy.ts';
import { coarseNetwork, describeUserAgent } from '../core/session-device.ts';
import { newTotpSecret, otpauthUri, verifyTotp } from '../core/totp.ts';
import {
  confirmTotpSecret,
  findPerson,
  findPersonByEmail,
  recordFailedSignIn,
  resetFailedSignIns,
  setPendingTotpSecret,
  useTotpStep,
  type PersonRow,
} from '../repositories/person.repository.ts';
import { findSessionByToken, insertSession, revokePersonSessions, revokeSession, touchSession } from '../repositories/session.repository.ts';
import type { ServiceContext } from './context.ts';
import { hashPassword, presentPerson, verifyPassword, type PersonView } from './person.service.ts';

/** A session ends after this long unused… */
export const SESSION_IDLE_MS = 12 * 3600_000;
/** …and this long after sign-in, however much it is used. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 3600_000;
/** Failed sign-ins in a row that lock an account, and for how long. */
export const MAX_FAILED_SIGN_INS = 10;
export const LOCKOUT_MS = 15 * 60_000;

const TOKEN_PREFIX = 'mbs_';
// "mbs_" and 32 random bytes in base64url: anything else is refused without a lookup.
const TOKEN_FORMAT = /^mbs_[\w-]{43}$/;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * The CSRF token of a session, derived from its token: the browser's script gets it in the
 * sign-in answer (and from GET /session after a reload), a page of another site can neither read
 * the cookie nor compute it. Nothing more to store, and it dies with the session.
 */
export function csrfTokenFor(sessionToken: string): string {
  return sha256(`minhbach-csrf\u0000${sessionToken}`).toString('base64url');
}

/** Constant-time comparison of a sent CSRF token with the session's (as hashes, so lengths leak nothing). */
export function csrfMatches(sessionToken: string, sent: string | undefined): boolean {
  if (typeof sent !== 'string') return false;
  return timingSafeEqual(sha256(sent), sha256(csrfTokenFor(sessionToken)));
}

// Unknown e-mails are checked against this hash, so they cost what a real account costs and
// the answer's timing does not tell which addresses have accounts.
let dummyHash: Promise<string> | null = null;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

const WRONG = () => new AppError('unauthenticated', 'Sai e-mail hoặc mật khẩu (wrong e-mail or password)');

export interface SignedIn {
  /** The cookie's value: shown to the browser once, stored hashed. */
  token: string;
  csrf_token: string;
  /** How long the cookie lives: until the session would be idle too long. */
  max_age_s: number;
  person: PersonView;
  totp_enrolment_required: boolean;
}

/**
 * Signs a person in. Every refusal is the same 401 whatever the reason (unknown e-mail, wrong
 * password, locked or disabled account), and every attempt costs one argon2 verification, so
 * neither the answer nor its timing tells an attacker which accounts exist or are locked. A
 * person with a second factor also needs a valid, unused code; a wrong code counts as a failure.
 */
export async function signIn(
  ctx: ServiceContext,
  input: { email: string; password: string; totp_code?: string },
  /** What the request said of its client: only summaries of it are kept ("my sessions"). */
  client: { userAgent?: string; address?: string } = {},
): Promise<SignedIn> {
  const email = input.email.trim().toLowerCase();
  const person = await findPersonByEmail(ctx.db, email);
  const passwordOk = await verifyPassword(person?.password_hash ?? (await dummy()), input.password);
  const now = ctx.now();
  if (!person) throw WRONG();
  const locked = person.locked_until !== null && person.locked_until > now;
  if (locked) throw WRONG();
  if (!passwordOk) {
    await recordFailedSignIn(ctx.db, person.id, MAX_FAILED_SIGN_INS, new Date(now.getTime() + LOCKOUT_MS));
    throw WRONG();
  }
  if (person.disabled_at || person.org_disabled_at) throw WRONG();
  if (person.totp_secret) {
    if (!input.totp_code) throw new AppError('unauthenticated', 'Cần mã xác thực hai lớp (a TOTP code is required)', { extra: { reason: 'totp_required' } });
    const step = verifyTotp(person.totp_secret, input.totp_code, now, person.totp_last_step);
    if (step === null || !(await useTotpStep(ctx.db, person.id, step))) {
      await recordFailedSignIn(ctx.db, person.id, MAX_FAILED_SIGN_INS, new Date(now.getTime() + LOCKOUT_MS));
      throw new AppError('unauthenticated', 'Mã xác thực sai hoặc đã dùng (the TOTP code is wrong or was used already)', { extra: { reason: 'totp_invalid' } });
    }
  }
  await resetFailedSignIns(ctx.db, person.id);
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await insertSession(ctx.db, {
    id: uuidv7(now.getTime()),
    person_id: person.id,
    token_hash: sha256(token),
    created_at: now,
    expires_at: expiresAt,
    device: describeUserAgent(client.userAgent),
    network: coarseNetwork(client.address),
  });
  return {
    token,
    csrf_token: csrfTokenFor(token),
    max_age_s: SESSION_IDLE_MS / 1000,
    person: presentPerson(person),
    totp_enrolment_required: enrolmentPending(person),
  };
}

function enrolmentPending(p: PersonRow): boolean {
  return secondFactorRequired(p.org_kind, p.role) && p.totp_enabled_at === null;
}

/** A request's signed-in person. */
export interface PersonSession {
  actor: Actor;
  sessionId: string;
  person: PersonView;
  csrfToken: string;
  /** Signed in, but may do nothing but enrol a second factor until they do. */
  totpEnrolmentRequired: boolean;
  /** Set when the session was renewed: send the cookie again with this Max-Age. */
  renewedMaxAgeS: number | null;
}

/**
 * The person behind a session cookie, looked up on every request (one indexed query, no cache:
 * a revocation, a disabled person or a changed role counts at once), and the session renewed.
 */
export async function authenticateSession(ctx: ServiceContext, token: string): Promise<PersonSession> {
  if (!TOKEN_FORMAT.test(token)) throw expired();
  const s = await findSessionByToken(ctx.db, sha256(token));
  const now = ctx.now();
  if (!s || s.revoked_at || s.expires_at <= now || s.last_seen_at.getTime() + SESSION_IDLE_MS <= now.getTime()) throw expired();
  const p = s.person;
  if (p.disabled_at || p.org_disabled_at) throw expired();
  const renewed = await touchSession(ctx.db, s.session_id, now);
  const remainingS = Math.floor((s.expires_at.getTime() - now.getTime()) / 1000);
  return {
    actor: { orgId: p.organization_id, kind: p.org_kind, name: p.org_name, services: p.org_services, personId: p.id, keyId: null, role: p.role },
    sessionId: s.session_id,
    person: presentPerson(p),
    csrfToken: csrfTokenFor(token),
    totpEnrolmentRequired: enrolmentPending(p),
    renewedMaxAgeS: renewed ? Math.min(SESSION_IDLE_MS / 1000, remainingS) : null,
  };
}

function expired(): AppError {
  return new AppError('unauthenticated', 'Phiên đăng nhập đã hết hạn hoặc không hợp lệ; hãy đăng nhập lại (the session has ended; sign in again)', {
    extra: { reason: 'session_invalid' },
  });
}

export async function signOut(ctx: ServiceContext, session: PersonSession): Promise<void> {
  await revokeSession(ctx.db, session.sessionId, ctx.now());
}

/** Ends every session of the person, this one included ("sign out everywhere"). */
export async function signOutEverywhere(ctx: ServiceContext, session: PersonSession): Promise<{ revoked: number }> {
  return { revoked: await revokePersonSessions(ctx.db, session.person.id, ctx.now()) };
}

/**
 * Starts enrolling a second factor: a new secret, pending until a code made from it is confirmed.
 * Starting again replaces the pending secret; a person already enrolled gets 409.
 */
export async function startTotpEnrolment(ctx: ServiceContext, session: PersonSession): Promise<{ secret: string; otpauth_uri: string }> {
  const person = await findPerson(ctx.db, session.person.id);
  if (!person) throw expired();
  if (person.totp_secret) throw new AppError('conflict', 'Đã bật xác thực hai lớp (a second factor is already enrolled)', { extra: { reason: 'totp_enrolled' } });
  const secret = newTotpSecret();
  await setPendingTotpSecret(ctx.db, person.id, secret);
  const uri = otpauthUri({ issuer: 'minhbach', account: person.email, secret });
  return { secret: new URL(uri).searchParams.get('secret')!, otpauth_uri: uri };
}

/** Confirms enrolment with a code from the new secret; from then on sign-in needs a code, and this session may do what the role allows. */
export async function confirmTotpEnrolment(ctx: ServiceContext, session: PersonSession, code: string): Promise<PersonView> {
  const person = await findPerson(ctx.db, session.person.id);
  if (!person) throw expired();
  if (person.totp_secret) throw new AppError('conflict', 'Đã bật xác thực hai lớp (a second factor is already enrolled)', { extra: { reason: 'totp_enrolled' } });
  if (!person.totp_pending_secret)
    throw new AppError('conflict', 'Hãy bắt đầu đăng ký trước (start enrolment first: POST /api/v1/session/totp)', { extra: { reason: 'totp_not_started' } });
  const now = ctx.now();
  const step = verifyTotp(person.totp_pending_secret, code, now, person.totp_last_step);
  if (step === null) throw AppError.validation([{ field: 'code', message: 'Mã không đúng (the code does not match the secret)' }]);
  if (!(await confirmTotpSecret(ctx.db, person.id, step, now))) throw new AppError('conflict', 'Đã bật xác thực hai lớp (a second factor is already enrolled)');
  return presentPerson({ ...person, totp_secret: person.totp_pending_secret, totp_enabled_at: now, totp_last_step: step });
}
