import { Type } from '@sinclair/typebox';
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

export const SessionSecurity: Record<string, string[]>[] = [{ session: [] }];
export const KeyOrSessionSecurity: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];
