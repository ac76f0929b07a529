import { get, send, type Of } from './http.ts';
import type { CreatedOwnKey, OwnKey, OwnKeyInput, OwnKeyList } from '../../src/http/routes/api-key.schemas.ts';
import type { Contacts, ContactsInput } from '../../src/http/routes/contact.schemas.ts';
import type { CreatedInvitation, InvitationInput, InvitationList, PeopleList, PersonChange, PersonView } from '../../src/http/routes/person.schemas.ts';
import type { SlaPolicies } from '../../src/http/routes/sla.schemas.ts';
import type { CreatedEndpoint, DeliveryList, DeliveryView, EndpointInput, EndpointList, EndpointView, RotationResult } from '../../src/http/routes/webhook.schemas.ts';

/**
 * The organization settings' calls (people, API keys, webhooks, e-mail contacts, deadlines), typed
 * by the server's own schemas (imported as types only). The signed-in session's cookie and CSRF
 * token go with every call (http.ts).
 */
export type Person = Of<typeof PersonView>;
export type Invitation = Of<typeof InvitationList>['items'][number];
export type Key = Of<typeof OwnKey>;
export type NewKey = Of<typeof CreatedOwnKey>;
export type Endpoint = Of<typeof EndpointView>;
export type NewEndpoint = Of<typeof CreatedEndpoint>;
export type Delivery = Of<typeof DeliveryView>;
export type ContactList = Of<typeof Contacts>;
export type Sla = Of<typeof SlaPolicies>;

const id = (s: string) => encodeURIComponent(s);

export const settingsApi = {
  people: () => get<Of<typeof PeopleList>>('/api/v1/people'),
  changePerson: (personId: string, change: Of<typeof PersonChange>) => send<Person>('PATCH', `/api/v1/people/${id(personId)}`, change),
  invitations: () => get<Of<typeof InvitationList>>('/api/v1/invitations'),
  invite: (input: Of<typeof InvitationInput>) => send<Of<typeof CreatedInvitation>>('POST', '/api/v1/invitations', input),

  keys: () => get<Of<typeof OwnKeyList>>('/api/v1/organization/keys'),
  createKey: (input: Of<typeof OwnKeyInput>) => send<NewKey>('POST', '/api/v1/organization/keys', input),
  revokeKey: (keyId: string) => send<Key>('POST', `/api/v1/organization/keys/${id(keyId)}/revocation`),

  endpoints: () => get<Of<typeof EndpointList>>('/api/v1/webhook-endpoints'),
  createEndpoint: (input: Of<typeof EndpointInput>) => send<NewEndpoint>('POST', '/api/v1/webhook-endpoints', input),
  deleteEndpoint: (endpointId: string) => send<unknown>('DELETE', `/api/v1/webhook-endpoints/${id(endpointId)}`),
  rotateSecret: (endpointId: string) => send<Of<typeof RotationResult>>('POST', `/api/v1/webhook-endpoints/${id(endpointId)}/secret-rotation`, {}),
  enableEndpoint: (endpointId: string) => send<Endpoint>('POST', `/api/v1/webhook-endpoints/${id(endpointId)}/enable`),
  deliveries: (endpointId: string, cursor?: string) => get<Of<typeof DeliveryList>>(`/api/v1/webhook-endpoints/${id(endpointId)}/deliveries`, { cursor, limit: 20 }),
  replay: (deliveryId: string) => send<Delivery>('POST', `/api/v1/webhook-deliveries/${id(deliveryId)}/replay`),

  contacts: () => get<ContactList>('/api/v1/organization/contacts'),
  setContacts: (input: Of<typeof ContactsInput>) => send<ContactList>('PUT', '/api/v1/organization/contacts', input),

  /** The deadlines in force: public, the same for every organization. */
  sla: () => get<Sla>('/api/v1/public/sla-policies'),
};
