// One agent's file at the helpdesk: status, the identity check (the checks the tenant
// requires), then the ways back in it opens — a single-use unblock code read out or sent
// by SMS, a new enrolment — keys and sessions. Agents holding a right the helpdesk does
// not manage are left to an administrator (contracts: canActOnCredentials).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { canActOnCredentials, endpoints, type EndpointResult } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { FormStatus, Message } from '../../components/Message.tsx';

const CHECKS = ['callback', 'questions', 'manager'] as const;

export function AgentFilePage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const { session } = useSession();
  const loaded = useEndpoint(endpoints.helpdesk.agentFile, { params: { id: id ?? '' } });
  const file = loaded.data;
  const load = loaded.reload;
  // Every action on the file (unblock code, key, enrolment, sessions) shows its outcome in one place.
  const action = useSubmit();
  const [checks, setChecks] = useState<Partial<Record<(typeof CHECKS)[number], boolean>>>({});
  const [note, setNote] = useState('');
  const [delivery, setDelivery] = useState<'read-out' | 'sms'>('read-out');
  const [issued, setIssued] = useState<EndpointResult<typeof endpoints.helpdesk.issueUnblockCode> | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const time = (s: string) => new Date(s).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });

  if (!file) {
    return (
      <section>
        <h1 tabIndex={-1}>{t('helpdesk.title')}</h1>
        <Message kind="error">{loaded.error?.message}</Message>
        {!loaded.error && <p role="status">{t('app.loading')}</p>}
      </section>
    );
  }
  const a = file.agent;
  const self = session?.agent.id === a.id;
  const blocked = a.status === 'suspended' || a.lockedUntil !== null;
  const allowed =
    session !== null &&
    canActOnCredentials({ roles: session.agent.roles, operator: session.agent.tenant.operator, agentId: session.agent.id }, a);

  return (
    <section>
      <p>
        <Link to="/assistance">← {t('helpdesk.back')}</Link>
      </p>
      <h1 tabIndex={-1}>{t('helpdesk.agentTitle', { name: a.displayName })}</h1>
      <dl className="facts">
        <dt>{t('admin.email')}</dt>
        <dd>{a.email}</dd>
        <dt>{t('helpdesk.phone')}</dt>
        <dd>{a.professionalPhone ?? '—'}</dd>
        <dt>{t('helpdesk.mobile')}</dt>
        <dd>{a.mobilePhone ?? '—'}</dd>
        <dt>{t('admin.unit')}</dt>
        <dd>{a.unitName ?? '—'}</dd>
        <dt>{t('helpdesk.status')}</dt>
        <dd>
          <span className={`badge ${a.status}`}>{t(`helpdesk.statuses.${a.status}`)}</span>
          {a.suspendedAt && <> — {t('helpdesk.blockedSince', { date: new Date(a.suspendedAt).toLocaleString(i18n.language), reason: a.suspensionReason ?? '' })}</>}
          {a.lockedUntil && <> — {t('helpdesk.lockedUntil', { date: new Date(a.lockedUntil).toLocaleString(i18n.language) })}</>}
        </dd>
      </dl>
      <FormStatus state={action} />
      {self && <Message kind="info">{t('helpdesk.self')}</Message>}
      {!self && !allowed && <Message kind="info">{t('helpdesk.privileged')}</Message>}

      {allowed && (
        <>
          <h2>{t('helpdesk.identityTitle')}</h2>
          <p>{t('helpdesk.identityIntro')}</p>
          <fieldset>
            <legend>{t('helpdesk.identityTitle')}</legend>
            {CHECKS.map((c) => (
              <div className="checkbox" key={c}>
                <input id={`check-${c}`} type="checkbox" checked={Boolean(checks[c])} onChange={(e) => setChecks({ ...checks, [c]: e.target.checked })} />
                <label htmlFor={`check-${c}`}>
                  {t(`helpdesk.checks.${c}`)}
                  {file.requiredChecks.includes(c) && <strong> ({t('helpdesk.required')})</strong>}
                </label>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="check-note">{t('helpdesk.note')}</label>
            <input id="check-note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
        </>
      )}

      <h2>{t('helpdesk.unblockTitle')}</h2>
      {!blocked && <p>{t('helpdesk.notBlocked')}</p>}
      {blocked && file.pendingUnblockCode && !issued && (
        <Message kind="info">{t('helpdesk.pending', { time: time(file.pendingUnblockCode.expiresAt), attempts: file.pendingUnblockCode.attempts })}</Message>
      )}
      {issued && (
        <div className="message success" role="status">
          {issued.code ? (
            <>
              <p>{t('helpdesk.codeShown')}</p>
              <p className="big-code" aria-label={issued.code.split('').join(' ')}>
                {issued.code}
              </p>
            </>
          ) : (
            <p>{t('helpdesk.codeSent', { to: issued.sentTo })}</p>
          )}
          <p>{t('helpdesk.expires', { time: time(issued.expiresAt) })}</p>
        </div>
      )}
      {blocked && allowed && !issued && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              setIssued(await api.call(endpoints.helpdesk.issueUnblockCode, { params: { id: a.id }, body: { checks, note: note || undefined, delivery } }));
            });
          }}
        >
          <p>{t('helpdesk.unblockIntro')}</p>
          <fieldset>
            <legend>{t('helpdesk.delivery')}</legend>
            <div className="checkbox">
              <input id="delivery-read" type="radio" name="delivery" checked={delivery === 'read-out'} onChange={() => setDelivery('read-out')} />
              <label htmlFor="delivery-read">{t('helpdesk.readOut')}</label>
            </div>
            {file.smsAvailable && (
              <div className="checkbox">
                <input id="delivery-sms" type="radio" name="delivery" checked={delivery === 'sms'} onChange={() => setDelivery('sms')} />
                <label htmlFor="delivery-sms">{t('helpdesk.sms')}</label>
              </div>
            )}
          </fieldset>
          <button type="submit" className="button primary" disabled={action.busy}>
            {t('helpdesk.issue')}
          </button>
        </form>
      )}

      <h2>{t('helpdesk.keys')}</h2>
      {file.keys.length === 0 ? (
        <p>{t('keys.none')}</p>
      ) : (
        <ul className="plain">
          {file.keys.map((k) => (
            <li key={k.id}>
              {k.name} — {k.revokedAt ? t('keys.revoked') : t('keys.active')}
              {!k.revokedAt && allowed && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="button danger small"
                    aria-label={t('keys.revoke', { name: k.name })}
                    onClick={() => {
                      if (!window.confirm(t('keys.confirmRevoke', { name: k.name }))) return;
                      void action.run(async () => {
                        await api.call(endpoints.helpdesk.revokeKey, { params: { id: a.id, keyId: k.id }, body: { reason: 'locked' } });
                        load();
                      });
                    }}
                  >
                    {t('helpdesk.revokeKey')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}

      {allowed && (
        <>
          <h2>{t('helpdesk.enrolTitle')}</h2>
          <p>{t('helpdesk.enrolIntro')}</p>
          <div className="button-row">
            {(['security-key', 'password-totp'] as const).map((method) => (
              <button
                key={method}
                type="button"
                className="button secondary"
                onClick={() =>
                  void action.run(async () => {
                    const r = await api.call(endpoints.helpdesk.issueEnrolment, { params: { id: a.id }, body: { method, checks, note: note || undefined } });
                    setLink(r.link);
                  })
                }
              >
                {method === 'security-key' ? t('helpdesk.enrolKey') : t('helpdesk.enrolPassword')}
              </button>
            ))}
          </div>
          {link && (
            <div className="message info" role="status">
              <p>{t('helpdesk.enrolLink')}</p>
              <p>
                <code className="wrap" data-testid="enrolment-link">
                  {link}
                </code>
              </p>
            </div>
          )}

          <h2>{t('helpdesk.sessions')}</h2>
          <p>{file.sessions.length}</p>
          <button
            type="button"
            className="button secondary"
            onClick={() =>
              void action.run(async () => {
                const r = await api.call(endpoints.helpdesk.endSessions, { params: { id: a.id }, body: {} });
                load();
                return t('helpdesk.ended', { count: r.ended });
              })
            }
          >
            {t('helpdesk.endSessions')}
          </button>
        </>
      )}
    </section>
  );
}
