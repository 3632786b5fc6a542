// Uploading an edition or an update bulletin of the guide as a zip: the file is sent once
// to be checked (nothing is written), its report shown, then sent again to be applied.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, guidePackageContentTypes, limits, type EndpointResult, type GuideImportReport, type GuidePackageUploadQuery } from '@estran/contracts';
import { ApiFailure, api, upload } from '../../../lib/api.ts';
import { FormStatus } from '../../../components/Message.tsx';
import { useSubmit } from '../../../lib/use-submit.ts';
import { TableWrap } from '../../../lib/TableWrap.tsx';
import { formatDay, formatNumber } from '../../../lib/format.ts';

type Scope = NonNullable<GuidePackageUploadQuery['scope']>;
type Step = { kind: 'idle' } | { kind: 'sending'; percent: number; mode: 'check' | 'apply' } | { kind: 'processing'; mode: 'check' | 'apply' };

const MiB = 1024 * 1024;
/** Problems shown at first; the rest behind a button (an edition may report many warnings). */
const SHOWN = 100;

export function GuidePackageUpload({ operator, onApplied }: { operator: boolean; onApplied: () => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [scope, setScope] = useState<Scope>(operator ? 'shared' : 'tenant');
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [report, setReport] = useState<GuideImportReport | null>(null);
  const [applied, setApplied] = useState<GuideImportReport | null>(null);
  const submit = useSubmit();
  const [showAll, setShowAll] = useState(false);
  const reportHeading = useRef<HTMLHeadingElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const busy = submit.busy;
  const number = (n: number) => formatNumber(n, i18n.language);

  const send = (mode: 'check' | 'apply') =>
    submit.run(async () => {
      if (!file) return;
      if (mode === 'check') {
        setReport(null);
        setApplied(null);
        setShowAll(false);
      }
      // Refused here as the server would (413), without sending it.
      if (file.size > limits.guidePackageMaxBytes) {
        throw new ApiFailure(413, { error: 'payload_too_large', message: t('adminGuide.upload.tooBig', { max: limits.guidePackageMaxBytes / MiB }) });
      }
      setStep({ kind: 'sending', percent: 0, mode });
      try {
        // The upload's progress needs XMLHttpRequest (lib/api.ts upload); the URL is the endpoint's.
        const r = await upload<EndpointResult<typeof endpoints.guide.uploadPackage>>(api.url(endpoints.guide.uploadPackage, { query: { scope, mode } }), file, {
          contentType: guidePackageContentTypes[0],
          onProgress: (sent, total) => setStep(sent >= total ? { kind: 'processing', mode } : { kind: 'sending', percent: Math.floor((sent / total) * 100), mode }),
        });
        if (mode === 'check') {
          setReport(r);
        } else {
          setApplied(r);
          if (r.outcome === 'applied') onApplied();
        }
      } finally {
        setStep({ kind: 'idle' });
      }
    });

  // Once shown, the report (then the outcome) takes the focus: the next thing to read.
  useEffect(() => reportHeading.current?.focus(), [report]);
  useEffect(() => outcomeRef.current?.focus(), [applied]);

  const problems = report ? [...report.problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'fatal' ? -1 : 1)) : [];
  const fatal = problems.filter((p) => p.severity === 'fatal').length;
  const status =
    step.kind === 'sending'
      ? t('adminGuide.upload.sending')
      : step.kind === 'processing'
        ? t(step.mode === 'check' ? 'adminGuide.upload.checking' : 'adminGuide.upload.applying')
        : null;

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('adminGuide.upload.title')}</h2>
      <p>{t('adminGuide.upload.intro', { max: limits.guidePackageMaxBytes / MiB })}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send('check');
        }}
      >
        {operator ? (
          <fieldset>
            <legend>{t('adminGuide.upload.scope')}</legend>
            {(['shared', 'tenant'] as const).map((s) => (
              <div className="checkbox" key={s}>
                <input id={`${id}-scope-${s}`} type="radio" name={`${id}-scope`} checked={scope === s} disabled={busy} onChange={() => setScope(s)} />
                <label htmlFor={`${id}-scope-${s}`}>{t(`adminGuide.upload.scopes.${s}`)}</label>
              </div>
            ))}
          </fieldset>
        ) : (
          <p className="muted">{t('adminGuide.upload.ownGuide')}</p>
        )}
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('adminGuide.upload.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".zip,application/zip,application/x-zip-compressed"
            aria-describedby={`${id}-file-hint`}
            disabled={busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setReport(null);
              setApplied(null);
              submit.clear();
            }}
          />
          <span id={`${id}-file-hint`} className="muted small-text">
            {t('adminGuide.upload.fileHint')}
          </span>
        </div>
        <button type="submit" className="button" disabled={!file || busy}>
          {t('adminGuide.upload.check')}
        </button>
      </form>

      {step.kind === 'sending' && (
        <div className="field">
          <label htmlFor={`${id}-progress`}>{t('adminGuide.upload.progress', { percent: step.percent })}</label>
          <progress id={`${id}-progress`} max={100} value={step.percent}>
            {step.percent} %
          </progress>
        </div>
      )}
      {/* Announced step by step, not at every percent (the progress bar is there to read). */}
      <p role="status" aria-live="polite">
        {status}
      </p>
      <FormStatus state={submit} />

      {report && (
        <section aria-labelledby={`${id}-report`}>
          <h3 id={`${id}-report`} ref={reportHeading} tabIndex={-1}>
            {t('adminGuide.report.title', { name: file?.name ?? '' })}
          </h3>
          <p className={report.outcome === 'refused' ? 'message error' : 'message success'}>
            {report.outcome === 'checked' && t('adminGuide.report.checked')}
            {report.outcome === 'refused' && t('adminGuide.report.refused', { count: fatal })}
            {report.outcome === 'unchanged' && t('adminGuide.report.unchanged')}
            {report.outcome === 'applied' && t('adminGuide.report.applied', { count: report.articlesInForce ?? 0 })}
          </p>
          <dl className="facts">
            <dt>{t('adminGuide.report.kind')}</dt>
            <dd>{report.kind ? t(`adminGuide.report.kinds.${report.kind}`) : '—'}</dd>
            <dt>{t('adminGuide.report.published')}</dt>
            <dd>{report.published ? formatDay(report.published, i18n.language, { style: 'short' }) : '—'}</dd>
            {report.outcome !== 'refused' && report.outcome !== 'unchanged' && (
              <>
                <dt>{t('adminGuide.report.added')}</dt>
                <dd>{number(report.added)}</dd>
                <dt>{t('adminGuide.report.changed')}</dt>
                <dd>{number(report.changed)}</dd>
                <dt>{t('adminGuide.report.removed')}</dt>
                <dd>{number(report.removed)}</dd>
              </>
            )}
          </dl>

          <h4>{t('adminGuide.report.problems', { fatal: t('adminGuide.report.fatalCount', { count: fatal }), warnings: t('adminGuide.report.warningCount', { count: problems.length - fatal }) })}</h4>
          {problems.length === 0 ? (
            <p>{t('adminGuide.report.noProblems')}</p>
          ) : (
            <TableWrap label={t('adminGuide.report.problemsCaption')}>
              <table>
                <caption className="visually-hidden">{t('adminGuide.report.problemsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('adminGuide.report.severity')}</th>
                    <th scope="col">{t('adminGuide.report.file')}</th>
                    <th scope="col">{t('adminGuide.report.message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(showAll ? problems : problems.slice(0, SHOWN)).map((p, i) => (
                    <tr key={i}>
                      <td>{p.severity === 'fatal' ? <strong className="badge suspended">{t('adminGuide.report.fatal')}</strong> : <span className="badge">{t('adminGuide.report.warning')}</span>}</td>
                      <td>
                        <code className="wrap">{p.file ?? t('adminGuide.report.wholePackage')}</code>
                      </td>
                      <td>{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          {!showAll && problems.length > SHOWN && (
            <button type="button" className="link-button" onClick={() => setShowAll(true)}>
              {t('adminGuide.report.showAll', { count: problems.length })}
            </button>
          )}

          {report.outcome === 'checked' && !applied && (
            <div className="button-row">
              <button type="button" className="button primary" disabled={busy} aria-describedby={`${id}-apply-hint`} onClick={() => void send('apply')}>
                {t('adminGuide.report.apply')}
              </button>
              <p id={`${id}-apply-hint`} className="muted small-text">
                {t('adminGuide.report.applyHint')}
              </p>
            </div>
          )}
          {applied && (
            <div ref={outcomeRef} tabIndex={-1} className={applied.outcome === 'applied' || applied.outcome === 'unchanged' ? 'message success' : 'message error'}>
              <p>
                {applied.outcome === 'applied' && t('adminGuide.report.applied', { count: applied.articlesInForce ?? 0 })}
                {applied.outcome === 'unchanged' && t('adminGuide.report.unchanged')}
                {applied.outcome === 'refused' && t('adminGuide.report.refusedOnApply')}
              </p>
              {applied.outcome === 'refused' && (
                <ul>
                  {applied.problems
                    .filter((p) => p.severity === 'fatal')
                    .map((p, i) => (
                      <li key={i}>
                        {p.file ? <code>{p.file}</code> : null} {p.message}
                      </li>
                    ))}
                </ul>
              )}
            </div>
          )}
        </section>
      )}
    </section>
  );
}
