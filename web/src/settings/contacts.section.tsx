import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EMAIL_PURPOSES, type EmailPurpose } from '../../../src/core/email/templates.ts';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { QueryState } from '../query-state.tsx';
import { settingsApi, type ContactList } from '../settings.api.ts';
import { describedBy, FieldError, fieldClass, problemsFrom, Said, SelectField } from './settings-ui.tsx';

type Contact = ContactList['contacts'][number];

/** Where the organization's e-mail goes, by purpose: read by anyone of it, replaced by an admin. */
export function ContactsSection({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const contacts = useQuery({ queryKey: ['settings', 'contacts'], queryFn: settingsApi.contacts });
  return (
    <>
      <h2>{t('settings.contacts.title')}</h2>
      <p className="lead">{t('settings.contacts.intro')}</p>
      <QueryState query={contacts}>{(list) => (canEdit ? <ContactsEditor initial={list.contacts} /> : <ContactsView contacts={list.contacts} />)}</QueryState>
    </>
  );
}

function ContactsView({ contacts }: { contacts: readonly Contact[] }) {
  const { t } = useTranslation();
  if (contacts.length === 0) return <p>{t('settings.contacts.none')}</p>;
  return (
    <ul className="cards">
      {contacts.map((c) => (
        <li key={`${c.purpose} ${c.email}`} className="card">
          <p className="card-title">{c.email}</p>
          <p className="meta">{t(`settings.contacts.purposes.${c.purpose}`)}</p>
        </li>
      ))}
    </ul>
  );
}

// Rows keep a key of their own: an index would move focus and errors to the wrong row when one is removed.
interface Row extends Contact {
  key: number;
}
let nextKey = 1;

function ContactsEditor({ initial }: { initial: readonly Contact[] }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() => initial.map((c) => ({ ...c, key: nextKey++ })));
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [said, setSaid] = useState('');
  const [busy, setBusy] = useState(false);
  const purposes = EMAIL_PURPOSES.map((p) => ({ value: p, label: t(`settings.contacts.purposes.${p}`) }));
  const emailId = (i: number) => `contact-${i}-email`;
  const purposeId = (i: number) => `contact-${i}-purpose`;
  const set = (i: number, change: Partial<Contact>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaid('');
    const missing = rows.flatMap((r, i) => (r.email.trim() ? [] : [{ field: emailId(i), message: t('settings.contacts.emailMissing', { n: i + 1 }) }]));
    setProblems(missing);
    if (missing.length > 0) return;
    setBusy(true);
    try {
      const out = await settingsApi.setContacts({ contacts: rows.map((r) => ({ email: r.email.trim(), purpose: r.purpose })) });
      setRows(out.contacts.map((c) => ({ ...c, key: nextKey++ })));
      setSaid(t('settings.saved'));
      queries.setQueryData(['settings', 'contacts'], out);
    } catch (err) {
      setProblems(
        problemsFrom(err, rows.length > 0 ? emailId(0) : 'contact-add', {
          error: t('settings.error'),
          fieldId: (f) => {
            const m = /^contacts\[(\d+)\](?:\.(email|purpose))?$/.exec(f);
            if (!m) return null;
            const i = Number(m[1]);
            return m[2] === 'purpose'
              ? { id: purposeId(i), label: t('settings.contacts.purposeN', { n: i + 1 }) }
              : { id: emailId(i), label: t('settings.contacts.emailN', { n: i + 1 }) };
          },
        }),
      );
    } finally {
      setBusy(false);
    }
  }

  function add() {
    setRows([...rows, { email: '', purpose: 'requests', key: nextKey++ }]);
    const i = rows.length;
    requestAnimationFrame(() => document.getElementById(emailId(i))?.focus());
  }

  return (
    <>
      <ErrorSummary problems={problems} />
      <Said>{said}</Said>
      <form className="stack wide" onSubmit={(e) => void save(e)} noValidate>
        {rows.length === 0 ? <p>{t('settings.contacts.none')}</p> : null}
        <ol className="cards">
          {rows.map((r, i) => (
            <li key={r.key} className="card contact-row">
              <div className={fieldClass(emailId(i), problems)}>
                <label htmlFor={emailId(i)}>{t('settings.contacts.emailN', { n: i + 1 })}</label>
                <FieldError id={emailId(i)} problems={problems} />
                <input
                  id={emailId(i)}
                  type="email"
                  autoComplete="off"
                  spellCheck={false}
                  value={r.email}
                  onChange={(e) => set(i, { email: e.target.value })}
                  {...describedBy(emailId(i), problems)}
                />
              </div>
              <SelectField
                id={purposeId(i)}
                label={t('settings.contacts.purposeN', { n: i + 1 })}
                value={r.purpose}
                options={purposes}
                problems={problems}
                onChange={(v) => set(i, { purpose: v as EmailPurpose })}
              />
              <div className="row-actions">
                <button type="button" className="secondary" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                  {t('settings.contacts.remove', { n: i + 1 })}
                </button>
              </div>
            </li>
          ))}
        </ol>
        <div className="actions">
          <button id="contact-add" type="button" className="secondary" onClick={add}>
            {t('settings.contacts.add')}
          </button>
          <button type="submit" disabled={busy}>
            {t('settings.contacts.save')}
          </button>
        </div>
      </form>
    </>
  );
}
