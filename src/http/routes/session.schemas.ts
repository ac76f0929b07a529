import { Type } from '@sinclair/typebox';
import { DateTime, Nullable } from '../schema.ts';
import { PersonView } from './person.schemas.ts';

export const SignInInput = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    // Longer than any password accepted: a refusal here would say nothing the 401 does not.
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    totp_code: Type.Optional(Type.String({ maxLength: 16, description: 'Six digits from the authenticator app, when the person has a second factor' })),
  },
  { additionalProperties: false },
);

export const SessionView = Type.Object({
  person: PersonView,
  csrf_token: Type.String({ description: 'Send it back in the x-csrf-token header on POST, PUT, PATCH and DELETE' }),
  totp_enrolment_required: Type.Boolean({ description: 'true: nothing but enrolling a second factor is allowed until it is confirmed' }),
});

export const RevokedSessions = Type.Object({ revoked: Type.Integer({ description: 'Sessions ended, this one included' }) });

export const TotpEnrolment = Type.Object({
  secret: Type.String({ description: 'Base32, for typing into an authenticator app' }),
  otpauth_uri: Type.String({ description: 'otpauth://totp/… for a QR code' }),
});

export const TotpConfirmation = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });

/** One of the signed-in person's own sessions ("my sessions"): never its token or the token's hash. */
export const OwnSession = Type.Object({
  id: Type.String(),
  created_at: DateTime,
  last_seen_at: Type.String({ format: 'date-time', description: 'Last used, to the minute (a session is renewed at most once a minute)' }),
  expires_at: Type.String({ format: 'date-time', description: 'When it ends however much it is used; unused for 12 hours, it ends sooner' }),
  device: Nullable(Type.String({ description: 'The browser and system it was opened from, e.g. "Firefox 128 · Windows"; null when not recognised' })),
  network: Nullable(Type.String({ description: 'The network it was opened from: a /24 (IPv4) or /48 (IPv6), never the address' })),
  current: Type.Boolean({ description: 'true for the session this request came with' }),
});

export const OwnSessionList = Type.Object({ items: Type.Array(OwnSession, { description: 'Live sessions only, last used first' }) });

export const SessionSecurity: Record<string, string[]>[] = [{ session: [] }];
export const KeyOrSessionSecurity: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];
