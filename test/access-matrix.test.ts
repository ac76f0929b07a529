import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../src/core/ids.ts';
import { isSubmitterKind, SUBMITTER_KINDS, type SubmitterKind } from '../src/core/organization.ts';
import { declaredRoutes } from '../src/http/route-policy.ts';
import { makeDailyDump } from '../src/services/dump.service.ts';
import { diskImageStore } from '../src/images/image-store-disk.ts';
import { dataUrl, testImage } from './images.ts';
import { openTestApp, type TestApp } from './app.ts';
import { call, freshUrl, makeOrg, makePerson, noticeInput, sorInput, type TestOrg } from './factories.ts';
import { linkedPair } from './linked-cases.ts';
import { COPYRIGHT, copyrightNotice } from './counter-notice.ts';
import { fileReport, reportInput, solvedChallenge } from './public-report.ts';

/**
 * Who may do what, for every route of the API: one row per route, one column per kind of caller.
 *
 * Every cell works on an object (a notice, a case, a public record) that belongs to the column's
 * submitter kind: `authority` is the authority that submitted the notice / joined the case, and
 * `other authority` is a second authority that has nothing to do with it. Columns that are no
 * submitter (the platforms, no key, an invalid key) work on an object submitted by the authority
 * about content on Facebook: `platform` is Facebook, `other platform` is YouTube.
 *
 * IN / OUT: the list answers 200, and the cell's object is in it / is not in it.
 */
const ROLES = [
  'authority',
  'other authority',
  'trusted_flagger',
  'other trusted_flagger',
  'rights_holder',
  'other rights_holder',
  'public_reporter',
  'other public_reporter',
  'platform',
  'other platform',
  'no key',
  'invalid key',
] as const;
type Role = (typeof ROLES)[number];

const IN = 'IN';
const OUT = 'OUT';
type Expected = 200 | 201 | 202 | 204 | 401 | 403 | 404 | typeof IN | typeof OUT;
type Row = readonly [Expected, Expected, Expected, Expected, Expected, Expected, Expected, Expected, Expected, Expected, Expected, Expected];

