import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { endMySession, listMySessions } from '../../services/my-sessions.service.ts';
import { confirmTotpEnrolment, signIn, signOut, signOutEverywhere, startTotpEnrolment } from '../../services/session.service.ts';
import { sessionOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { IdParams, problems } from '../schema.ts';
import { clearSessionCookie, setSessionCookie } from '../session-cookie.ts';
import { PersonView } from './person.schemas.ts';
import { OwnSessionList, RevokedSessions, SessionSecurity, SessionView, SignInInput, TotpConfirmation, TotpEnrolment } from './session.schemas.ts';

const tags = ['sessions'];

/** Signing in and out, and the signed-in person's own second factor. */
export async function sessionRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.post<{ Body: Static<typeof SignInInput> }>(
    '/api/v1/sessions',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'Sign in with e-mail and password (and a TOTP code once enrolled): sets the session cookie and returns the CSRF token',
        tags,
        security: [],
        body: SignInInput,
        response: { 201: SessionView, ...problems(401, 422) },
      },
    },
    async (req, reply) => {
      const s = await signIn(ctx, req.body, { userAgent: req.headers['user-agent'], address: req.ip });
      setSessionCookie(reply, s.token, s.max_age_s);
      return reply.status(201).send({ person: s.person, csrf_token: s.csrf_token, totp_enrolment_required: s.totp_enrolment_required });
    },
  );

  app.get(
    '/api/v1/session',
    {
      config: { allow: 'people', action: 'session.self' },
      schema: { summary: 'Who is signed in, and the CSRF token of this session', tags, security: SessionSecurity, response: { 200: SessionView, ...problems(401, 403) } },
    },
    async (req) => {
      const s = sessionOf(req);
      return { person: s.person, csrf_token: s.csrfToken, totp_enrolment_required: s.totpEnrolmentRequired };
    },
  );

  app.delete(
    '/api/v1/session',
    {
      config: { allow: 'people', action: 'session.self' },
      schema: { summary: 'Sign out: ends this session', tags, security: SessionSecurity, response: { 204: Type.Null(), ...problems(401, 403) } },
    },
    async (req, reply) => {
      await signOut(ctx, sessionOf(req));
      clearSessionCookie(reply);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/session/revoke-all',
    {
      config: { allow: 'people', action: 'session.self' },
      schema: {
        summary: 'Sign out everywhere: ends every session of the signed-in person, this one included',
        tags,
        security: SessionSecurity,
        response: { 200: RevokedSessions, ...problems(401, 403) },
      },
    },
    async (req, reply) => {
      const out = await signOutEverywhere(ctx, sessionOf(req));
      clearSessionCookie(reply);
      return out;
    },
  );

  app.get(
    '/api/v1/session/sessions',
    {
      config: { allow: 'people', action: 'session.self' },
      schema: {
        summary: 'My sessions: the signed-in person’s live sessions, with the browser and network each was opened from (never a token)',
        tags,
        security: SessionSecurity,
        response: { 200: OwnSessionList, ...problems(401, 403) },
      },
    },
    async (req) => listMySessions(ctx, sessionOf(req)),
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/session/sessions/:id',
    {
      config: { allow: 'people', action: 'session.self' },
      schema: {
        summary: 'End one of my sessions: its next request is signed out (ending this one signs out); another person’s session is not found',
        tags,
        security: SessionSecurity,
        params: IdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { current } = await endMySession(ctx, sessionOf(req), req.params.id);
      if (current) clearSessionCookie(reply);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/session/totp',
    {
      config: { allow: 'people', action: 'session.self' },
      schema: {
        summary: 'Start enrolling a second factor (TOTP): a new secret and its otpauth:// URI, pending until confirmed with a code',
        tags,
        security: SessionSecurity,
        response: { 200: TotpEnrolment, ...problems(401, 403, 409) },
      },
    },
    async (req) => startTotpEnrolment(ctx, sessionOf(req)),
  );

  app.post<{ Body: Static<typeof TotpConfirmation> }>(
    '/api/v1/session/totp/confirmation',
    {
      config: { allow: 'people', action: 'session.self' },
      schema: {
        summary: 'Confirm the second factor with a code from the authenticator app; sign-in needs a code from then on',
        tags,
        security: SessionSecurity,
        body: TotpConfirmation,
        response: { 200: PersonView, ...problems(401, 403, 409, 422) },
      },
    },
    async (req) => confirmTotpEnrolment(ctx, sessionOf(req), req.body.code),
  );
}
