import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { formatDateTime } from '../format.ts';
import { QueryState } from '../query-state.tsx';
import { settingsApi, type Key, type NewKey } from '../settings.api.ts';
import { Confirm, describedBy, FieldError, fieldClass, problemsFrom, Said, SecretOnce } from './settings-ui.tsx';

/**
 * API keys (admins): the organization's keys (never the key itself), a new one shown once with a
 * copy button, and revoking one after a confirmation, since every system using it stops at once.
 */
export function KeysSection() {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const keys = useQuery({ queryKey: ['settings', 'keys'], queryFn: settingsApi.keys });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [said, setSaid] = useState('');
  const [created, setCreated] = useState<NewKey | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameOf = (k: Pick<Key, 'name'>) => k.name ?? t('settings.keys.unnamed');

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const name = String(new FormData(form).get('name') ?? '').trim();
    setSaid('');
    if (!name) {
      setProblems([{ field: 'key-name', message: t('settings.keys.nameMissing') }]);
      return;
    }
    setBusy(true);
    try {
      const key = await settingsApi.createKey({ name });
      setProblems([]);
      setCreated(key);
      form.reset();
      await queries.invalidateQueries({ queryKey: ['settings', 'keys'] });
    } catch (err) {
      setProblems(problemsFrom(err, 'key-name', { error: t('settings.error'), fieldId: (f) => (f === 'name' ? { id: 'key-name', label: t('settings.keys.name') } : null) }));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(k: Key) {
    setBusy(true);
    try {
      await settingsApi.revokeKey(k.id);
      setProblems([]);
      setConfirming(null);
      setSaid(t('settings.keys.revokedDone', { name: nameOf(k) }));
      await queries.invalidateQueries({ queryKey: ['settings', 'keys'] });
    } catch (err) {
      setConfirming(null);
      setProblems(problemsFrom(err, `revoke-${k.id}`, { error: t('settings.error') }));
    } finally {
      setBusy(false);
    }
  }

  function cancel(k: Key) {
    setConfirming(null);
    // Back to the button that opened the question.
    requestAnimationFrame(() => document.getElementById(`revoke-${k.id}`)?.focus());
  }

  return (
    <>
      <h2>{t('settings.keys.title')}</h2>
      <p className="lead">{t('settings.keys.intro')}</p>
      <ErrorSummary problems={problems} />
      <Said>{said}</Said>
      {created ? (
        <SecretOnce
          id="new-key"
          title={t('settings.keys.createdTitle', { name: nameOf(created) })}
          label={t('settings.keys.secret')}
          value={created.api_key}
          onDone={() => setCreated(null)}
        />
      ) : null}

      <h3>{t('settings.keys.list')}</h3>
      <QueryState query={keys}>
        {(list) =>
          list.items.length === 0 ? (
            <p>{t('settings.keys.none')}</p>
          ) : (
            <ul className="cards">
              {list.items.map((k) => (
                <li key={k.id} className={k.revoked_at ? 'card revoked' : 'card'}>
                  <h4 className="card-title">{nameOf(k)}</h4>
                  <dl className="facts">
                    <div>
                      <dt>{t('settings.keys.prefix')}</dt>
                      <dd>
                        <code>{k.prefix}…</code>
                      </dd>
                    </div>
                    <div>
                      <dt>{t('settings.created')}</dt>
                      <dd>{formatDateTime(k.created_at, i18n.language)}</dd>
                    </div>
                    <div>
                      <dt>{t('settings.keys.lastUsed')}</dt>
                      <dd>{k.last_used_at ? formatDateTime(k.last_used_at, i18n.language) : t('settings.keys.never')}</dd>
                    </div>
                    <div>
                      <dt>{t('settings.keys.status')}</dt>
                      <dd>{k.revoked_at ? t('settings.keys.revoked', { at: formatDateTime(k.revoked_at, i18n.language) }) : t('settings.keys.active')}</dd>
                    </div>
                  </dl>
                  {k.revoked_at ? null : confirming === k.id ? (
                    <Confirm
                      question={t('settings.keys.revokeConfirm', { name: nameOf(k) })}
                      yes={t('settings.keys.revokeYes')}
                      busy={busy}
                      onYes={() => void revoke(k)}
                      onCancel={() => cancel(k)}
                    />
                  ) : (
                    <div className="row-actions">
                      <FieldError id={`revoke-${k.id}`} problems={problems} />
                      <button id={`revoke-${k.id}`} type="button" className="secondary" onClick={() => setConfirming(k.id)}>
                        {t('settings.keys.revoke')}
                        <span className="visually-hidden"> {nameOf(k)}</span>
                      </button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>

      <h3>{t('settings.keys.create')}</h3>
      <form className="stack" onSubmit={(e) => void create(e)} noValidate>
        <div className={fieldClass('key-name', problems)}>
          <label htmlFor="key-name">{t('settings.keys.name')}</label>
          <span className="hint" id="key-name-hint">
            {t('settings.keys.nameHint')}
          </span>
          <FieldError id="key-name" problems={problems} />
          <input id="key-name" name="name" maxLength={100} autoComplete="off" {...describedBy('key-name', problems, true)} />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('settings.keys.create')}
          </button>
        </div>
      </form>
    </>
  );
}
