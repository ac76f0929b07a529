import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../format.ts';
import { ApiError } from '../http.ts';
import { categoryLabel } from '../labels.ts';
import { QueryState } from '../query-state.tsx';
import { AppealSection } from '../statements/appeal-form.tsx';
import { CounterNoticeSection } from '../statements/counter-notice-form.tsx';
import { statementsApi, type StatementView } from '../statements.api.ts';
import { useTitle } from '../title.ts';

/**
 * The affected user's statement of reasons, opened by the link the platform passed on (or minhbach
 * mailed): one section per Santa Clara notice item, Vietnamese first. The link is the only key, so
 * an unknown and a revoked link look alike, and the page says a link may have been revoked. What
 * it shows is decided by src/core/affected-user-statement.ts: nothing of who reported the content.
 */
export function StatementPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  // Each request counts as an opening: asked once, never refetched behind the reader's back.
  const query = useQuery({ queryKey: ['statement', token], queryFn: () => statementsApi.get(token), retry: false, refetchOnWindowFocus: false, staleTime: Infinity });
  const notFound = query.error instanceof ApiError && query.error.status === 404;
  useTitle(t(notFound ? 'statement.notFoundTitle' : 'statement.title'));
  if (notFound) {
    return (
      <>
        <h1>{t('statement.notFoundTitle')}</h1>
        <p className="warning" role="alert">
          {t('statement.notFound')}
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t('statement.title')}</h1>
      <QueryState query={query}>{(s) => <Statement token={token} s={s} />}</QueryState>
    </>
  );
}

/** A calendar day as each language writes it (the DSA's dates are days, not moments). */
function day(iso: string, lang: string): string {
  const [y, m, d] = iso.split('-');
  return lang === 'en' ? iso : `${d}/${m}/${y}`;
}

