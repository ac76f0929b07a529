import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { formatDateTime } from '../format.ts';
import { QueryState } from '../query-state.tsx';
import { sessionsApi, type OwnSession } from '../sessions.api.ts';
import { useSession } from '../session.ts';
import { problemsFrom, Said } from '../settings/settings-ui.tsx';
import { useTitle } from '../title.ts';
import '../settings/settings.css';

/**
 * "My sessions": where the person is signed in (browser and system, the network, when), this device
 * marked, and ending any other one; its next request is signed out.
 */
export function SessionsPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('sessions.title'));
  const session = useSession();
  const queries = useQueryClient();
  const sessions = useQuery({ queryKey: ['my-sessions'], queryFn: sessionsApi.list, enabled: Boolean(session.data), staleTime: 0 });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [said, setSaid] = useState('');
  const deviceOf = (s: OwnSession) => s.device ?? t('sessions.unknownDevice');

  async function end(s: OwnSession) {
    setSaid('');
    try {
      await sessionsApi.end(s.id);
      setProblems([]);
      setSaid(t('sessions.ended', { device: deviceOf(s) }));
      await queries.invalidateQueries({ queryKey: ['my-sessions'] });
    } catch (err) {
      setProblems(problemsFrom(err, `end-${s.id}`, { error: t('settings.error') }));
    }
  }

  if (session.isPending) return <p role="status">{t('common.loading')}</p>;
  if (!session.data)
    return (
      <>
        <h1>{t('sessions.title')}</h1>
        <p>
          <Link to="/sign-in">{t('nav.signIn')}</Link>
        </p>
      </>
    );
  const at = (iso: string) => formatDateTime(iso, i18n.language);
  return (
    <>
      <p>
        <Link to="/account">{t('sessions.back')}</Link>
      </p>
      <h1>{t('sessions.title')}</h1>
      <p className="lead">{t('sessions.intro')}</p>
      <ErrorSummary problems={problems} />
      <Said>{said}</Said>
      <QueryState query={sessions}>
        {(list) => (
          <>
            <ul className="cards">
              {list.items.map((s) => (
                <li key={s.id} className={s.current ? 'card current' : 'card'}>
                  <h2 className="card-title">
                    {deviceOf(s)}
                    {s.current ? <span className="tag">{t('sessions.thisDevice')}</span> : null}
                  </h2>
                  <dl className="facts">
                    <div>
                      <dt>{t('sessions.network')}</dt>
                      <dd>{s.network ?? t('sessions.unknownNetwork')}</dd>
                    </div>
                    <div>
                      <dt>{t('sessions.signedIn')}</dt>
                      <dd>{at(s.created_at)}</dd>
                    </div>
                    <div>
                      <dt>{t('sessions.lastSeen')}</dt>
                      <dd>{at(s.last_seen_at)}</dd>
                    </div>
                    <div>
                      <dt>{t('sessions.expires')}</dt>
                      <dd>{at(s.expires_at)}</dd>
                    </div>
                  </dl>
                  {s.current ? (
                    <p className="meta">{t('sessions.current')}</p>
                  ) : (
                    <div className="row-actions">
                      <button id={`end-${s.id}`} type="button" className="secondary" onClick={() => void end(s)}>
                        {t('sessions.end')}
                        <span className="visually-hidden"> {t('sessions.endOn', { device: deviceOf(s) })}</span>
                      </button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
            {list.items.every((s) => s.current) ? <p>{t('sessions.none')}</p> : null}
          </>
        )}
      </QueryState>
    </>
  );
}
