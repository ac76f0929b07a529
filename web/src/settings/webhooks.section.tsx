import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EVENT_TYPES } from '../../../src/core/events.ts';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { formatDateTime } from '../format.ts';
import { QueryState } from '../query-state.tsx';
import { settingsApi, type Delivery, type Endpoint } from '../settings.api.ts';
import { Confirm, describedBy, FieldError, fieldClass, problemsFrom, Said, SecretOnce } from './settings-ui.tsx';

/** An event type's id as an element id: dots are valid in ids, but awkward in a URL fragment. */
const eventId = (type: string) => `event-${type.replace(/\./g, '-')}`;

/** An event type in words; one this page has no words for yet is shown by its name. */
function useEventLabel(): (type: string) => string {
  const { t } = useTranslation();
  return (type) => t(`settings.webhooks.eventTypes.${type}`, { defaultValue: type });
}

/**
 * Webhook endpoints: what the organization receives where, each endpoint's delivery log with
 * replay, and (admins) adding one (its signing secret shown once), rotating the secret, enabling a
 * disabled one and deleting one. Deliveries leave through the worker, never from this page.
 */
export function WebhooksSection({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const eventLabel = useEventLabel();
  const queries = useQueryClient();
  const endpoints = useQuery({ queryKey: ['settings', 'endpoints'], queryFn: settingsApi.endpoints });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [said, setSaid] = useState('');
  const [secret, setSecret] = useState<{ title: string; hint: string; value: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const url = String(data.get('url') ?? '').trim();
    const types = data.getAll('event_types').map(String);
    setSaid('');
    const missing: FieldProblem[] = [];
    if (!url) missing.push({ field: 'webhook-url', message: t('settings.webhooks.urlMissing') });
    if (types.length === 0) missing.push({ field: eventId(EVENT_TYPES[0]), message: t('settings.webhooks.eventsMissing') });
    setProblems(missing);
    if (missing.length > 0) return;
    setBusy(true);
    try {
      const created = await settingsApi.createEndpoint({ url, event_types: types as (typeof EVENT_TYPES)[number][] });
      setSecret({ title: t('settings.webhooks.createdTitle'), hint: t('settings.webhooks.secretHint'), value: created.secret });
      form.reset();
      await queries.invalidateQueries({ queryKey: ['settings', 'endpoints'] });
    } catch (err) {
      setProblems(
        problemsFrom(err, 'webhook-url', {
          error: t('settings.error'),
          fieldId: (f) =>
            f === 'url'
              ? { id: 'webhook-url', label: t('settings.webhooks.url') }
              : f.startsWith('event_types')
                ? { id: eventId(EVENT_TYPES[0]), label: t('settings.webhooks.events') }
                : null,
        }),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h2>{t('settings.webhooks.title')}</h2>
      <p className="lead">{t('settings.webhooks.intro')}</p>
      <ErrorSummary problems={problems} />
      <Said>{said}</Said>
      {secret ? (
        <SecretOnce id="webhook-secret" title={secret.title} label={t('settings.webhooks.secret')} hint={secret.hint} value={secret.value} onDone={() => setSecret(null)} />
      ) : null}

      <h3>{t('settings.webhooks.list')}</h3>
      <QueryState query={endpoints}>
        {(list) =>
          list.items.length === 0 ? (
            <p>{t('settings.webhooks.none')}</p>
          ) : (
            <ul className="cards">
              {list.items.map((e) => (
                <EndpointCard
                  key={e.id}
                  endpoint={e}
                  canEdit={canEdit}
                  problems={problems}
                  setProblems={setProblems}
                  setSaid={setSaid}
                  onSecret={(value, hint) => setSecret({ title: t('settings.webhooks.rotatedTitle'), hint, value })}
                />
              ))}
            </ul>
          )
        }
      </QueryState>

      {canEdit ? (
        <>
          <h3>{t('settings.webhooks.add')}</h3>
          <form className="stack" onSubmit={(e) => void add(e)} noValidate>
            <div className={fieldClass('webhook-url', problems)}>
              <label htmlFor="webhook-url">{t('settings.webhooks.url')}</label>
              <span className="hint" id="webhook-url-hint">
                {t('settings.webhooks.urlHint')}
              </span>
              <FieldError id="webhook-url" problems={problems} />
              <input id="webhook-url" name="url" type="url" inputMode="url" autoComplete="off" spellCheck={false} {...describedBy('webhook-url', problems, true)} />
            </div>
            <fieldset className={fieldClass(eventId(EVENT_TYPES[0]), problems)}>
              <legend>{t('settings.webhooks.events')}</legend>
              <FieldError id={eventId(EVENT_TYPES[0])} problems={problems} />
              <ul className="checkboxes">
                {EVENT_TYPES.map((type) => (
                  <li key={type}>
                    <input type="checkbox" id={eventId(type)} name="event_types" value={type} {...(type === EVENT_TYPES[0] ? describedBy(eventId(type), problems) : {})} />
                    <label htmlFor={eventId(type)}>
                      {eventLabel(type) === type ? null : `${eventLabel(type)} `}
                      <code>{type}</code>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <div className="actions">
              <button type="submit" disabled={busy}>
                {t('settings.webhooks.add')}
              </button>
            </div>
          </form>
        </>
      ) : null}
    </>
  );
}

function EndpointCard({
  endpoint: e,
  canEdit,
  problems,
  setProblems,
  setSaid,
  onSecret,
}: {
  endpoint: Endpoint;
  canEdit: boolean;
  problems: readonly FieldProblem[];
  setProblems: (p: FieldProblem[]) => void;
  setSaid: (s: string) => void;
  onSecret: (secret: string, hint: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const eventLabel = useEventLabel();
  const queries = useQueryClient();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const at = (iso: string | null) => formatDateTime(iso, i18n.language);
  const status = e.disabled_at
    ? t('settings.webhooks.disabled', { at: at(e.disabled_at), reason: e.disabled_reason ?? '' })
    : e.failing_since
      ? t('settings.webhooks.failing', { at: at(e.failing_since) })
      : t('settings.webhooks.active');

  async function act(what: 'rotate' | 'enable' | 'delete', field: string) {
    setBusy(true);
    setSaid('');
    try {
      if (what === 'rotate') {
        const r = await settingsApi.rotateSecret(e.id);
        onSecret(r.secret, t('settings.webhooks.rotatedHint', { at: at(r.previous_expires_at) }));
      } else if (what === 'enable') {
        await settingsApi.enableEndpoint(e.id);
        setSaid(t('settings.webhooks.enabledDone'));
      } else {
        await settingsApi.deleteEndpoint(e.id);
        setSaid(t('settings.webhooks.deletedDone'));
      }
      setProblems([]);
      await queries.invalidateQueries({ queryKey: ['settings', 'endpoints'] });
    } catch (err) {
      setProblems(problemsFrom(err, field, { error: t('settings.error') }));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  const logId = `log-${e.id}`;
  return (
    <li className="card">
      <h4 className="card-title url">{e.url}</h4>
      <dl className="facts">
        <div>
          <dt>{t('settings.webhooks.events')}</dt>
          <dd>
            <ul className="plain">
              {e.event_types.map((type) => (
                <li key={type}>{eventLabel(type)}</li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t('settings.webhooks.status')}</dt>
          <dd>{status}</dd>
        </div>
        <div>
          <dt>{t('settings.created')}</dt>
          <dd>{at(e.created_at)}</dd>
        </div>
        {e.last_success_at ? (
          <div>
            <dt>{t('settings.webhooks.lastSuccess')}</dt>
            <dd>{at(e.last_success_at)}</dd>
          </div>
        ) : null}
      </dl>
      {confirming ? (
        <Confirm
          question={t('settings.webhooks.deleteConfirm', { url: e.url })}
          yes={t('settings.webhooks.deleteYes')}
          busy={busy}
          onYes={() => void act('delete', `delete-${e.id}`)}
          onCancel={() => {
            setConfirming(false);
            requestAnimationFrame(() => document.getElementById(`delete-${e.id}`)?.focus());
          }}
        />
      ) : (
        <div className="row-actions">
          <button type="button" className="secondary" aria-expanded={open} aria-controls={logId} onClick={() => setOpen(!open)}>
            {open ? t('settings.webhooks.hideLog') : t('settings.webhooks.showLog')}
            <span className="visually-hidden"> {e.url}</span>
          </button>
          {canEdit ? (
            <>
              <span>
                <FieldError id={`rotate-${e.id}`} problems={problems} />
                <button id={`rotate-${e.id}`} type="button" className="secondary" disabled={busy} onClick={() => void act('rotate', `rotate-${e.id}`)}>
                  {t('settings.webhooks.rotate')}
                  <span className="visually-hidden"> {e.url}</span>
                </button>
              </span>
              {e.disabled_at ? (
                <span>
                  <FieldError id={`enable-${e.id}`} problems={problems} />
                  <button id={`enable-${e.id}`} type="button" className="secondary" disabled={busy} onClick={() => void act('enable', `enable-${e.id}`)}>
                    {t('settings.webhooks.enable')}
                    <span className="visually-hidden"> {e.url}</span>
                  </button>
                </span>
              ) : null}
              <span>
                <FieldError id={`delete-${e.id}`} problems={problems} />
                <button id={`delete-${e.id}`} type="button" className="secondary" onClick={() => setConfirming(true)}>
                  {t('settings.webhooks.delete')}
                  <span className="visually-hidden"> {e.url}</span>
                </button>
              </span>
            </>
          ) : null}
        </div>
      )}
      <div id={logId} hidden={!open}>
        {open ? <DeliveryLog endpoint={e} canEdit={canEdit} /> : null}
      </div>
    </li>
  );
}

/** An endpoint's deliveries, newest first, a page at a time; a finished one can be sent again (admins). */
function DeliveryLog({ endpoint, canEdit }: { endpoint: Endpoint; canEdit: boolean }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const key = ['settings', 'deliveries', endpoint.id];
  const log = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => settingsApi.deliveries(endpoint.id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [said, setSaid] = useState('');

  async function replay(d: Delivery) {
    setSaid('');
    try {
      await settingsApi.replay(d.id);
      setProblems([]);
      setSaid(t('settings.webhooks.replayed'));
      await queries.invalidateQueries({ queryKey: key });
    } catch (err) {
      setProblems(problemsFrom(err, `replay-${d.id}`, { error: t('settings.error') }));
    }
  }

  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="delivery-log" aria-labelledby={`log-title-${endpoint.id}`}>
      <h5 id={`log-title-${endpoint.id}`}>{t('settings.webhooks.logOf', { url: endpoint.url })}</h5>
      {problems.length > 0 ? (
        <div className="error" role="alert">
          {problems.map((p) => (
            <p key={p.field}>{p.message}</p>
          ))}
        </div>
      ) : null}
      <Said>{said}</Said>
      {log.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : log.isError ? (
        <div role="alert" className="error">
          <p>{t('common.error')}</p>
        </div>
      ) : items.length === 0 ? (
        <p>{t('settings.webhooks.noDeliveries')}</p>
      ) : (
        <ol className="cards">
          {items.map((d) => (
            <DeliveryItem key={d.id} delivery={d} canEdit={canEdit} onReplay={() => void replay(d)} />
          ))}
        </ol>
      )}
      <div className="row-actions">
        <button type="button" className="secondary" onClick={() => void log.refetch()}>
          {t('settings.webhooks.refresh')}
        </button>
        {log.hasNextPage ? (
          <button type="button" className="secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t('settings.webhooks.more')}
          </button>
        ) : null}
      </div>
    </section>
  );
}

function DeliveryItem({ delivery: d, canEdit, onReplay }: { delivery: Delivery; canEdit: boolean; onReplay: () => void }) {
  const { t, i18n } = useTranslation();
  const eventLabel = useEventLabel();
  const last = d.attempts.at(-1);
  const lastError =
    last && last.outcome !== 'success' ? [last.http_status ? t('settings.webhooks.httpStatus', { status: last.http_status }) : null, last.error].filter(Boolean).join(' · ') : null;
  const event = d.event_type ? eventLabel(d.event_type) : '—';
  return (
    <li className="card">
      <p className="card-title">
        {event} · {formatDateTime(d.created_at, i18n.language)}
      </p>
      <dl className="facts">
        <div>
          <dt>{t('settings.webhooks.deliveryStatus')}</dt>
          <dd>
            <span className={`status-tag ${d.status}`}>{t(`settings.webhooks.statuses.${d.status}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('settings.webhooks.attempts')}</dt>
          <dd>{d.attempts.length}</dd>
        </div>
        {lastError ? (
          <div>
            <dt>{t('settings.webhooks.lastError')}</dt>
            <dd>{lastError}</dd>
          </div>
        ) : null}
        {d.next_attempt_at ? (
          <div>
            <dt>{t('settings.webhooks.nextAttempt')}</dt>
            <dd>{formatDateTime(d.next_attempt_at, i18n.language)}</dd>
          </div>
        ) : null}
      </dl>
      {canEdit && d.status !== 'pending' ? (
        <div className="row-actions">
          <button id={`replay-${d.id}`} type="button" className="secondary" onClick={onReplay}>
            {t('settings.webhooks.replay')}
            <span className="visually-hidden"> {event}</span>
          </button>
        </div>
      ) : null}
    </li>
  );
}
