import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE } from '../../../src/core/glossary.ts';
import { PERSON_ROLES, type PersonRole } from '../../../src/core/organization.ts';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { formatDateTime } from '../format.ts';
import { QueryState } from '../query-state.tsx';
import { settingsApi, type Person } from '../settings.api.ts';
import { describedBy, FieldError, fieldClass, problemsFrom, Said, SecretOnce, SelectField, useWord } from './settings-ui.tsx';

interface Invited {
  email: string;
  role: PersonRole;
  accept_url: string;
}

/**
 * People and roles (admins): who is in the organization with which role, invitations (the link
 * shown once), changing a role, disabling and enabling. The server keeps one active admin at least.
 */
export function PeopleSection({ me }: { me: Person }) {
  const { t, i18n } = useTranslation();
  const word = useWord();
  const queries = useQueryClient();
  const people = useQuery({ queryKey: ['settings', 'people'], queryFn: settingsApi.people });
  const invitations = useQuery({ queryKey: ['settings', 'invitations'], queryFn: settingsApi.invitations });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [said, setSaid] = useState('');
  const [invited, setInvited] = useState<Invited | null>(null);
  const [inviteRole, setInviteRole] = useState<PersonRole>('viewer');
  const [busy, setBusy] = useState(false);
  const roles = PERSON_ROLES.map((r) => ({ value: r, label: word(ROLE[r]) }));
  const known = { last_admin: t('settings.people.lastAdmin') };

  async function invite(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const email = String(new FormData(form).get('email') ?? '').trim();
    setSaid('');
    if (!email) {
      setProblems([{ field: 'invite-email', message: t('settings.people.emailMissing') }]);
      return;
    }
    setBusy(true);
    try {
      const created = await settingsApi.invite({ email, role: inviteRole });
      setProblems([]);
      setInvited(created);
      form.reset();
      setInviteRole('viewer');
      await queries.invalidateQueries({ queryKey: ['settings', 'invitations'] });
    } catch (err) {
      setProblems(
        problemsFrom(err, 'invite-email', {
          error: t('settings.error'),
          fieldId: (f) =>
            f === 'email' ? { id: 'invite-email', label: t('settings.people.inviteEmail') } : f === 'role' ? { id: 'invite-role', label: t('settings.people.inviteRole') } : null,
        }),
      );
    } finally {
      setBusy(false);
    }
  }

  async function change(p: Person, what: { role?: PersonRole; disabled?: boolean }, field: string) {
    setSaid('');
    setBusy(true);
    try {
      const after = await settingsApi.changePerson(p.id, what);
      setProblems([]);
      setSaid(
        what.role
          ? t('settings.people.roleChanged', { name: after.display_name, role: word(ROLE[after.role]) })
          : t(after.disabled_at ? 'settings.people.disabledDone' : 'settings.people.enabledDone', { name: after.display_name }),
      );
      await queries.invalidateQueries({ queryKey: ['settings', 'people'] });
    } catch (err) {
      setProblems(problemsFrom(err, field, { error: t('settings.error'), known }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h2>{t('settings.people.title')}</h2>
      <ErrorSummary problems={problems} />
      <Said>{said}</Said>
      <h3>{t('settings.people.list')}</h3>
      <QueryState query={people}>
        {(list) => (
          <ul className="cards">
            {list.items.map((p) => (
              <PersonCard key={p.id} person={p} self={p.id === me.id} problems={problems} busy={busy} roles={roles} onChange={(what, field) => void change(p, what, field)} />
            ))}
          </ul>
        )}
      </QueryState>

      <h3>{t('settings.people.invite')}</h3>
      {invited ? (
        <SecretOnce
          id="invite-link"
          title={t('settings.people.invited', { email: invited.email, role: word(ROLE[invited.role]) })}
          label={t('settings.people.inviteLink')}
          hint={t('settings.people.inviteLinkHint')}
          value={invited.accept_url}
          onDone={() => setInvited(null)}
        />
      ) : null}
      <p className="hint" id="invite-hint">
        {t('settings.people.inviteHint')}
      </p>
      <form className="stack" onSubmit={(e) => void invite(e)} noValidate aria-describedby="invite-hint">
        <div className={fieldClass('invite-email', problems)}>
          <label htmlFor="invite-email">{t('settings.people.inviteEmail')}</label>
          <FieldError id="invite-email" problems={problems} />
          <input id="invite-email" name="email" type="email" autoComplete="off" spellCheck={false} {...describedBy('invite-email', problems)} />
        </div>
        <SelectField
          id="invite-role"
          label={t('settings.people.inviteRole')}
          value={inviteRole}
          options={roles}
          problems={problems}
          onChange={(v) => setInviteRole(v as PersonRole)}
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('settings.people.inviteSubmit')}
          </button>
        </div>
      </form>

      <h3>{t('settings.people.open')}</h3>
      <QueryState query={invitations}>
        {(list) =>
          list.items.length === 0 ? (
            <p>{t('settings.people.none')}</p>
          ) : (
            <ul className="cards">
              {list.items.map((inv) => (
                <li key={inv.id} className="card">
                  <p className="card-title">{inv.email}</p>
                  <dl className="facts">
                    <div>
                      <dt>{t('settings.people.role')}</dt>
                      <dd>{word(ROLE[inv.role])}</dd>
                    </div>
                    <div>
                      <dt>{t('settings.people.expires')}</dt>
                      <dd>{formatDateTime(inv.expires_at, i18n.language)}</dd>
                    </div>
                  </dl>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </>
  );
}

function PersonCard({
  person: p,
  self,
  problems,
  busy,
  roles,
  onChange,
}: {
  person: Person;
  self: boolean;
  problems: readonly FieldProblem[];
  busy: boolean;
  roles: { value: string; label: string }[];
  onChange: (what: { role?: PersonRole; disabled?: boolean }, field: string) => void;
}) {
  const { t } = useTranslation();
  const word = useWord();
  const [role, setRole] = useState<PersonRole>(p.role);
  const roleId = `role-${p.id}`;
  const toggleId = `access-${p.id}`;
  return (
    <li className="card">
      <h4 className="card-title">
        {p.display_name}
        {self ? ` (${t('settings.people.you')})` : null}
      </h4>
      <dl className="facts">
        <div>
          <dt>{t('settings.people.email')}</dt>
          <dd>{p.email}</dd>
        </div>
        <div>
          <dt>{t('settings.people.role')}</dt>
          <dd>{word(ROLE[p.role])}</dd>
        </div>
        <div>
          <dt>{t('settings.people.status')}</dt>
          <dd>{p.disabled_at ? t('settings.people.disabled') : t('settings.people.active')}</dd>
        </div>
        <div>
          <dt>{t('settings.people.totp')}</dt>
          <dd>{p.totp_enabled ? t('settings.people.totpOn') : t('settings.people.totpOff')}</dd>
        </div>
      </dl>
      {/* Not on one's own card: an admin who demotes or disables themselves locks themselves out. */}
      {self ? null : (
        <div className="row-actions">
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              onChange({ role }, roleId);
            }}
          >
            <SelectField
              id={roleId}
              label={t('settings.people.roleOf', { name: p.display_name })}
              value={role}
              options={roles}
              problems={problems}
              onChange={(v) => setRole(v as PersonRole)}
            />
            <button type="submit" className="secondary" disabled={busy || role === p.role}>
              {t('settings.people.changeRole')}
            </button>
          </form>
          <div>
            <FieldError id={toggleId} problems={problems} />
            <button id={toggleId} type="button" className="secondary" disabled={busy} onClick={() => onChange({ disabled: !p.disabled_at }, toggleId)}>
              {p.disabled_at ? t('settings.people.enable') : t('settings.people.disable')}
              <span className="visually-hidden"> {p.display_name}</span>
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
