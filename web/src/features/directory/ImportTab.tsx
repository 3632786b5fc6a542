// Importing agents from a CSV or ODS file: the file is sent once to be checked (nothing is
// written) and its per-line report shown, then sent again to be applied, all or nothing.
// A progress bar follows the upload (XMLHttpRequest: lib/api.ts upload), then an
// indeterminate one while the server reads and checks the lines.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { endpoints, limits, type DirectoryImportMode, type DirectoryImportReport, type EndpointResult } from '@estran/contracts';
import { ApiFailure, api, upload } from '../../lib/api.ts';
import { FormStatus } from '../../components/Message.tsx';
import { useSubmit } from '../../lib/use-submit.ts';
import { formatNumber } from '../../lib/format.ts';

type Step = { kind: 'idle' } | { kind: 'sending'; percent: number; mode: DirectoryImportMode } | { kind: 'processing'; mode: DirectoryImportMode };

const MiB = 1024 * 1024;
/** Refusals shown at first; the rest behind a button (a file of 50,000 lines may refuse many). */
const SHOWN = 100;

/** The media type sent: the server reads the bytes, the type only has to be one it accepts. */
const contentTypeOf = (file: File) => (/\.ods$/i.test(file.name) ? 'application/vnd.oasis.opendocument.spreadsheet' : 'text/csv');

export function ImportTab() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [report, setReport] = useState<DirectoryImportReport | null>(null);
  const [applied, setApplied] = useState<DirectoryImportReport | null>(null);
  const [showAll, setShowAll] = useState(false);
  const submit = useSubmit();
  const reportHeading = useRef<HTMLHeadingElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const busy = submit.busy;
  const number = (n: number) => formatNumber(n, i18n.language);

  const send = (mode: DirectoryImportMode) =>
    submit.run(async () => {
      if (!file) return;
      if (mode === 'check') {
        setReport(null);
        setApplied(null);
        setShowAll(false);
      }
      // Refused here as the server would (413), without sending it.
      if (file.size > limits.directoryImportMaxBytes) {
        throw new ApiFailure(413, { error: 'payload_too_large', message: t('directoryImport.tooBig', { max: limits.directoryImportMaxBytes / MiB }) });
      }
      setStep({ kind: 'sending', percent: 0, mode });
      try {
        const r = await upload<EndpointResult<typeof endpoints.directory.import.upload>>(api.url(endpoints.directory.import.upload, { query: { mode } }), file, {
          contentType: contentTypeOf(file),
          onProgress: (sent, total) => setStep(sent >= total ? { kind: 'processing', mode } : { kind: 'sending', percent: Math.floor((sent / total) * 100), mode }),
        });
        if (mode === 'check') setReport(r);
        else setApplied(r);
      } finally {
        setStep({ kind: 'idle' });
      }
    });

  // Once shown, the report (then the outcome) takes the focus: the next thing to read.
  useEffect(() => reportHeading.current?.focus(), [report]);
  useEffect(() => outcomeRef.current?.focus(), [applied]);

  const refusedLines = report ? new Set(report.refused.map((r) => r.line ?? r.dn)).size : 0;
  const status =
    step.kind === 'sending' ? t('directoryImport.sending') : step.kind === 'processing' ? t(step.mode === 'check' ? 'directoryImport.checking' : 'directoryImport.applying') : null;

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('directoryImport.title')}</h2>
      <p>{t('directoryImport.intro', { max: number(limits.directoryImportMaxLines) })}</p>
      <p className="muted">{t('directoryImport.rules')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send('check');
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('directoryImport.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,.ods,text/csv,application/vnd.oasis.opendocument.spreadsheet"
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
            {t('directoryImport.fileHint')}
          </span>
        </div>
        <button type="submit" className="button" disabled={!file || busy}>
          {t('directoryImport.check')}
        </button>
      </form>

      {step.kind === 'sending' && (
        <div className="field">
          <label htmlFor={`${id}-progress`}>{t('directoryImport.progress', { percent: step.percent })}</label>
          <progress id={`${id}-progress`} max={100} value={step.percent}>
            {step.percent} %
          </progress>
        </div>
      )}
      {step.kind === 'processing' && (
        <div className="field">
          <label htmlFor={`${id}-working`}>{t('directoryImport.working')}</label>
          {/* No value: indeterminate, the server does not say how far it is. */}
          <progress id={`${id}-working`} />
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
            {t('directoryImport.report.title', { name: file?.name ?? '' })}
          </h3>
          <p className={report.refused.length ? 'message error' : 'message success'}>
            {report.refused.length ? t('directoryImport.report.refused', { count: refusedLines }) : t('directoryImport.report.ok')}
          </p>
          <dl className="facts">
            <dt>{t('directoryImport.report.records')}</dt>
            <dd>{number(report.records)}</dd>
            {report.refused.length === 0 && (
              <>
                <dt>{t('directoryImport.report.created')}</dt>
                <dd>{number(report.created)}</dd>
                <dt>{t('directoryImport.report.updated')}</dt>
                <dd>{number(report.updated)}</dd>
                <dt>{t('directoryImport.report.unchanged')}</dt>
                <dd>{number(report.unchanged)}</dd>
              </>
            )}
          </dl>

          {report.refused.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption>{t('directoryImport.report.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('directoryImport.report.line')}</th>
                    <th scope="col">{t('directoryImport.report.field')}</th>
                    <th scope="col">{t('directoryImport.report.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(showAll ? report.refused : report.refused.slice(0, SHOWN)).map((r, i) => (
                    <tr key={i}>
                      <td>{r.line !== undefined ? number(r.line) : (r.dn ?? '')}</td>
                      <td>{r.field ? <code className="wrap">{r.field}</code> : t('directoryImport.report.wholeFile')}</td>
                      <td>{r.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {!showAll && report.refused.length > SHOWN && (
            <button type="button" className="link-button" onClick={() => setShowAll(true)}>
              {t('directoryImport.report.showAll', { count: report.refused.length })}
            </button>
          )}

          {report.refused.length === 0 && !applied && (
            <div className="button-row">
              <button type="button" className="button primary" disabled={busy} aria-describedby={`${id}-apply-hint`} onClick={() => void send('apply')}>
                {t('directoryImport.report.apply')}
              </button>
              <p id={`${id}-apply-hint`} className="muted small-text">
                {t('directoryImport.report.applyHint')}
              </p>
            </div>
          )}
          {applied && (
            <div ref={outcomeRef} tabIndex={-1} className={applied.applied ? 'message success' : 'message error'}>
              {applied.applied ? (
                <>
                  <p>{t('directoryImport.applied')}</p>
                  <dl className="facts">
                    <dt>{t('directoryImport.done.created')}</dt>
                    <dd>{number(applied.created)}</dd>
                    <dt>{t('directoryImport.done.updated')}</dt>
                    <dd>{number(applied.updated)}</dd>
                    <dt>{t('directoryImport.done.unchanged')}</dt>
                    <dd>{number(applied.unchanged)}</dd>
                  </dl>
                  <p>
                    <Link to="/admin/agents">{t('directoryImport.seeAgents')}</Link>
                  </p>
                </>
              ) : (
                <>
                  <p>{t('directoryImport.refusedOnApply')}</p>
                  <ul>
                    {applied.refused.slice(0, SHOWN).map((r, i) => (
                      <li key={i}>
                        {r.line !== undefined ? `${t('directoryImport.report.line')} ${number(r.line)}` : r.dn} {r.field ? <code>{r.field}</code> : null} {r.reason}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          )}
        </section>
      )}
    </section>
  );
}