// prettier-ignore
const POLICY = {
  //                                             auth  auth' flag  flag' righ  righ' publ  publ' plat  plat' none  bad
  'POST /api/v1/notices':                        [201,  201,  201,  201,  201,  201,  201,  201,  403,  403,  401,  401],
  'POST /api/v1/notices/batch':                  [200,  200,  200,  200,  200,  200,  200,  200,  403,  403,  401,  401],
  // A submitter adds to or withdraws its own notices only; platforms file none.
  'POST /api/v1/notices/{id}/additions':         [201,  404,  201,  404,  201,  404,  201,  404,  403,  403,  401,  401],
  'POST /api/v1/notices/{id}/withdrawal':        [201,  404,  201,  404,  201,  404,  201,  404,  403,  403,  401,  401],
  'GET /api/v1/notices':                         [IN,   OUT,  IN,   OUT,  IN,   OUT,  IN,   OUT,  403,  403,  401,  401],
  'GET /api/v1/notices/{id}':                    [200,  404,  200,  404,  200,  404,  200,  404,  404,  404,  401,  401],
  'GET /api/v1/cases':                           [IN,   OUT,  IN,   OUT,  IN,   OUT,  IN,   OUT,  IN,   OUT,  401,  401],
  // Content on a website nobody answers for: every authority's queue, nobody else's.
  'GET /api/v1/cases/unassigned':                [IN,   IN,   403,  403,  403,  403,  403,  403,  403,  403,  401,  401],
  'GET /api/v1/cases/{id}':                      [200,  404,  200,  404,  200,  404,  200,  404,  200,  404,  401,  401],
  'GET /api/v1/cases/counts':                    [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  401,  401],
  'GET /api/v1/cases/assignees':                 [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  401,  401],
  'PUT /api/v1/cases/{id}/assignee':             [200,  404,  200,  404,  200,  404,  200,  404,  200,  404,  401,  401],
  'POST /api/v1/cases/{id}/actions start_review':[403,  404,  403,  404,  403,  404,  403,  404,  200,  404,  401,  401],
  'POST /api/v1/cases/{id}/actions appeal':      [200,  404,  200,  404,  200,  404,  200,  404,  200,  404,  401,  401],
  'POST /api/v1/cases/{id}/actions close':       [403,  404,  403,  404,  403,  404,  403,  404,  200,  404,  401,  401],
  'POST /api/v1/cases/{id}/actions reopen':      [403,  404,  403,  404,  403,  404,  403,  404,  200,  404,  401,  401],
  'POST /api/v1/cases/{id}/decisions':           [403,  403,  403,  403,  403,  403,  403,  403,  201,  404,  401,  401],
  'POST /api/v1/cases/{id}/no-action':           [403,  403,  403,  403,  403,  403,  403,  403,  201,  404,  401,  401],
  // A suggested duplicate is the platform's to confirm or reject.
  'POST /api/v1/cases/{id}/related/{related_id}':[403,  403,  403,  403,  403,  403,  403,  403,  200,  404,  401,  401],
  // Fact-checkers (trusted flaggers) check any case; a case's verdicts are read like the case; anyone reads the ClaimReviews.
  'POST /api/v1/cases/{id}/fact-checks':         [403,  403,  201,  201,  403,  403,  403,  403,  403,  403,  401,  401],
  'GET /api/v1/cases/{id}/fact-checks':          [200,  404,  200,  404,  200,  404,  200,  404,  200,  404,  401,  401],
  'GET /api/v1/public/fact-checks':              [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/v1/public/fact-checks/{id}':         [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/v1/public/records':                  [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/v1/public/records/{id}':             [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  // Open data dumps: anyone lists and downloads them; making one now is the operator's.
  'GET /api/v1/public/dumps':                    [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  // An image is shown to whoever is shown its notice: its submitter and the case's platform.
  'GET /api/v1/images/{sha256}':                 [200,  404,  200,  404,  200,  404,  200,  404,  200,  404,  401,  401],
  // Hash lists: platforms and trusted flaggers import their own; only platforms export (signals, never public).
  'GET /api/v1/hash-lists':                      [403,  403,  IN,   OUT,  403,  403,  403,  403,  IN,   OUT,  401,  401],
  'POST /api/v1/hash-lists':                     [403,  403,  201,  201,  403,  403,  403,  403,  201,  201,  401,  401],
  'GET /api/v1/hash-lists/signals/export':       [403,  403,  403,  403,  403,  403,  403,  403,  200,  200,  401,  401],
  'GET /api/v1/hash-lists/{id}/export':          [403,  403,  403,  403,  403,  403,  403,  403,  200,  404,  401,  401],
  'DELETE /api/v1/hash-lists/{id}':              [403,  403,  204,  404,  403,  403,  403,  403,  204,  404,  401,  401],
  'GET /api/v1/admin/hash-lists':                [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'POST /api/v1/admin/hash-lists':               [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'GET /api/v1/admin/hash-lists/signals/export': [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'GET /api/v1/admin/hash-lists/{id}/export':    [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'DELETE /api/v1/admin/hash-lists/{id}':        [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'GET /api/v1/public/dumps/{id}/{format}':      [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'POST /api/v1/admin/dumps':                    [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  // Corrections: a submitter its notice's record, the platform its decision's; anyone else's is not found.
  // (A public reporter's notice is never published: its cells work on the decision on its case.)
  'POST /api/v1/public-records/{id}/corrections notice':  [201, 404, 201, 404, 201, 404, 404, 404, 404, 404, 401, 401],
  'POST /api/v1/public-records/{id}/corrections decision':[404, 404, 404, 404, 404, 404, 404, 404, 201, 404, 401, 401],
  'GET /api/v1/public/records/{id}/history':     [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/v1/public/stats':                    [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/v1/public/stats/charts':             [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/v1/public/stats/requesters':         [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/v1/public/log':                      [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/v1/public/records/{id}/proof':       [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'POST /api/v1/match':                          [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  401,  401],
  'GET /log/checkpoint':                         [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /log/key':                                [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /log/tile/*':                             [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /log/consistency':                        [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  // Operator routes: no organization's key is the operator token (the operator's own tests are in admin.routes.test.ts).
  'POST /api/v1/admin/organizations':            [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'POST /api/v1/admin/organizations/{id}/disable':[401, 401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'POST /api/v1/admin/organizations/{id}/keys':   [401, 401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'GET /api/v1/admin/organizations/{id}/keys':    [401, 401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'POST /api/v1/admin/keys/{id}/revocation':     [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'POST /api/v1/admin/organizations/{id}/notices/batch':[401,401,401,401,  401,  401,  401,  401,  401,  401,  401,  401],
  'POST /api/v1/admin/match':                    [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'POST /api/v1/admin/reindex':                  [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'POST /api/v1/admin/demo':                     [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'GET /api/v1/admin/outbox':                    [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'GET /api/v1/admin/jobs/parked':               [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'POST /api/v1/admin/jobs/{id}/retry':          [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'POST /api/v1/admin/public-records/{id}/withdrawal':[401,401,401, 401,  401,  401,  401,  401,  401,  401,  401,  401],
  'POST /api/v1/admin/public-records/{id}/corrections':[401,401,401,401,  401,  401,  401,  401,  401,  401,  401,  401],
  'POST /api/v1/admin/organizations/{id}/invitations':[401,401,401,401, 401,  401,  401,  401,  401,  401,  401,  401],
  // People and sessions: API keys have their organization's full access (admin included), but a
  // session is a person's: a key gets 403 there (src/core/policy.ts).
  'POST /api/v1/sessions':                       [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'GET /api/v1/session':                         [403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401],
  'DELETE /api/v1/session':                      [403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401],
  'POST /api/v1/session/revoke-all':             [403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401],
  'POST /api/v1/session/totp':                   [403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401],
  'POST /api/v1/session/totp/confirmation':      [403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401],
  'GET /api/v1/session/sessions':                [403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401],
  'DELETE /api/v1/session/sessions/{id}':        [403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401],
  // An organization's own API keys: its admins, or its keys; another organization's are not found.
  'GET /api/v1/organization/keys':               [IN,   OUT,  IN,   OUT,  IN,   OUT,  IN,   OUT,  OUT,  OUT,  401,  401],
  'POST /api/v1/organization/keys':              [201,  201,  201,  201,  201,  201,  201,  201,  201,  201,  401,  401],
  'POST /api/v1/organization/keys/{id}/revocation':[200,404,  200,  404,  200,  404,  200,  404,  404,  404,  401,  401],
  'GET /api/v1/people':                          [IN,   OUT,  IN,   OUT,  IN,   OUT,  IN,   OUT,  OUT,  OUT,  401,  401],
  'PATCH /api/v1/people/{id}':                   [200,  404,  200,  404,  200,  404,  200,  404,  404,  404,  401,  401],
  'POST /api/v1/invitations':                    [201,  201,  201,  201,  201,  201,  201,  201,  201,  201,  401,  401],
  'GET /api/v1/invitations':                     [IN,   OUT,  IN,   OUT,  IN,   OUT,  IN,   OUT,  OUT,  OUT,  401,  401],
  'GET /api/v1/invitations/{token}':             [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'POST /api/v1/invitations/{token}/acceptance': [201,  201,  201,  201,  201,  201,  201,  201,  201,  201,  201,  201],
  // The audit: an organization's own actions only (admins, or its API keys).
  'GET /api/v1/audit':                           [IN,   OUT,  IN,   OUT,  IN,   OUT,  IN,   OUT,  OUT,  OUT,  401,  401],
  // Deadlines: the operator sets them, anyone reads them. Contacts: each organization its own.
  'GET /api/v1/admin/sla-policies':              [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'PUT /api/v1/admin/sla-policies':              [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  // The registry of services: the operator changes it, anyone reads who answers for what.
  'GET /api/v1/admin/services':                  [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'POST /api/v1/admin/services':                 [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'PATCH /api/v1/admin/services/{slug}':         [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  'GET /api/v1/public/services':                 [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/v1/public/sla-policies':             [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/v1/organization/contacts':           [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  401,  401],
  'PUT /api/v1/organization/contacts':           [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  401,  401],
  // Webhooks: an organization's own endpoints and deliveries; anyone else's are not found.
  'POST /api/v1/webhook-endpoints':              [201,  201,  201,  201,  201,  201,  201,  201,  201,  201,  401,  401],
  'GET /api/v1/webhook-endpoints':               [IN,   OUT,  IN,   OUT,  IN,   OUT,  IN,   OUT,  OUT,  OUT,  401,  401],
  'GET /api/v1/webhook-endpoints/{id}':          [200,  404,  200,  404,  200,  404,  200,  404,  404,  404,  401,  401],
  'DELETE /api/v1/webhook-endpoints/{id}':       [204,  404,  204,  404,  204,  404,  204,  404,  404,  404,  401,  401],
  'POST /api/v1/webhook-endpoints/{id}/secret-rotation':[200,404,200,404, 200,  404,  200,  404,  404,  404,  401,  401],
  'POST /api/v1/webhook-endpoints/{id}/enable':  [200,  404,  200,  404,  200,  404,  200,  404,  404,  404,  401,  401],
  'GET /api/v1/webhook-endpoints/{id}/deliveries':[200, 404,  200,  404,  200,  404,  200,  404,  404,  404,  401,  401],
  'POST /api/v1/webhook-deliveries/{id}/replay': [202,  404,  202,  404,  202,  404,  202,  404,  404,  404,  401,  401],
  'GET /healthz':                                [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /readyz':                                 [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /metrics':                                [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
  // The web app's files and pages: anyone.
  'GET /*':                                      [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/docs':                               [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/docs/overrides.css':                 [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/docs/init.js':                       [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/docs/{file}':                        [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/openapi.json':                       [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  // Public reports: anyone, with or without a key (a key changes nothing: it is never looked at).
  'POST /api/v1/public/report-challenges':       [201,  201,  201,  201,  201,  201,  201,  201,  201,  201,  201,  201],
  'POST /api/v1/public/reports':                 [201,  201,  201,  201,  201,  201,  201,  201,  201,  201,  201,  201],
  'GET /api/v1/public/reports/{code}':           [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  // The affected user's statement: the deciding platform re-issues and revokes its links; the link itself opens the page, no account needed.
  'POST /api/v1/decisions/{id}/statement-links': [403,  403,  403,  403,  403,  403,  403,  403,  201,  404,  401,  401],
  'POST /api/v1/decisions/{id}/statement-links/revocation':[403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 401, 401],
  'GET /api/v1/public/statements/{token}':       [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'POST /api/v1/public/report-match':            [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  // Counter-notices: the uploader files one through the statement link, no account; the case is read like the case
  // (the uploader's contact by its rights holders only); a court filing is for a rights holder with a notice on the case.
  'GET /api/v1/public/statements/{token}/counter-notice':  [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'POST /api/v1/public/statements/{token}/counter-notices':[201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201],
  'GET /api/v1/cases/{id}/counter-notices':      [200,  404,  200,  404,  200,  404,  200,  404,  200,  404,  401,  401],
  'POST /api/v1/counter-notices/{id}/court-filing':[403, 403,  403,  403,  201,  404,  403,  403,  403,  403,  401,  401],
  // Appeals: the affected user appeals through the statement link, no account; the deciding platform assigns a reviewer.
  'POST /api/v1/public/statements/{token}/appeals':[201, 201,  201,  201,  201,  201,  201,  201,  201,  201,  201,  201],
  'PUT /api/v1/appeals/{id}/reviewer':           [403,  403,  403,  403,  403,  403,  403,  403,  200,  404,  401,  401],
  // Transparency reports: anyone reads them; the operator alone asks for one.
  'GET /api/v1/public/transparency-reports':     [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/v1/public/transparency-reports/{id}':[200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'GET /api/v1/public/transparency-reports/{id}/csv':[200,200, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200],
  'POST /api/v1/admin/transparency-reports':     [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401],
} as const satisfies Record<string, Row>;
type RouteName = keyof typeof POLICY;

let t: TestApp;
/** The organizations whose objects the cells work on, one per submitter kind. */
const owners = {} as Record<SubmitterKind, TestOrg>;
/** Organizations of the same kinds with objects of their own, unrelated to the cells' objects. */
const others = {} as Record<SubmitterKind, TestOrg>;
let facebook: TestOrg;
let youtube: TestOrg;
/** Every status the server answered in this file, setup requests included. */
const statuses: { status: number; what: string }[] = [];

async function send(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, options: Parameters<typeof call>[3] = {}) {
  const res = await call(t.app, method, url, options);
  statuses.push({ status: res.status, what: `${method} ${url} → ${res.status} ${res.body.slice(0, 300)}` });
  return res;
}

// Objects, created afresh for each cell by the organization that owns them.

async function submitNotice(owner: TestOrg): Promise<{ noticeId: string; caseId: string }> {
  const res = await send('POST', '/api/v1/notices', { org: owner, body: noticeInput() });
  expect(res.status, res.body).toBe(201);
  return { noticeId: res.json.id, caseId: res.json.cases[0].id };
}

async function decide(caseId: string): Promise<string> {
  const res = await send('POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput() });
  expect(res.status, res.body).toBe(201);
  return res.json.public_record_id;
}

/** Facebook's decision on a case of the owner's, with the affected user's link it came with. */
async function decisionOf(owner: TestOrg): Promise<{ id: string; affected_user_statement: { token: string } }> {
  const { caseId } = await submitNotice(owner);
  const res = await send('POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput() });
  expect(res.status, res.body).toBe(201);
  return res.json;
}

/** A reviewer of Facebook who decided nothing: the one an appeal is given to. */
let appealReviewer: string | undefined;

const COUNTER_NOTICE = { statement: 'Tôi là tác giả của video này.', contact_name: 'Người đăng', contact_email: 'nguoi.dang@example.vn', consent_to_forward_contact: true };

/** A decision restricting content on the owner's notice and the owning rights holder's (a copyright case), with its statement link. */
async function copyrightDecisionOf(owner: TestOrg): Promise<{ caseId: string; token: string }> {
  const url = freshUrl();
  let caseId = '';
  for (const org of new Set([owner, owners.rights_holder])) {
    const res = await send('POST', '/api/v1/notices', { org, body: copyrightNotice(url) });
    expect(res.status, res.body).toBe(201);
    caseId = res.json.cases[0].id;
  }
  const res = await send('POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput({ category: COPYRIGHT }) });
  expect(res.status, res.body).toBe(201);
  return { caseId, token: res.json.affected_user_statement.token };
}

/** A counter-notice filed on such a decision. */
async function counterNoticeOf(owner: TestOrg): Promise<{ caseId: string; id: string }> {
  const { caseId, token } = await copyrightDecisionOf(owner);
  const res = await send('POST', `/api/v1/public/statements/${token}/counter-notices`, { body: COUNTER_NOTICE });
  expect(res.status, res.body).toBe(201);
  return { caseId, id: res.json.id };
}

async function caseIn(owner: TestOrg, status: 'received' | 'decided' | 'closed'): Promise<string> {
  const { caseId } = await submitNotice(owner);
  if (status === 'received') return caseId;
  await decide(caseId);
  if (status === 'closed') {
    const res = await send('POST', `/api/v1/cases/${caseId}/actions`, { org: facebook, body: { action: 'close' } });
    expect(res.status, res.body).toBe(200);
  }
  return caseId;
}

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `{id}` is replaced by the id of the cell's object. */
  path: string;
  body?: () => unknown;
  /** Creates the object the cell is about, owned by `owner`; its id fills `{id}` or is looked for in the list. */
  object?: (owner: TestOrg) => Promise<string>;
  /** What a successful answer must say beyond its status. */
  check?: (json: any, id: string | undefined) => void;
}

/** An invitation into the owner's organization; its token (from the link shown once) or its id. */
async function invitation(owner: TestOrg): Promise<{ id: string; token: string }> {
  const res = await send('POST', '/api/v1/invitations', { org: owner, body: { email: `m-${randomBytes(4).toString('hex')}@example.vn`, role: 'viewer' } });
  expect(res.status, res.body).toBe(201);
  return { id: res.json.id, token: String(res.json.accept_url).split('/invitations/')[1]! };
}

/** A public address (no DNS asked); nothing is delivered here, no worker runs in this file. */
const WEBHOOK_URL = 'https://93.184.215.14/minhbach';

/** A fresh webhook endpoint of the owner's; older ones are retired first, to stay under the limit per organization. */
async function webhookEndpoint(owner: TestOrg): Promise<string> {
  await t.ctx.db.query('UPDATE webhook_endpoints SET deleted_at = $2 WHERE organization_id = $1 AND deleted_at IS NULL', [owner.actor.orgId, t.ctx.now()]);
  const res = await send('POST', '/api/v1/webhook-endpoints', { org: owner, body: { url: WEBHOOK_URL, event_types: ['person.invited'] } });
  expect(res.status, res.body).toBe(201);
  return res.json.id;
}

/** A finished delivery to a fresh endpoint of the owner's, as the worker leaves it (no worker runs here). */
async function webhookDelivery(owner: TestOrg): Promise<string> {
  const endpointId = await webhookEndpoint(owner);
  const [eventId, jobId, at] = [uuidv7(), uuidv7(), t.ctx.now()];
  await t.ctx.db.query(`INSERT INTO outbox (id, type, at, org_id, data) VALUES ($1, 'person.invited', $2, $3, '{}')`, [eventId, at, owner.actor.orgId]);
  await t.ctx.db.query(
    `INSERT INTO jobs (id, kind, event_id, seq, payload, status, attempts, run_at, created_at, finished_at)
     SELECT $1, 'webhook', id, seq, $3::text::jsonb, 'done', 1, $4, $4, $4 FROM outbox WHERE id = $2`,
    [jobId, eventId, JSON.stringify({ endpoint_id: endpointId }), at],
  );
  return jobId;
}

/** A solved proof-of-work challenge for the next public report cell (its body is built synchronously). */
let solved: { challenge: string; solution: string } | null = null;

/** The related case of the current cell's pair (POST /cases/{id}/related/{related_id}). */
let relatedOfCell = '';

const action = (name: string, status: 'received' | 'decided' | 'closed', to: string): Route => ({
  method: 'POST',
  path: '/api/v1/cases/{id}/actions',
  body: () => ({ action: name }),
  object: (owner) => caseIn(owner, status),
  check: (json, id) => expect(json).toMatchObject({ id, status: to }),
});

/** A hash list imported by the owner (one hash, labelled). */
async function hashList(owner: TestOrg): Promise<string> {
  const res = await send('POST', '/api/v1/hash-lists', { org: owner, body: { name: 'Danh sách', content: `${randomBytes(32).toString('hex')} POSITIVE_CLASS scam\n` } });
  expect(res.status, res.body).toBe(201);
  return res.json.id;
}

/** Who owns the cell's hash list: the trusted flagger in its columns, else Facebook (the platform columns; the others are refused first). */
const listOwner = (owner: TestOrg): TestOrg => (owner === owners.trusted_flagger ? owner : facebook);

const ROUTES: Record<RouteName, Route> = {
  'POST /api/v1/notices': {
    method: 'POST',
    path: '/api/v1/notices',
    body: () => noticeInput(),
    check: (json) => expect(json.cases).toHaveLength(1),
  },
  'POST /api/v1/notices/batch': {
    method: 'POST',
    path: '/api/v1/notices/batch',
    body: () => ({ notices: [noticeInput(), noticeInput()] }),
    check: (json) => expect(json).toMatchObject({ accepted: 2, repeats: 0, rejected: 0 }),
  },
  'GET /api/v1/notices': {
    method: 'GET',
    path: '/api/v1/notices?limit=200',
    object: async (owner) => (await submitNotice(owner)).noticeId,
  },
  'POST /api/v1/notices/{id}/additions': {
    method: 'POST',
    path: '/api/v1/notices/{id}/additions',
    body: () => ({ text: 'Bài viết đã được đăng lại ở một trang khác.', urls: ['https://luu-tru.example.vn/ban-sao'] }),
    object: async (owner) => (await submitNotice(owner)).noticeId,
    check: (json, id) => expect(json).toMatchObject({ notice_id: id, case_ids: [expect.any(String)] }),
  },
  'POST /api/v1/notices/{id}/withdrawal': {
    method: 'POST',
    path: '/api/v1/notices/{id}/withdrawal',
    body: () => ({ reason: 'Nội dung đã được gỡ bỏ.' }),
    object: async (owner) => (await submitNotice(owner)).noticeId,
    check: (json, id) => expect(json).toMatchObject({ notice_id: id, cases: [expect.objectContaining({ due_at: null, answer_owed: false })] }),
  },
  'GET /api/v1/notices/{id}': {
    method: 'GET',
    path: '/api/v1/notices/{id}',
    object: async (owner) => (await submitNotice(owner)).noticeId,
    check: (json, id) => expect(json.id).toBe(id),
  },
  'GET /api/v1/cases': {
    method: 'GET',
    path: '/api/v1/cases?limit=200',
    object: (owner) => caseIn(owner, 'received'),
  },
  'GET /api/v1/cases/unassigned': {
    method: 'GET',
    path: '/api/v1/cases/unassigned?limit=200',
    object: async (owner) => {
      const res = await send('POST', '/api/v1/notices', { org: owner, body: noticeInput({ items: [{ url: freshUrl('web') }] }) });
      expect(res.status, res.body).toBe(201);
      return res.json.cases[0].id;
    },
  },
  'GET /api/v1/cases/{id}': {
    method: 'GET',
    path: '/api/v1/cases/{id}',
    object: (owner) => caseIn(owner, 'received'),
    check: (json, id) => expect(json).toMatchObject({ id, status: 'received' }),
  },
  'GET /api/v1/cases/counts': { method: 'GET', path: '/api/v1/cases/counts', check: (json) => expect(json.total).toBeGreaterThanOrEqual(0) },
  'GET /api/v1/cases/assignees': { method: 'GET', path: '/api/v1/cases/assignees', check: (json) => expect(Array.isArray(json.items)).toBe(true) },
  'PUT /api/v1/cases/{id}/assignee': {
    method: 'PUT',
    path: '/api/v1/cases/{id}/assignee',
    body: () => ({ person_id: null }),
    object: (owner) => caseIn(owner, 'received'),
    check: (json, id) => expect(json).toMatchObject({ case_id: id, assignee: null }),
  },
  'POST /api/v1/cases/{id}/actions start_review': action('start_review', 'received', 'in_review'),
  'POST /api/v1/cases/{id}/actions appeal': action('appeal', 'decided', 'appealed'),
  'POST /api/v1/cases/{id}/actions close': action('close', 'decided', 'closed'),
  'POST /api/v1/cases/{id}/actions reopen': action('reopen', 'closed', 'in_review'),
  'POST /api/v1/cases/{id}/decisions': {
    method: 'POST',
    path: '/api/v1/cases/{id}/decisions',
    body: () => sorInput(),
    object: (owner) => caseIn(owner, 'received'),
    check: (json, id) => expect(json).toMatchObject({ case_id: id, case_status: 'decided' }),
  },
  'POST /api/v1/cases/{id}/related/{related_id}': {
    method: 'POST',
    // The pair of the cell: `{id}` is its older case, the related one is read when the request is made.
    get path() {
      return `/api/v1/cases/{id}/related/${relatedOfCell}`;
    },
    body: () => ({ decision: 'duplicate' }),
    object: async (owner) => {
      const [older, newer] = await linkedPair(t, owner);
      relatedOfCell = newer;
      return older;
    },
    check: (json, id) => expect(json).toMatchObject({ case_id: id, merge: { from: relatedOfCell, into: id } }),
  },
  'POST /api/v1/cases/{id}/no-action': {
    method: 'POST',
    path: '/api/v1/cases/{id}/no-action',
    body: () => ({ decision_facts: 'Nội dung không vi phạm chính sách hay pháp luật.' }),
    object: (owner) => caseIn(owner, 'received'),
    check: (json, id) => expect(json).toMatchObject({ case_id: id, case_status: 'decided', outcome: 'no_action' }),
  },
  'POST /api/v1/cases/{id}/fact-checks': {
    method: 'POST',
    path: '/api/v1/cases/{id}/fact-checks',
    body: () => ({ verdict: 'false', explanation: 'Thông tin đã bị cơ quan chức năng bác bỏ.', sources: ['https://baochinhphu.vn/canh-bao.htm'] }),
    object: (owner) => caseIn(owner, 'received'),
    check: (json, id) => expect(json).toMatchObject({ case_id: id, verdict: 'false', public_record_id: expect.any(String) }),
  },
  'GET /api/v1/cases/{id}/fact-checks': {
    method: 'GET',
    path: '/api/v1/cases/{id}/fact-checks',
    object: (owner) => caseIn(owner, 'received'),
    check: (json) => expect(json.items).toEqual([]),
  },
  'GET /api/v1/public/fact-checks': { method: 'GET', path: '/api/v1/public/fact-checks', check: (json) => expect(json['@context']).toBe('https://schema.org') },
  'GET /api/v1/public/fact-checks/{id}': {
    method: 'GET',
    path: '/api/v1/public/fact-checks/{id}',
    object: async (owner) => {
      const res = await send('POST', `/api/v1/cases/${await caseIn(owner, 'received')}/fact-checks`, {
        org: owners.trusted_flagger,
        body: { verdict: 'misleading', explanation: 'Ảnh cũ được dùng lại.', sources: ['https://baochinhphu.vn/anh-cu.htm'] },
      });
      expect(res.status, res.body).toBe(201);
      return res.json.id;
    },
    check: (json, id) => expect(json).toMatchObject({ '@type': 'ClaimReview', identifier: id }),
  },
  'GET /api/v1/public/records': { method: 'GET', path: '/api/v1/public/records', check: (json) => expect(json.items.length).toBeGreaterThan(0) },
  'GET /api/v1/public/dumps': { method: 'GET', path: '/api/v1/public/dumps', check: (json) => expect(Array.isArray(json.items)).toBe(true) },
  'GET /api/v1/images/{sha256}': {
    method: 'GET',
    path: '/api/v1/images/{id}',
    object: async (owner) => {
      const png = await testImage('png', randomBytes(4).readUInt32BE(0));
      const res = await send('POST', '/api/v1/notices', { org: owner, body: noticeInput({ items: [{ url: freshUrl(), images: [{ data_url: dataUrl(png) }] }] }) });
      expect(res.status, res.body).toBe(201);
      return createHash('sha256').update(png).digest('hex');
    },
  },
  'GET /api/v1/hash-lists': {
    method: 'GET',
    path: '/api/v1/hash-lists',
    object: async (owner) => {
      // Every caller that may import has a list of its own, so an OUT is not an empty list.
      for (const org of [others.trusted_flagger, facebook, youtube]) await hashList(org);
      return hashList(listOwner(owner));
    },
  },
  'POST /api/v1/hash-lists': {
    method: 'POST',
    path: '/api/v1/hash-lists',
    body: () => ({ name: 'Danh sách', content: `${randomBytes(32).toString('hex')} POSITIVE_CLASS scam\n` }),
    check: (json) => expect(json).toMatchObject({ entry_count: 1 }),
  },
  'GET /api/v1/hash-lists/signals/export': { method: 'GET', path: '/api/v1/hash-lists/signals/export' },
  'GET /api/v1/hash-lists/{id}/export': {
    method: 'GET',
    path: '/api/v1/hash-lists/{id}/export',
    object: (owner) => hashList(listOwner(owner)),
    check: (body) => expect(String(body)).toMatch(/^[0-9a-f]{64} /),
  },
  'DELETE /api/v1/hash-lists/{id}': { method: 'DELETE', path: '/api/v1/hash-lists/{id}', object: (owner) => hashList(listOwner(owner)) },
  'GET /api/v1/admin/hash-lists': { method: 'GET', path: '/api/v1/admin/hash-lists' },
  'POST /api/v1/admin/hash-lists': { method: 'POST', path: '/api/v1/admin/hash-lists', body: () => ({ name: 'Danh sách', content: `${'ab'.repeat(32)}\n` }) },
  'GET /api/v1/admin/hash-lists/signals/export': { method: 'GET', path: '/api/v1/admin/hash-lists/signals/export' },
  'GET /api/v1/admin/hash-lists/{id}/export': { method: 'GET', path: '/api/v1/admin/hash-lists/{id}/export', object: (owner) => hashList(listOwner(owner)) },
  'DELETE /api/v1/admin/hash-lists/{id}': { method: 'DELETE', path: '/api/v1/admin/hash-lists/{id}', object: (owner) => hashList(listOwner(owner)) },
  'GET /api/v1/public/dumps/{id}/{format}': {
    method: 'GET',
    path: '/api/v1/public/dumps/{id}/csv',
    object: () => todaysDump(),
    check: (body) => expect(String(body)).toContain('log_index,record_id,record_type'),
  },
  'POST /api/v1/admin/dumps': { method: 'POST', path: '/api/v1/admin/dumps' },
  'GET /api/v1/public/records/{id}': {
    method: 'GET',
    path: '/api/v1/public/records/{id}',
    object: async (owner) => decide(await caseIn(owner, 'received')),
    check: (json, id) => expect(json).toMatchObject({ id, type: 'statement_of_reasons' }),
  },
  'POST /api/v1/public-records/{id}/corrections notice': {
    method: 'POST',
    path: '/api/v1/public-records/{id}/corrections',
    body: () => ({ changes: { category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH' }, reason: 'Chúng tôi đã chọn nhầm danh mục.' }),
    object: async (owner) => {
      const { noticeId, caseId } = await submitNotice(owner);
      const rows = await t.ctx.db.query<{ id: string }>('SELECT id FROM public_records WHERE source_id = $1', [noticeId]);
      return rows[0]?.id ?? decide(caseId);
    },
    check: (json, id) => expect(json).toMatchObject({ type: 'correction', category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', correction: { corrects_record_id: id } }),
  },
  'POST /api/v1/public-records/{id}/corrections decision': {
    method: 'POST',
    path: '/api/v1/public-records/{id}/corrections',
    body: () => ({ changes: { automated_detection: 'Yes' }, reason: 'The automated flag was inverted.' }),
    object: async (owner) => decide(await caseIn(owner, 'received')),
    check: (json, id) => expect(json).toMatchObject({ type: 'correction', automated_detection: 'Yes', correction: { corrects_record_id: id } }),
  },
  'GET /api/v1/public/records/{id}/history': {
    method: 'GET',
    path: '/api/v1/public/records/{id}/history',
    object: async (owner) => decide(await caseIn(owner, 'received')),
    check: (json, id) => expect(json).toMatchObject({ original_record_id: id, current_record_id: id, versions: [{ id }] }),
  },
  'GET /api/v1/public/stats': { method: 'GET', path: '/api/v1/public/stats', check: (json) => expect(json.platforms.length).toBeGreaterThan(0) },
  'GET /api/v1/public/stats/charts': { method: 'GET', path: '/api/v1/public/stats/charts', check: (json) => expect(json.months).toHaveLength(12) },
  'GET /api/v1/public/stats/requesters': {
    method: 'GET',
    path: '/api/v1/public/stats/requesters',
    check: (json) => expect(json.requesters.some((r: { kind: string }) => r.kind === 'public_reporter')).toBe(false),
  },
  'GET /api/v1/public/log': { method: 'GET', path: '/api/v1/public/log', check: (json) => expect(json).toMatchObject({ origin: expect.any(String), pending: expect.any(Number) }) },
  'GET /api/v1/public/records/{id}/proof': {
    method: 'GET',
    path: '/api/v1/public/records/{id}/proof',
    object: async (owner) => {
      const id = await decide(await caseIn(owner, 'received'));
      await t.integrate();
      return id;
    },
    check: (text) => expect(text).toContain('c2sp.org/tlog-proof'),
  },
  'POST /api/v1/match': {
    method: 'POST',
    path: '/api/v1/match',
    body: () => ({ text: 'Nhận quà miễn phí, đăng nhập tại đây để nhận thưởng' }),
    check: (json) => expect(json.matches).toEqual(expect.any(Array)),
  },
  'GET /log/checkpoint': { method: 'GET', path: '/log/checkpoint', check: (text) => expect(text).toContain('test.minhbach.localhost/log') },
  'GET /log/key': { method: 'GET', path: '/log/key', check: (text) => expect(text).toContain('test.minhbach.localhost/log') },
  'GET /log/tile/*': {
    method: 'GET',
    path: '/log/tile/{id}',
    // The level-0 tile of the log's first 256 entries, partial until it is full.
    object: async () => {
      await t.integrate();
      const size = Number((await send('GET', '/log/checkpoint')).body.split('\n')[1]);
      return size >= 256 ? '0/000' : `0/000.p/${size}`;
    },
  },
  'GET /log/consistency': { method: 'GET', path: '/log/consistency?old=1' },
  'POST /api/v1/admin/organizations': { method: 'POST', path: '/api/v1/admin/organizations', body: () => ({ kind: 'authority', name: 'Sở X' }) },
  'POST /api/v1/admin/organizations/{id}/disable': { method: 'POST', path: '/api/v1/admin/organizations/{id}/disable', object: async (owner) => owner.actor.orgId },
  'POST /api/v1/admin/organizations/{id}/keys': { method: 'POST', path: '/api/v1/admin/organizations/{id}/keys', body: () => ({}), object: async (owner) => owner.actor.orgId },
  'GET /api/v1/admin/organizations/{id}/keys': { method: 'GET', path: '/api/v1/admin/organizations/{id}/keys', object: async (owner) => owner.actor.orgId },
  'POST /api/v1/admin/keys/{id}/revocation': { method: 'POST', path: '/api/v1/admin/keys/{id}/revocation', object: async () => uuidv7() },
  'POST /api/v1/admin/organizations/{id}/notices/batch': {
    method: 'POST',
    path: '/api/v1/admin/organizations/{id}/notices/batch',
    body: () => ({ notices: [noticeInput()] }),
    object: async (owner) => owner.actor.orgId,
  },
  'POST /api/v1/admin/match': { method: 'POST', path: '/api/v1/admin/match', body: () => ({ text: 'Nhận quà miễn phí' }) },
  'POST /api/v1/admin/reindex': { method: 'POST', path: '/api/v1/admin/reindex' },
  'POST /api/v1/admin/demo': { method: 'POST', path: '/api/v1/admin/demo' },
  'GET /api/v1/admin/outbox': { method: 'GET', path: '/api/v1/admin/outbox' },
  'GET /api/v1/admin/jobs/parked': { method: 'GET', path: '/api/v1/admin/jobs/parked' },
  'POST /api/v1/admin/jobs/{id}/retry': { method: 'POST', path: `/api/v1/admin/jobs/${uuidv7()}/retry` },
  'POST /api/v1/admin/public-records/{id}/withdrawal': {
    method: 'POST',
    path: '/api/v1/admin/public-records/{id}/withdrawal',
    body: () => ({ reason: 'Published by mistake' }),
    object: async (owner) => decide(await caseIn(owner, 'received')),
  },
  'POST /api/v1/admin/public-records/{id}/corrections': {
    method: 'POST',
    path: '/api/v1/admin/public-records/{id}/corrections',
    body: () => ({ changes: { automated_detection: 'Yes' }, reason: 'The automated flag was inverted.' }),
    object: async (owner) => decide(await caseIn(owner, 'received')),
  },
  'POST /api/v1/admin/organizations/{id}/invitations': {
    method: 'POST',
    path: '/api/v1/admin/organizations/{id}/invitations',
    body: () => ({ email: 'first-admin@example.vn', role: 'admin' }),
    object: async (owner) => owner.actor.orgId,
  },
  'POST /api/v1/sessions': { method: 'POST', path: '/api/v1/sessions', body: () => ({ email: 'nobody@example.vn', password: 'not a password of anyone' }) },
  'GET /api/v1/session': { method: 'GET', path: '/api/v1/session' },
  'DELETE /api/v1/session': { method: 'DELETE', path: '/api/v1/session' },
  'POST /api/v1/session/revoke-all': { method: 'POST', path: '/api/v1/session/revoke-all' },
  'POST /api/v1/session/totp': { method: 'POST', path: '/api/v1/session/totp' },
  'POST /api/v1/session/totp/confirmation': { method: 'POST', path: '/api/v1/session/totp/confirmation', body: () => ({ code: '123456' }) },
  'GET /api/v1/session/sessions': { method: 'GET', path: '/api/v1/session/sessions' },
  'DELETE /api/v1/session/sessions/{id}': { method: 'DELETE', path: `/api/v1/session/sessions/${uuidv7()}` },
  'GET /api/v1/organization/keys': { method: 'GET', path: '/api/v1/organization/keys', object: async (owner) => owner.actor.keyId! },
  'POST /api/v1/organization/keys': {
    method: 'POST',
    path: '/api/v1/organization/keys',
    body: () => ({ name: 'Hệ thống tiếp nhận' }),
    check: (json) => expect(json.api_key).toMatch(/^mbk_/),
  },
  'POST /api/v1/organization/keys/{id}/revocation': {
    method: 'POST',
    path: '/api/v1/organization/keys/{id}/revocation',
    object: async (owner) => {
      const res = await send('POST', '/api/v1/organization/keys', { org: owner, body: { name: 'Sẽ thu hồi' } });
      expect(res.status, res.body).toBe(201);
      return res.json.id;
    },
    check: (json, id) => expect(json).toMatchObject({ id, revoked_at: expect.any(String) }),
  },
  'GET /api/v1/people': { method: 'GET', path: '/api/v1/people', object: async (owner) => (await makePerson(t, owner, 'viewer')).personId },
  'PATCH /api/v1/people/{id}': {
    method: 'PATCH',
    path: '/api/v1/people/{id}',
    body: () => ({ role: 'reviewer' }),
    object: async (owner) => (await makePerson(t, owner, 'viewer')).personId,
    check: (json, id) => expect(json).toMatchObject({ id, role: 'reviewer' }),
  },
  'POST /api/v1/invitations': {
    method: 'POST',
    path: '/api/v1/invitations',
    body: () => ({ email: `m-${randomBytes(4).toString('hex')}@example.vn`, role: 'reviewer' }),
    check: (json) => expect(json.accept_url).toContain('/invitations/mbi_'),
  },
  'GET /api/v1/invitations': { method: 'GET', path: '/api/v1/invitations', object: async (owner) => (await invitation(owner)).id },
  'GET /api/v1/invitations/{token}': {
    method: 'GET',
    path: '/api/v1/invitations/{id}',
    object: async (owner) => (await invitation(owner)).token,
    check: (json) => expect(json).toMatchObject({ role: 'viewer', expired: false, accepted: false }),
  },
  'POST /api/v1/invitations/{token}/acceptance': {
    method: 'POST',
    path: '/api/v1/invitations/{id}/acceptance',
    body: () => ({ display_name: 'Người mới', password: 'ba con mèo trèo cây cau 2026' }),
    object: async (owner) => (await invitation(owner)).token,
    check: (json) => expect(json).toMatchObject({ role: 'viewer', display_name: 'Người mới' }),
  },
  'GET /api/v1/audit': {
    method: 'GET',
    path: '/api/v1/audit?limit=200',
    object: async (owner) => {
      // The platforms act too, so their OUT is not an empty list: Facebook decides, YouTube starts a review.
      await caseIn(owners.authority, 'decided');
      const yt = await send('POST', '/api/v1/notices', { org: others.authority, body: noticeInput({ items: [{ url: freshUrl('youtube') }] }) });
      expect(yt.status, yt.body).toBe(201);
      const review = await send('POST', `/api/v1/cases/${yt.json.cases[0].id}/actions`, { org: youtube, body: { action: 'start_review' } });
      expect(review.status, review.body).toBe(200);
      return (await submitNotice(owner)).noticeId;
    },
  },
  'POST /api/v1/webhook-endpoints': {
    method: 'POST',
    path: '/api/v1/webhook-endpoints',
    body: () => ({ url: WEBHOOK_URL, event_types: ['case.updated'] }),
    check: (json) => expect(json.secret).toMatch(/^whsec_/),
  },
  'POST /api/v1/public/statements/{token}/appeals': {
    method: 'POST',
    path: '/api/v1/public/statements/{id}/appeals',
    body: () => ({ text: 'Bài viết của tôi không vi phạm', urls: ['https://nhandan.vn/bai-goc'] }),
    object: async (owner) => (await decisionOf(owner)).affected_user_statement.token,
    check: (json) => expect(json).toMatchObject({ status: 'open', outcome: null }),
  },
  'PUT /api/v1/appeals/{id}/reviewer': {
    method: 'PUT',
    path: '/api/v1/appeals/{id}/reviewer',
    body: () => ({ person_id: appealReviewer }),
    object: async (owner) => {
      appealReviewer ??= (await makePerson(t, facebook, 'reviewer')).personId;
      const res = await send('POST', `/api/v1/public/statements/${(await decisionOf(owner)).affected_user_statement.token}/appeals`, { body: { text: 'Vì' } });
      expect(res.status, res.body).toBe(201);
      return res.json.id;
    },
    check: (json, id) => expect(json).toMatchObject({ appeal_id: id, assignee: { id: appealReviewer } }),
  },
  'GET /api/v1/public/statements/{token}/counter-notice': {
    method: 'GET',
    path: '/api/v1/public/statements/{id}/counter-notice',
    object: async (owner) => (await copyrightDecisionOf(owner)).token,
    check: (json) => expect(json).toMatchObject({ allowed: true, counter_notice: null }),
  },
  'POST /api/v1/public/statements/{token}/counter-notices': {
    method: 'POST',
    path: '/api/v1/public/statements/{id}/counter-notices',
    body: () => COUNTER_NOTICE,
    object: async (owner) => (await copyrightDecisionOf(owner)).token,
    check: (json) => expect(json).toMatchObject({ status: 'forwarded', public_record_id: expect.any(String) }),
  },
  'GET /api/v1/cases/{id}/counter-notices': {
    method: 'GET',
    path: '/api/v1/cases/{id}/counter-notices',
    object: async (owner) => (await counterNoticeOf(owner)).caseId,
    check: (json) => expect(json.items).toHaveLength(1),
  },
  'POST /api/v1/counter-notices/{id}/court-filing': {
    method: 'POST',
    path: '/api/v1/counter-notices/{id}/court-filing',
    body: () => ({ reference: '12/2026/KDTM-ST', court: 'TAND TP. Hà Nội', filed_at: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) }),
    object: async (owner) => (await counterNoticeOf(owner)).id,
    check: (json, id) => expect(json).toMatchObject({ id, status: 'court_action' }),
  },
  'GET /api/v1/admin/sla-policies': { method: 'GET', path: '/api/v1/admin/sla-policies' },
  'GET /api/v1/admin/services': { method: 'GET', path: '/api/v1/admin/services' },
  'POST /api/v1/admin/services': { method: 'POST', path: '/api/v1/admin/services', body: () => ({ name: 'Báo', hosts: ['bao.example.vn'] }) },
  'PATCH /api/v1/admin/services/{slug}': { method: 'PATCH', path: '/api/v1/admin/services/zalo', body: () => ({ name: 'Zalo' }) },
  'GET /api/v1/public/services': {
    method: 'GET',
    path: '/api/v1/public/services',
    check: (json) => expect(json.services.find((s: { slug: string }) => s.slug === 'facebook').answered_by).toBe(facebook.actor.name),
  },
  'PUT /api/v1/admin/sla-policies': { method: 'PUT', path: '/api/v1/admin/sla-policies', body: () => ({ policies: [] }) },
  'GET /api/v1/public/sla-policies': { method: 'GET', path: '/api/v1/public/sla-policies', check: (json) => expect(json.policies.length).toBeGreaterThan(0) },
  'GET /api/v1/organization/contacts': { method: 'GET', path: '/api/v1/organization/contacts', check: (json) => expect(Array.isArray(json.contacts)).toBe(true) },
  'PUT /api/v1/organization/contacts': {
    method: 'PUT',
    path: '/api/v1/organization/contacts',
    body: () => ({ contacts: [{ email: 'truc-ban@example.vn', purpose: 'digest' }] }),
    check: (json) => expect(json.contacts).toEqual([{ email: 'truc-ban@example.vn', purpose: 'digest' }]),
  },
  'GET /api/v1/webhook-endpoints': {
    method: 'GET',
    path: '/api/v1/webhook-endpoints',
    object: async (owner) => {
      // Every caller has an endpoint of its own, so an OUT is not an empty list.
      for (const org of [...Object.values(others), facebook, youtube]) await webhookEndpoint(org);
      return webhookEndpoint(owner);
    },
  },
  'GET /api/v1/webhook-endpoints/{id}': {
    method: 'GET',
    path: '/api/v1/webhook-endpoints/{id}',
    object: webhookEndpoint,
    check: (json, id) => expect(json).toMatchObject({ id, url: WEBHOOK_URL }),
  },
  'DELETE /api/v1/webhook-endpoints/{id}': { method: 'DELETE', path: '/api/v1/webhook-endpoints/{id}', object: webhookEndpoint },
  'POST /api/v1/webhook-endpoints/{id}/secret-rotation': {
    method: 'POST',
    path: '/api/v1/webhook-endpoints/{id}/secret-rotation',
    body: () => ({ overlap_hours: 1 }),
    object: webhookEndpoint,
    check: (json) => expect(json.secret).toMatch(/^whsec_/),
  },
  'POST /api/v1/webhook-endpoints/{id}/enable': {
    method: 'POST',
    path: '/api/v1/webhook-endpoints/{id}/enable',
    object: webhookEndpoint,
    check: (json, id) => expect(json).toMatchObject({ id, disabled_at: null }),
  },
  'GET /api/v1/webhook-endpoints/{id}/deliveries': {
    method: 'GET',
    path: '/api/v1/webhook-endpoints/{id}/deliveries',
    object: webhookEndpoint,
    check: (json) => expect(json.items).toEqual([]),
  },
  'POST /api/v1/webhook-deliveries/{id}/replay': {
    method: 'POST',
    path: '/api/v1/webhook-deliveries/{id}/replay',
    object: webhookDelivery,
    check: (json, id) => expect(json).toMatchObject({ id, status: 'pending' }),
  },
  'GET /healthz': { method: 'GET', path: '/healthz', check: (json) => expect(json).toEqual({ status: 'ok' }) },
  'GET /readyz': { method: 'GET', path: '/readyz', check: (json) => expect(json).toEqual({ status: 'ready' }) },
  'GET /metrics': { method: 'GET', path: '/metrics' },
  'GET /*': { method: 'GET', path: '/records/any', check: (body) => expect(String(body)).toContain('<title>app</title>') },
  'GET /api/docs': { method: 'GET', path: '/api/docs', check: (body) => expect(String(body)).toContain('/api/docs/swagger-ui-bundle.js') },
  'GET /api/docs/overrides.css': { method: 'GET', path: '/api/docs/overrides.css', check: (body) => expect(String(body)).toContain('.swagger-ui') },
  'GET /api/docs/init.js': { method: 'GET', path: '/api/docs/init.js', check: (body) => expect(String(body)).toContain('/api/openapi.json') },
  'GET /api/docs/{file}': { method: 'GET', path: '/api/docs/swagger-ui.css', check: (body) => expect(String(body).length).toBeGreaterThan(1000) },
  'GET /api/openapi.json': { method: 'GET', path: '/api/openapi.json', check: (json) => expect(json.openapi).toBe('3.1.0') },
  'POST /api/v1/public/report-challenges': { method: 'POST', path: '/api/v1/public/report-challenges', check: (json) => expect(json.challenge).toMatch(/^v1\./) },
  'POST /api/v1/public/reports': {
    method: 'POST',
    path: '/api/v1/public/reports',
    object: async () => {
      solved = await solvedChallenge(t.app);
      return '';
    },
    body: () => ({ ...reportInput(), ...solved }),
    check: (json) => expect(json.tracking_code).toMatch(/^[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}$/),
  },
  'POST /api/v1/decisions/{id}/statement-links': {
    method: 'POST',
    path: '/api/v1/decisions/{id}/statement-links',
    body: () => ({}),
    object: async (owner) => (await decisionOf(owner)).id,
    check: (json, id) => expect(json).toMatchObject({ decision_id: id, revoked: 1, affected_user_statement: { token: expect.any(String) } }),
  },
  'POST /api/v1/decisions/{id}/statement-links/revocation': {
    method: 'POST',
    path: '/api/v1/decisions/{id}/statement-links/revocation',
    body: () => ({ reason: 'Gửi nhầm người' }),
    object: async (owner) => (await decisionOf(owner)).id,
    check: (json, id) => expect(json).toMatchObject({ decision_id: id, revoked: 1 }),
  },
  'GET /api/v1/public/statements/{token}': {
    method: 'GET',
    path: '/api/v1/public/statements/{id}',
    object: async (owner) => (await decisionOf(owner)).affected_user_statement.token,
    check: (json) => expect(json).toMatchObject({ outcome: 'restriction', appeals: [] }),
  },
  'GET /api/v1/public/reports/{code}': {
    method: 'GET',
    path: '/api/v1/public/reports/{id}',
    object: async () => {
      const res = await fileReport(t.app);
      expect(res.status, res.body).toBe(201);
      return res.json.tracking_code;
    },
    check: (json, id) => expect(json).toMatchObject({ tracking_code: id, items: [{ stage: 'received' }] }),
  },
  'POST /api/v1/public/report-match': {
    method: 'POST',
    path: '/api/v1/public/report-match',
    body: () => ({ url: freshUrl() }),
    check: (json) => expect(json).toEqual({ known: false, platform: 'facebook', published_decision: null }),
  },
  'GET /api/v1/public/transparency-reports': {
    method: 'GET',
    path: '/api/v1/public/transparency-reports',
    object: transparencyReport,
    check: (json, id) => expect(json.items.map((r: { id: string }) => r.id)).toContain(id),
  },
  'GET /api/v1/public/transparency-reports/{id}': {
    method: 'GET',
    path: '/api/v1/public/transparency-reports/{id}',
    object: transparencyReport,
    check: (json, id) => expect(json).toMatchObject({ id, kind: 'on_demand', schema_version: 1 }),
  },
  'GET /api/v1/public/transparency-reports/{id}/csv': {
    method: 'GET',
    path: '/api/v1/public/transparency-reports/{id}/csv',
    object: transparencyReport,
    check: (text) => expect(text).toContain('dimension,key,'),
  },
  'POST /api/v1/admin/transparency-reports': { method: 'POST', path: '/api/v1/admin/transparency-reports', body: () => ({ from: '2026-01-01', to: '2026-02-01' }) },
};

/** One on-demand transparency report, made by the operator the first time a cell needs it. */
let reportOfCells: string | null = null;
async function transparencyReport(): Promise<string> {
  if (reportOfCells) return reportOfCells;
  const res = await send('POST', '/api/v1/admin/transparency-reports', { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` }, body: { from: '2026-01-01', to: '2026-02-01' } });
  expect(res.status, res.body).toBe(201);
  return (reportOfCells = res.json.id as string);
}

const foreign = (role: Role) => role.startsWith('other ');

/** The submitter whose object the cell is about. */
function ownerOf(role: Role): TestOrg {
  const kind = role.replace(/^other /, '');
  return isSubmitterKind(kind as SubmitterKind) ? owners[kind as SubmitterKind] : owners.authority;
}

/** How the caller of a column identifies itself. */
function credentialsOf(role: Role): { org?: TestOrg; headers?: Record<string, string> } {
  switch (role) {
    case 'platform':
      return { org: facebook };
    case 'other platform':
      return { org: youtube };
    case 'no key':
      return {};
    case 'invalid key':
      // Well-formed, so it is looked up, but no organization has it.
      return { headers: { authorization: `Bearer mbk_${randomBytes(32).toString('base64url')}` } };
    default: {
      const kind = role.replace(/^other /, '') as SubmitterKind;
      return { org: (foreign(role) ? others : owners)[kind] };
    }
  }
}

function request(route: Route, role: Role, id: string | undefined) {
  return send(route.method, route.path.replace('{id}', id ?? ''), {
    ...credentialsOf(role),
    ...(route.body ? { body: route.body() } : {}),
  });
}

const OPERATOR_TOKEN = 'operator-token-for-the-access-matrix-0123456789';
const dumpsDir = mkdtempSync(path.join(tmpdir(), 'minhbach-matrix-dumps-'));
let dumpOfToday: Promise<string> | null = null;

/** The day's open data dump (made once, of what is logged by then): the object of the download row. */
function todaysDump(): Promise<string> {
  dumpOfToday ??= (async () => {
    await t.integrate();
    const outcome = await makeDailyDump(t.ctx, { dir: dumpsDir });
    if (!outcome.dump) throw new Error(`no dump: ${JSON.stringify(outcome)}`);
    return outcome.dump.id;
  })();
  return dumpOfToday;
}
const PROBLEM_CODE: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' };
const withoutInstance = ({ instance: _instance, ...rest }: Record<string, unknown>) => rest;

beforeAll(async () => {
  // Rate limits have their own tests (src/http/protection.test.ts); here hundreds of 401s would trip them.
  // A web app build of its own, so the app's row does not depend on whether web/dist was built.
  const webRoot = mkdtempSync(path.join(tmpdir(), 'minhbach-matrix-web-'));
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>app</title>');
  t = await openTestApp({
    operatorToken: OPERATOR_TOKEN,
    limits: false,
    webRoot,
    dumpsDir,
    imageStore: diskImageStore(mkdtempSync(path.join(tmpdir(), 'minhbach-matrix-images-'))),
  });
  for (const kind of SUBMITTER_KINDS) {
    owners[kind] = await makeOrg(t.ctx, kind, { name: `${kind} (owner)` });
    others[kind] = await makeOrg(t.ctx, kind, { name: `${kind} (other)` });
  }
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
  // The other organizations have notices and cases of their own, so an OUT is not an empty list.
  for (const kind of SUBMITTER_KINDS) await submitNotice(others[kind]);
  // …and people and invitations of their own, so an OUT in those lists is not an empty list either.
  for (const org of [...Object.values(others), facebook, youtube]) {
    await makePerson(t, org, 'viewer');
    await invitation(org);
  }
  const yt = await send('POST', '/api/v1/notices', { org: owners.authority, body: noticeInput({ items: [{ url: freshUrl('youtube') }] }) });
  expect(yt.status, yt.body).toBe(201);
});
afterAll(() => t.close());

const CELLS = (Object.entries(POLICY) as [RouteName, Row][]).flatMap(([route, row]) => ROLES.map((role, i) => ({ route, role, expected: row[i]! })));

describe('access matrix', () => {
  it('has a row for every route Fastify serves, and a cell for every role', () => {
    expect(Object.keys(ROUTES).sort()).toEqual(Object.keys(POLICY).sort());
    // From Fastify itself: a route added without a row here fails this test.
    const served = [...new Set(declaredRoutes(t.app).map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`))].sort();
    const rows = [...new Set(Object.keys(POLICY).map((name) => name.split(' ').slice(0, 2).join(' ')))].sort();
    expect(rows).toEqual(served);
    expect(CELLS).toHaveLength(Object.keys(POLICY).length * ROLES.length);
  });

  it.each(CELLS)('$route as $role → $expected', async ({ route, role, expected }) => {
    const spec = ROUTES[route];
    const id = spec.object ? await spec.object(ownerOf(role)) : undefined;
    const res = await request(spec, role, id);
    expect(res.status, res.body).not.toBe(500);
    const status = expected === IN || expected === OUT ? 200 : expected;
    expect(res.status, res.body).toBe(status);

    if (expected === IN || expected === OUT) {
      const ids = (res.json.items as { id: string }[]).map((i) => i.id);
      expect(ids.length, 'the caller has objects of its own').toBeGreaterThan(0);
      expect(ids.includes(id!)).toBe(expected === IN);
    } else if (status < 300) {
      spec.check?.(res.json ?? res.body, id);
    } else {
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json).toMatchObject({ status, code: PROBLEM_CODE[status], instance: spec.path.replace('{id}', id ?? '').split('?')[0] });
    }

    // Someone else's object and an object that does not exist look exactly alike.
    if (status === 404 && spec.path.includes('{id}')) {
      for (const missing of [uuidv7(), 'not-a-uuid']) {
        const probe = await request(spec, role, missing);
        expect(probe.status, probe.body).toBe(404);
        expect(probe.headers['content-type']).toBe(res.headers['content-type']);
        expect(withoutInstance(probe.json)).toEqual(withoutInstance(res.json));
      }
    }
  });

  it('never answered 500, setup requests included', () => {
    expect(statuses.length).toBeGreaterThan(CELLS.length);
    expect(statuses.filter((s) => s.status >= 500).map((s) => s.what)).toEqual([]);
  });

  // Without a valid key, even a malformed request learns nothing about the API beyond 401.
  it.each([
    ['POST', '/api/v1/notices', {}],
    ['POST', '/api/v1/notices/batch', { notices: [] }],
    ['GET', '/api/v1/cases?status=lost', undefined],
    ['GET', '/api/v1/notices?limit=0', undefined],
    ['POST', '/api/v1/cases/00000000-0000-7000-8000-000000000000/actions', { action: 'explode' }],
    ['POST', '/api/v1/cases/00000000-0000-7000-8000-000000000000/decisions', { nope: 1 }],
    ['POST', '/api/v1/cases/00000000-0000-7000-8000-000000000000/no-action', {}],
  ] as const)('%s %s with no key and a malformed request → 401', async (method, url, body) => {
    const res = await send(method, url, body === undefined ? {} : { body });
    expect(res.status).toBe(401);
  });
});
