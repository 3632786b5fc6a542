// One agent's file at the helpdesk: status, the identity check (the checks the tenant
// requires), then the ways back in it opens — a single-use unblock code read out or sent
// by SMS, a new enrolment, a reset of the authenticator app — keys, sessions, pending
// invitations, past unblocks and the history of logins and failures (AuthHistory.tsx);
// for administrators, deactivating or reactivating the account. Agents holding a right
// the helpdesk does not manage are left to an administrator (contracts: canActOnCredentials).
//
// Focus (RGAA 12.8): an action's button is disabled while it runs, or removed by its
// outcome (the form replaced by the code, a revoked key's button). useSubmit keeps focus
// on the action's status meanwhile and on its outcome; an action whose result is shown
// apart (the code to read out, the link to give) then moves focus to that result.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { canActOnCredentials, canAdministerTenant, endpoints, type EndpointResult } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { CopyButton } from '../../lib/CopyButton.tsx';
import { describeUserAgent, formatDateTime, formatTime } from '../../lib/format.ts';
import { useSession } from '../../lib/session.tsx';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { FormStatus, Message } from '../../components/Message.tsx';
import { AuthHistory } from './AuthHistory.tsx';

const CHECKS = ['callback', 'questions', 'manager'] as const;

export function AgentFilePage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const { session } = useSession();
  const loaded = useEndpoint(endpoints.helpdesk.agentFile, { params: { id: id ?? '' } });
  const file = loaded.data;
  const load = loaded.reload;
  // Every action on the file (unblock code, key, enrolment, sessions, account) shows its outcome in one place.
  const action = useSubmit();
  const [checks, setChecks] = useState<Partial<Record<(typeof CHECKS)[number], boolean>>>({});
  const [note, setNote] = useState('');
  const [delivery, setDelivery] = useState<'read-out' | 'sms'>('read-out');
  const [issued, setIssued] = useState<EndpointResult<typeof endpoints.helpdesk.issueUnblockCode> | null>(null);
  const [link, setLink] = useState<{ url: string; reset: boolean } | null>(null);
  const [historyKey, setHistoryKey] = useState(0);
  // The result to focus once it is shown (set by the action, read after the render that shows it).
  const focusResult = useRef<'code' | 'link' | null>(null);
  const codeBox = useRef<HTMLDivElement>(null);
  const linkBox = useRef<HTMLDivElement>(null);
  const timeZone = session?.agent.tenant.timeZone;
  const zone = timeZone ? { timeZone } : {};
  const time = (s: string) => formatTime(s, i18n.language, zone);
  const dateTime = (s: string) => formatDateTime(s, i18n.language, { style: 'short', ...zone });
  useEffect(() => {
    if (focusResult.current === null) return;
    const el = (focusResult.current === 'code' ? codeBox : linkBox).current;
    if (!el) return;
    focusResult.current = null;
    el.focus();
  });

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
  const actor = session ? { roles: session.agent.roles, operator: session.agent.tenant.operator, agentId: session.agent.id } : null;
  const allowed = actor !== null && canActOnCredentials(actor, a);
  const administrator = actor !== null && canAdministerTenant(actor) && !self;

  /** Runs an action on the file (useSubmit keeps focus on its status and outcome); the history is read again. */
  const act = async (work: () => Promise<string | undefined | void>) => {
    await action.run(work);
    setHistoryKey((k) => k + 1);
  };
  const body = () => ({ checks, note: note || undefined });

  return (
    <section className="agent-file">
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
          {a.suspendedAt && <> — {t('helpdesk.blockedSince', { date: dateTime(a.suspendedAt), reason: a.suspensionReason ?? '' })}</>}
          {a.lockedUntil && <> — {t('helpdesk.lockedUntil', { date: dateTime(a.lockedUntil) })}</>}
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
        <Message kind="info">{t('helpdesk.pending', { time: time(file.pendingUnblockCode.expiresAt), count: file.pendingUnblockCode.attempts })}</Message>
      )}
      {issued && (
        <div className="message success" role="status" ref={codeBox} tabIndex={-1}>
          {issued.code ? (
            <>
              <p>{t('helpdesk.codeShown')}</p>
              <p className="big-code">{issued.code}</p>
              <p className="visually-hidden">{t('helpdesk.codeSpelled', { letters: issued.code.split('').join(' ') })}</p>
            </>
          ) : (
            <p>{t('helpdesk.codeSent', { to: issued.sentTo })}</p>
          )}
          <p>{t('helpdesk.expires', { time: time(issued.expiresAt) })}</p>
        </div>
      )}
      {blocked && allowed && !issued && (
        <form
          aria-label={t('helpdesk.unblockTitle')}
          onSubmit={(e) => {
            e.preventDefault();
            void act(async () => {
              setIssued(await api.call(endpoints.helpdesk.issueUnblockCode, { params: { id: a.id }, body: { ...body(), delivery } }));
              focusResult.current = 'code';
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

      <h2 id="keys-title" tabIndex={-1}>
        {t('helpdesk.keys')}
      </h2>
      {file.keys.length === 0 ? (
        <p>{t('keys.none')}</p>
      ) : (
        <ul className="plain">
          {file.keys.map((k) => (
            <li key={k.id}>
              {t('helpdesk.keyLine', {
                name: k.name,
                state: k.revokedAt ? t('keys.revoked') : t('keys.active'),
                created: dateTime(k.createdAt),
                used: k.lastUsedAt ? dateTime(k.lastUsedAt) : t('helpdesk.never'),
              })}
              {!k.revokedAt && allowed && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="button danger small"
                    aria-label={t('keys.revoke', { name: k.name })}
                    disabled={action.busy}
                    onClick={() => {
                      if (!window.confirm(t('keys.confirmRevoke', { name: k.name }))) return;
                      void act(async () => {
                        await api.call(endpoints.helpdesk.revokeKey, { params: { id: a.id, keyId: k.id }, body: { reason: 'locked' } });
                        load();
                        return t('helpdesk.keyRevoked', { name: k.name });
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
                disabled={action.busy}
                onClick={() =>
                  void act(async () => {
                    const r = await api.call(endpoints.helpdesk.issueEnrolment, { params: { id: a.id }, body: { method, ...body() } });
                    setLink({ url: r.link, reset: false });
                    focusResult.current = 'link';
                    load();
                  })
                }
              >
                {method === 'security-key' ? t('helpdesk.enrolKey') : t('helpdesk.enrolPassword')}
              </button>
            ))}
          </div>

          <h2>{t('helpdesk.totp.title')}</h2>
          <p>{file.hasPasswordTotp ? t('helpdesk.totp.has') : t('helpdesk.totp.hasNot')}</p>
          <p>{t('helpdesk.totp.intro')}</p>
          <button
            type="button"
            className="button secondary"
            disabled={action.busy}
            onClick={() => {
              if (!window.confirm(t('helpdesk.totp.confirm', { name: a.displayName }))) return;
              void act(async () => {
                const r = await api.call(endpoints.helpdesk.resetPasswordTotp, { params: { id: a.id }, body: body() });
                setLink({ url: r.link, reset: true });
                focusResult.current = 'link';
                load();
              });
            }}
          >
            {t('helpdesk.totp.reset')}
          </button>
          {link && (
            <div className="message info" role="status" ref={linkBox} tabIndex={-1}>
              <p>{link.reset ? t('helpdesk.totp.done') : t('helpdesk.enrolLink')}</p>
              <p>
                <code className="wrap" data-testid="enrolment-link">
                  {link.url}
                </code>
              </p>
              <CopyButton value={link.url} what={t('helpdesk.copyWhat')} />
            </div>
          )}
        </>
      )}

      <h2>{t('helpdesk.heldDevices.title')}</h2>
      {file.devices.length === 0 ? (
        <p>{t('helpdesk.heldDevices.none')}</p>
      ) : (
        <ul className="plain">
          {file.devices.map((d) => (
            <li key={d.id}>
              {t('helpdesk.heldDevices.line', {
                name: d.name,
                kind: t(`fleet.kinds.${d.kind}`),
                serial: d.serial ?? '—',
                status: t(`fleet.laptopStatus.${d.status}`),
              })}
              {d.registeredAt && (
                <>
                  {' '}
                  {t('helpdesk.heldDevices.registered', { date: dateTime(d.registeredAt), browser: describeUserAgent(d.registeredUserAgent, i18n.language) })}
                </>
              )}
              {d.stolenAt && <> {t('helpdesk.heldDevices.stolen', { date: dateTime(d.stolenAt) })}</>}
            </li>
          ))}
        </ul>
      )}

      <h2>{t('helpdesk.invitations.title')}</h2>
      {file.pendingEnrolments.length === 0 ? (
        <p>{t('helpdesk.invitations.none')}</p>
      ) : (
        <ul className="plain">
          {file.pendingEnrolments.map((e) => (
            <li key={e.id}>
              {t('helpdesk.invitations.line', { purpose: t(`helpdesk.invitations.purposes.${e.purpose}`), created: dateTime(e.createdAt), expires: dateTime(e.expiresAt) })}
            </li>
          ))}
        </ul>
      )}

      <h2>{t('helpdesk.sessions')}</h2>
      {file.sessions.length === 0 ? (
        <p>{t('helpdesk.noSession')}</p>
      ) : (
        <>
          <p>{t('helpdesk.sessionCount', { count: file.sessions.length })}</p>
          <ul className="plain">
            {file.sessions.map((s) => (
              <li key={s.id}>
                {t('helpdesk.sessionLine', {
                  device: t(`trust.${s.trust}`),
                  browser: describeUserAgent(s.userAgent, i18n.language),
                  since: dateTime(s.createdAt),
                  seen: dateTime(s.lastSeenAt),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      {allowed && file.sessions.length > 0 && (
        <button
          type="button"
          className="button secondary"
          disabled={action.busy}
          onClick={() =>
            void act(async () => {
              const r = await api.call(endpoints.helpdesk.endSessions, { params: { id: a.id }, body: {} });
              load();
              return t('helpdesk.ended', { count: r.ended });
            })
          }
        >
          {t('helpdesk.endSessions')}
        </button>
      )}

      <h2>{t('helpdesk.unblocks.title')}</h2>
      {file.unblocks.length === 0 ? (
        <p>{t('helpdesk.unblocks.none')}</p>
      ) : (
        <ul className="plain">
          {file.unblocks.map((u) => (
            <li key={u.at}>
              {u.issuedByName ? t('helpdesk.unblocks.line', { date: dateTime(u.at), name: u.issuedByName }) : t('helpdesk.unblocks.lineUnknown', { date: dateTime(u.at) })}
            </li>
          ))}
        </ul>
      )}

      <AuthHistory agentId={a.id} agentName={a.displayName} reloadKey={historyKey} />

      {administrator && (
        <>
          <h2>{t('helpdesk.account.title')}</h2>
          {a.status === 'disabled' ? (
            <>
              <p>{t('helpdesk.account.reactivateIntro')}</p>
              <button
                type="button"
                className="button secondary"
                disabled={action.busy}
                onClick={() => {
                  if (!window.confirm(t('helpdesk.account.confirmReactivate', { name: a.displayName }))) return;
                  void act(async () => {
                    await api.call(endpoints.org.reactivateAgent, { params: { id: a.id }, body: {} });
                    load();
                    return t('helpdesk.account.reactivated');
                  });
                }}
              >
                {t('helpdesk.account.reactivate')}
              </button>
            </>
          ) : (
            <>
              <p>{t('helpdesk.account.deactivateIntro')}</p>
              <button
                type="button"
                className="button danger"
                disabled={action.busy}
                onClick={() => {
                  if (!window.confirm(t('helpdesk.account.confirmDeactivate', { name: a.displayName }))) return;
                  void act(async () => {
                    await api.call(endpoints.org.deactivateAgent, { params: { id: a.id }, body: {} });
                    load();
                    return t('helpdesk.account.deactivated');
                  });
                }}
              >
                {t('helpdesk.account.deactivate')}
              </button>
            </>
          )}
        </>
      )}
    </section>
  );
}
