import { Type } from '@sinclair/typebox';
import { EMAIL_PURPOSES } from '../../core/email/templates.ts';
import { MAX_CONTACTS } from '../../services/contact.service.ts';
import { StringEnum } from '../schema.ts';

const Contact = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    purpose: StringEnum(EMAIL_PURPOSES, {
      description:
        'requests: new cases and authority requests (platforms); escalation: cases due soon or overdue; decisions: decisions on cases the organization filed notices on; admin: webhooks disabled and other administration; digest: a daily summary',
    }),
  },
  { additionalProperties: false },
);

export const ContactsInput = Type.Object({ contacts: Type.Array(Contact, { maxItems: MAX_CONTACTS }) }, { additionalProperties: false });
export const Contacts = Type.Object({ contacts: Type.Array(Contact) });