/** Instrument, provision, then anything else the authority gave (a reference URL), in that order. */
function legalBasisText(b: Record<string, string>): string {
  const { instrument, provision, ...rest } = b;
  return [instrument, provision, ...Object.values(rest)].filter(Boolean).join(', ');
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="statement-item" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Statement({ token, s }: { token: string; s: StatementView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const r = s.restrictions;
  const until = (date: string | null) => (date ? ` (${t('statement.until', { date: day(date, lang) })})` : '');
  const restrictions = [
    ...r.visibility.map(
      (v) =>
        `${t(`statement.visibility.${v}`, { defaultValue: v })}${v === 'DECISION_VISIBILITY_OTHER' && r.visibility_other ? `: ${r.visibility_other}` : ''}${until(r.visibility_end_date)}`,
    ),
    ...(r.account ? [`${t(`statement.account.${r.account}`, { defaultValue: r.account })}${until(r.account_end_date)}`] : []),
    ...(r.monetary
      ? [`${t(`statement.monetary.${r.monetary}`, { defaultValue: r.monetary })}${r.monetary_other ? `: ${r.monetary_other}` : ''}${until(r.monetary_end_date)}`]
      : []),
    ...(r.provision ? [`${t(`statement.provision.${r.provision}`, { defaultValue: r.provision })}${until(r.provision_end_date)}`] : []),
  ];
  const g = s.ground;
  const yesNo = (v: boolean | null) => (v === null ? t('statement.notStated') : t(v ? 'statement.yes' : 'statement.no'));
  const deadline = formatDateTime(s.appeal.deadline, lang);
  return (
    <>
      <p className="lead">{t('statement.intro', { platform: s.platform_name })}</p>
      <p className="hint">{t('statement.private')}</p>
      <dl className="summary-list">
        <Fact label={t('statement.platform')}>{s.platform_name}</Fact>
        <Fact label={t('statement.decidedAt')}>
          <time dateTime={s.decided_at}>{formatDateTime(s.decided_at, lang)}</time>
        </Fact>
      </dl>
      {s.current_version ? (
        <p className="warning">
          {t('statement.corrected')} <Link to={`/records/${String((s.current_version as Record<string, unknown>).id)}`}>{t('statement.openCurrent')}</Link>
        </p>
      ) : null}

      <Section id="statement-what" title={t('statement.what')}>
        {s.outcome === 'no_action' ? (
          <p>{t('statement.noAction')}</p>
        ) : (
          <ul>
            {restrictions.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
        {r.territorial_scope.length > 0 ? (
          <p>
            {t('statement.territory')}: {r.territorial_scope.join(', ')}
          </p>
        ) : null}
      </Section>

      <Section id="statement-which" title={t('statement.which')}>
        <dl className="summary-list">
          <Fact label={t('statement.contentUrl')}>
            <span className="url">{s.content.url}</span>
          </Fact>
          {s.content.content_type.length > 0 ? (
            <Fact label={t('statement.contentType')}>{s.content.content_type.map((c) => t(`statement.contentTypes.${c}`, { defaultValue: c })).join(', ')}</Fact>
          ) : null}
          {s.content.content_date ? <Fact label={t('statement.contentDate')}>{day(s.content.content_date, lang)}</Fact> : null}
        </dl>
      </Section>

      <Section id="statement-why" title={t('statement.why')}>
        <dl className="summary-list">
          {g.decision_ground ? <Fact label={t('statement.ground')}>{t(`statement.grounds.${g.decision_ground}`, { defaultValue: g.decision_ground })}</Fact> : null}
          {g.illegal_content_legal_ground ? <Fact label={t('statement.legalGround')}>{g.illegal_content_legal_ground}</Fact> : null}
          {g.illegal_content_explanation ? <Fact label={t('statement.explanation')}>{g.illegal_content_explanation}</Fact> : null}
          {g.incompatible_content_ground ? <Fact label={t('statement.termsGround')}>{g.incompatible_content_ground}</Fact> : null}
          {g.incompatible_content_explanation ? <Fact label={t('statement.explanation')}>{g.incompatible_content_explanation}</Fact> : null}
          {g.reference_url ? (
            <Fact label={t('statement.reference')}>
              <span className="url">{g.reference_url}</span>
            </Fact>
          ) : null}
          {g.facts ? <Fact label={t('statement.facts')}>{g.facts}</Fact> : null}
          <Fact label={t('statement.category')}>{categoryLabel(s.category, lang)}</Fact>
        </dl>
        {g.incompatible_content_illegal ? <p>{t('statement.alsoIllegal')}</p> : null}
      </Section>

      <Section id="statement-who" title={t('statement.who')}>
        {s.requested_by.authority_request ? (
          <>
            <p>{t('statement.authorityRequest')}</p>
            <ul>
              {s.requested_by.authorities.map((a) => (
                <li key={a.name}>
                  <strong>{a.name}</strong>
                  {' — '}
                  {t('statement.legalBasis')}: {a.legal_bases.length > 0 ? a.legal_bases.map(legalBasisText).join('; ') : t('statement.noLegalBasis')}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t(s.requested_by.platform_own_initiative ? 'statement.ownInitiative' : 'statement.noAuthority')}</p>
        )}
        {s.requested_by.others.length > 0 ? (
          <>
            <p>{t('statement.othersIntro')}</p>
            <ul>
              {s.requested_by.others.map((k) => (
                <li key={k}>{t(`statement.other_${k}`)}</li>
              ))}
            </ul>
          </>
        ) : null}
      </Section>

      <Section id="statement-automation" title={t('statement.automation')}>
        <dl className="summary-list">
          <Fact label={t('statement.detection')}>{yesNo(s.automation.automated_detection)}</Fact>
          <Fact label={t('statement.decision')}>
            {s.automation.automated_decision ? t(`statement.${s.automation.automated_decision}`, { defaultValue: s.automation.automated_decision }) : t('statement.notStated')}
          </Fact>
        </dl>
      </Section>

      <Section id="statement-appeal" title={t('statement.appeal')}>
        {s.newer_decision ? (
          <p className="outcome">{t(s.newer_decision.restored ? 'statement.restored' : 'statement.newer', { date: formatDateTime(s.newer_decision.decided_at, lang) })}</p>
        ) : s.case_status === 'appealed' ? (
          <p className="outcome">{t('statement.appealed')}</p>
        ) : null}
        {/* Once appealed, the appeal's own status (below) says where it stands instead. */}
        {s.appeals.length === 0 ? (
          <p>{s.appeal.open ? t('statement.appealHow', { deadline, hours: s.appeal.answer_within_hours }) : t('statement.appealClosed', { deadline })}</p>
        ) : null}
        <AppealSection token={token} statement={s} />
        <CounterNoticeSection token={token} statement={s} />
      </Section>

      {s.public_record ? (
        <Section id="statement-record" title={t('statement.record')}>
          <p>
            {t('statement.recordText')}
            {s.public_record.log_index !== null ? ` (${t('statement.logIndex', { index: s.public_record.log_index })})` : ''}.
          </p>
          <p>
            <Link to={`/records/${s.public_record.id}`}>{t('statement.openRecord')}</Link>
          </p>
        </Section>
      ) : null}
    </>
  );
}
