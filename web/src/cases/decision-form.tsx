import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AUTOMATED_DECISIONS, CONTENT_TYPES, DECISION_VISIBILITIES, STATEMENT_CATEGORIES } from '../../../src/core/dsa.ts';
import { VISIBILITY_VI, visibilityEn } from '../../../src/core/glossary.ts';
import { casesApi, type Case, type Decision, type StatementInput } from '../cases.api.ts';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { ApiError } from '../http.ts';
import { categoryLabel } from '../labels.ts';

/** Today in Vietnam, as a date field wants it. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

/** The input a problem of the server's is about: `territorial_scope[0]` is the territorial scope field. */
const inputId = (field: string) => `sor-${field.replace(/[[.].*$/, '')}`;

/**
 * The platform's decision: a DSA statement of reasons, or no action with reasons. The DSA's rules
 * (which ground needs which field, what an _OTHER value needs…) are the server's: its messages
 * come back field by field, into an error summary and beside each field, and nothing typed is lost.
 */
export function DecisionForm({ c, onDecided }: { c: Case; onDecided: (d: Decision) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const queries = useQueryClient();
  const [kind, setKind] = useState<'restrict' | 'no_action'>('restrict');
  const [ground, setGround] = useState<'DECISION_GROUND_ILLEGAL_CONTENT' | 'DECISION_GROUND_INCOMPATIBLE_CONTENT'>('DECISION_GROUND_ILLEGAL_CONTENT');
  const [visibilityOther, setVisibilityOther] = useState(false);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const problemOf = (field: string) => problems.find((p) => p.field === `sor-${field}`)?.message;
  const en = i18n.language === 'en';

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const str = (k: string) => String(form.get(k) ?? '').trim();
    const opt = (k: string) => str(k) || undefined;
    setBusy(true);
    try {
      let decision: Decision;
      if (kind === 'no_action') {
        decision = await casesApi.noAction(c.id, {
          decision_facts: str('decision_facts'),
          ...(opt('decision_ground_reference_url') ? { decision_ground_reference_url: str('decision_ground_reference_url') } : {}),
          ...(opt('puid') ? { puid: str('puid') } : {}),
        });
      } else {
        const illegal = ground === 'DECISION_GROUND_ILLEGAL_CONTENT';
        const input: Record<string, unknown> = {
          decision_visibility: form.getAll('decision_visibility').map(String),
          decision_visibility_other: opt('decision_visibility_other'),
          decision_ground: ground,
          ...(illegal
            ? { illegal_content_legal_ground: opt('illegal_content_legal_ground'), illegal_content_explanation: opt('illegal_content_explanation') }
            : { incompatible_content_ground: opt('incompatible_content_ground'), incompatible_content_explanation: opt('incompatible_content_explanation') }),
          content_type: form.getAll('content_type').map(String),
          category: str('category'),
          content_date: str('content_date'),
          application_date: str('application_date'),
          territorial_scope: str('territorial_scope')
            .split(/[\s,]+/)
            .filter(Boolean)
            .map((s) => s.toUpperCase()),
          decision_facts: str('decision_facts'),
          automated_detection: str('automated_detection'),
          automated_decision: str('automated_decision'),
          puid: str('puid'),
        };
        for (const [k, v] of Object.entries(input)) if (v === undefined) delete input[k];
        decision = await casesApi.decide(c.id, input as StatementInput);
      }
      setProblems([]);
      onDecided(decision);
      await queries.invalidateQueries({ queryKey: ['case', c.id] });
      await queries.invalidateQueries({ queryKey: ['cases'] });
      await queries.invalidateQueries({ queryKey: ['case-counts'] });
    } catch (err) {
      const fields = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      setProblems(
        fields.length > 0
          ? fields.map((f) => ({ field: document.getElementById(inputId(f.field)) ? inputId(f.field) : 'sor-decision_facts', message: `${fieldName(f.field, t)}: ${f.message}` }))
          : [{ field: 'sor-decision_facts', message: err instanceof ApiError ? err.message : t('common.error') }],
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('decide.title')}</h2>
      <p className="hint">{t('decide.intro')}</p>
      <ErrorSummary problems={problems} />
      <form className="stack decision" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{t('decide.kind')}</legend>
          <Choice name="kind" id="sor-kind" value="restrict" checked={kind === 'restrict'} onChange={() => setKind('restrict')} label={t('decide.restrict')} />
          <Choice name="kind" id="sor-kind-no" value="no_action" checked={kind === 'no_action'} onChange={() => setKind('no_action')} label={t('decide.noAction')} />
        </fieldset>
        {kind === 'no_action' ? (
          <>
            <TextArea field="decision_facts" label={t('decide.noActionFacts')} hint={t('decide.factsHint')} error={problemOf('decision_facts')} />
            <Text field="decision_ground_reference_url" label={t('decide.referenceUrl')} error={problemOf('decision_ground_reference_url')} type="url" />
            <Text field="puid" label={t('decide.puid')} hint={t('decide.puidHint')} error={problemOf('puid')} />
          </>
        ) : (
          <>
            <Group field="decision_visibility" legend={t('decide.visibility')} hint={t('decide.visibilityHint')} error={problemOf('decision_visibility')}>
              {DECISION_VISIBILITIES.map((v, i) => (
                <Choice
                  key={v}
                  type="checkbox"
                  name="decision_visibility"
                  id={i === 0 ? 'sor-decision_visibility' : `sor-decision_visibility-${i}`}
                  value={v}
                  defaultChecked={i === 0}
                  onChange={v === 'DECISION_VISIBILITY_OTHER' ? (on) => setVisibilityOther(on) : undefined}
                  label={v === 'DECISION_VISIBILITY_OTHER' ? (en ? 'other' : 'khác') : en ? visibilityEn(v) : (VISIBILITY_VI[v] ?? v)}
                />
              ))}
            </Group>
            {visibilityOther ? <Text field="decision_visibility_other" label={t('decide.visibilityOther')} error={problemOf('decision_visibility_other')} /> : null}
            <Group field="decision_ground" legend={t('decide.ground')} error={problemOf('decision_ground')}>
              <Choice
                name="decision_ground"
                id="sor-decision_ground"
                value="DECISION_GROUND_ILLEGAL_CONTENT"
                checked={ground === 'DECISION_GROUND_ILLEGAL_CONTENT'}
                onChange={() => setGround('DECISION_GROUND_ILLEGAL_CONTENT')}
                label={t('decide.groundIllegal')}
              />
              <Choice
                name="decision_ground"
                id="sor-decision_ground-2"
                value="DECISION_GROUND_INCOMPATIBLE_CONTENT"
                checked={ground === 'DECISION_GROUND_INCOMPATIBLE_CONTENT'}
                onChange={() => setGround('DECISION_GROUND_INCOMPATIBLE_CONTENT')}
                label={t('decide.groundIncompatible')}
              />
            </Group>
            {ground === 'DECISION_GROUND_ILLEGAL_CONTENT' ? (
              <>
                <Text field="illegal_content_legal_ground" label={t('decide.legalGround')} hint={t('decide.legalGroundHint')} error={problemOf('illegal_content_legal_ground')} />
                <TextArea field="illegal_content_explanation" label={t('decide.illegalExplanation')} error={problemOf('illegal_content_explanation')} />
              </>
            ) : (
              <>
                <Text field="incompatible_content_ground" label={t('decide.incompatibleGround')} error={problemOf('incompatible_content_ground')} />
                <TextArea field="incompatible_content_explanation" label={t('decide.incompatibleExplanation')} error={problemOf('incompatible_content_explanation')} />
              </>
            )}
            <Field field="category" label={t('decide.category')} error={problemOf('category')}>
              {(props) => (
                <select {...props} name="category" defaultValue={STATEMENT_CATEGORIES.includes(c.category as never) ? c.category : `STATEMENT_CATEGORY_${c.category}`}>
                  {STATEMENT_CATEGORIES.map((cat) => (
                    <option key={cat} value={cat}>
                      {categoryLabel(cat, i18n.language)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Group field="content_type" legend={t('decide.contentType')} error={problemOf('content_type')}>
              {CONTENT_TYPES.map((ct, i) => (
                <Choice
                  key={ct}
                  type="checkbox"
                  name="content_type"
                  id={i === 0 ? 'sor-content_type' : `sor-content_type-${i}`}
                  value={ct}
                  label={t(`decide.contentTypes.${ct}`)}
                />
              ))}
            </Group>
            <div className="two">
              <Text field="content_date" label={t('decide.contentDate')} error={problemOf('content_date')} type="date" />
              <Text field="application_date" label={t('decide.applicationDate')} error={problemOf('application_date')} type="date" defaultValue={today()} />
            </div>
            <TextArea field="decision_facts" label={t('decide.facts')} hint={t('decide.factsHint')} error={problemOf('decision_facts')} />
            <Group field="automated_detection" legend={t('decide.automatedDetection')} error={problemOf('automated_detection')}>
              <Choice name="automated_detection" id="sor-automated_detection" value="No" defaultChecked label={t('case.no')} />
              <Choice name="automated_detection" id="sor-automated_detection-yes" value="Yes" label={t('case.yes')} />
            </Group>
            <Group field="automated_decision" legend={t('decide.automatedDecision')} error={problemOf('automated_decision')}>
              {[...AUTOMATED_DECISIONS].reverse().map((a, i) => (
                <Choice
                  key={a}
                  name="automated_decision"
                  id={i === 0 ? 'sor-automated_decision' : `sor-automated_decision-${i}`}
                  value={a}
                  defaultChecked={i === 0}
                  label={t(`decide.automated.${a}`)}
                />
              ))}
            </Group>
            <Text field="territorial_scope" label={t('decide.territorialScope')} hint={t('decide.territorialScopeHint')} error={problemOf('territorial_scope')} defaultValue="VN" />
            <Text field="puid" label={t('decide.puid')} hint={t('decide.puidHint')} error={problemOf('puid')} />
          </>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? t('decide.sending') : t('decide.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** After a decision: where it was published, focused so a keyboard or screen reader user lands on it. */
export function DecidedPanel({ decision }: { decision: Decision }) {
  const { t } = useTranslation();
  const id = useId();
  const box = useRef<HTMLElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <section className="panel" aria-labelledby={`${id}-h`} tabIndex={-1} ref={box}>
      <h2 id={`${id}-h`}>{t('decide.title')}</h2>
      <p role="status">
        {t('decide.done')} <Link to={`/records/${decision.public_record_id}`}>{t('decide.openRecord')}</Link>
      </p>
    </section>
  );
}

/** A field's words in the summary: the label the person sees, not the DSA's name for it. */
function fieldName(field: string, t: (k: string) => string): string {
  const base = field.replace(/[[.].*$/, '');
  const key: Record<string, string> = {
    decision_visibility: 'decide.visibility',
    decision_visibility_other: 'decide.visibilityOther',
    decision_ground: 'decide.ground',
    illegal_content_legal_ground: 'decide.legalGround',
    illegal_content_explanation: 'decide.illegalExplanation',
    incompatible_content_ground: 'decide.incompatibleGround',
    incompatible_content_explanation: 'decide.incompatibleExplanation',
    category: 'decide.category',
    content_type: 'decide.contentType',
    content_date: 'decide.contentDate',
    application_date: 'decide.applicationDate',
    decision_facts: 'decide.facts',
    automated_detection: 'decide.automatedDetection',
    automated_decision: 'decide.automatedDecision',
    territorial_scope: 'decide.territorialScope',
    puid: 'decide.puid',
    decision_ground_reference_url: 'decide.referenceUrl',
  };
  return key[base] ? t(key[base]) : field;
}

interface FieldProps {
  field: string;
  label: string;
  hint?: string;
  error?: string | undefined;
}

function Field({ field, label, hint, error, children }: FieldProps & { children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode }) {
  const id = `sor-${field}`;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
      {children({ id, ...(described ? { 'aria-describedby': described } : {}), ...(error ? { 'aria-invalid': true } : {}) })}
    </div>
  );
}

function Text(props: FieldProps & { type?: string; defaultValue?: string }) {
  return <Field {...props}>{(p) => <input {...p} name={props.field} type={props.type ?? 'text'} defaultValue={props.defaultValue} />}</Field>;
}

function TextArea(props: FieldProps) {
  return <Field {...props}>{(p) => <textarea {...p} name={props.field} rows={4} />}</Field>;
}

/** Checkboxes or radios under a legend; the server's message about the group shows above them. */
function Group({ field, legend, hint, error, children }: { field: string; legend: string; hint?: string; error?: string | undefined; children: ReactNode }) {
  return (
    <fieldset
      className={error ? 'has-error' : undefined}
      aria-describedby={[hint ? `sor-${field}-hint` : null, error ? `sor-${field}-error` : null].filter(Boolean).join(' ') || undefined}
    >
      <legend>{legend}</legend>
      {hint ? (
        <span className="hint" id={`sor-${field}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field-error" id={`sor-${field}-error`}>
          {error}
        </span>
      ) : null}
      <div className="choices">{children}</div>
    </fieldset>
  );
}

function Choice({
  type = 'radio',
  name,
  id,
  value,
  label,
  checked,
  defaultChecked,
  onChange,
}: {
  type?: 'radio' | 'checkbox';
  name: string;
  id: string;
  value: string;
  label: string;
  checked?: boolean;
  defaultChecked?: boolean;
  onChange?: ((on: boolean) => void) | undefined;
}) {
  return (
    <div className="choice">
      <input
        type={type}
        name={name}
        id={id}
        value={value}
        {...(checked !== undefined ? { checked } : {})}
        {...(defaultChecked !== undefined ? { defaultChecked } : {})}
        {...(onChange ? { onChange: (e) => onChange(e.currentTarget.checked) } : checked !== undefined ? { readOnly: true } : {})}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
