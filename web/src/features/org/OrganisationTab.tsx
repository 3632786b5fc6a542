// The administration area's « Organisation » tab (issue 17): the organisation's name, kind,
// helpdesk number and time zone (PATCH /api/admin/organisation), and its logo, chosen
// with a preview, sent as the file itself (PUT /api/admin/organisation/logo) or removed.
// The shell's header shows the new name and logo at once (the session is read again).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, frenchPhonePattern, limits, tenantKinds, type Organisation } from '@estran/contracts';
import { FormStatus, Message } from '../../components/Message.tsx';
import { ApiFailure, api } from '../../lib/api.ts';
import { Field } from '../../lib/Field.tsx';
import { useSession } from '../../lib/session.tsx';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { FormError, useSubmit } from '../../lib/use-submit.ts';

type Kind = Exclude<Organisation['kind'], 'operator'>;
const KINDS = tenantKinds.filter((k): k is Kind => k !== 'operator');
const LOGO_TYPES = 'image/png,image/jpeg,image/webp';
const maxKib = limits.organisationLogoMaxBytes / 1024;

/** Every IANA zone this browser knows, for the field's suggestions. */
const zones: readonly string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Europe/Paris'];

function DetailsForm({ organisation, onSaved }: { organisation: Organisation; onSaved: (o: Organisation) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(organisation.name);
  const [kind, setKind] = useState<Organisation['kind']>(organisation.kind);
  const [phone, setPhone] = useState(organisation.helpdeskPhone ?? '');
  const [timeZone, setTimeZone] = useState(organisation.timeZone);
  const submit = useSubmit();
  return (
    <form
      noValidate
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        void submit.run(
          async () => {
            // Only what changed is sent (the audit trail then names just that).
            const helpdeskPhone = phone.trim() || null;
            const body = {
              name,
              ...(helpdeskPhone !== organisation.helpdeskPhone ? { helpdeskPhone } : {}),
              ...(timeZone !== organisation.timeZone ? { timeZone } : {}),
              ...(kind !== 'operator' && kind !== organisation.kind ? { kind } : {}),
            };
            const saved = await api.call(endpoints.org.updateOrganisation, { body });
            onSaved(saved);
            return t('organisation.saved', { name: saved.name });
          },
          { form },
        );
      }}
    >
      <h2 id={`${id}-title`}>{t('organisation.details')}</h2>
      <FormStatus state={submit} />
      <Field id={`${id}-name`} name="name" label={t('organisation.name')} required errors={submit.fieldErrors}>
        <input maxLength={limits.nameMax} autoComplete="organization" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      {kind === 'operator' ? (
        <p>
          <strong>{t('organisation.kind')}</strong> : {t('organisation.operatorKind')}
        </p>
      ) : (
        <Field id={`${id}-kind`} name="kind" label={t('organisation.kind')} errors={submit.fieldErrors}>
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.tenant.${k}`)}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field id={`${id}-phone`} name="helpdeskPhone" label={t('organisation.phone')} hint={t('organisation.phoneHint')} errors={submit.fieldErrors}>
        <input type="tel" autoComplete="tel" maxLength={limits.phoneMax} pattern={frenchPhonePattern.source} data-format="01 23 45 67 89" value={phone} onChange={(e) => setPhone(e.target.value)} />
      </Field>
      <Field id={`${id}-zone`} name="timeZone" label={t('organisation.timeZone')} hint={t('organisation.timeZoneHint')} required errors={submit.fieldErrors}>
        <input list={`${id}-zones`} maxLength={64} spellCheck={false} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
      </Field>
      <datalist id={`${id}-zones`}>
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      {organisation.hostnames.length > 0 && (
        <>
          <h3>{t('organisation.hostnames')}</h3>
          <p className="hint">{t('organisation.hostnamesHint')}</p>
          <ul>
            {organisation.hostnames.map((h) => (
              <li key={h}>{h}</li>
            ))}
          </ul>
        </>
      )}
      <button type="submit" className="button primary" disabled={submit.busy}>
        {t('organisation.save')}
      </button>
    </form>
  );
}

/** The chosen file as a data: URL (the Content-Security-Policy allows data: images, not blob:). */
function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('lecture impossible'));
    reader.readAsDataURL(file);
  });
}

/** PUT the image itself as the body, with the session's CSRF token; the server's refusal as an ApiFailure. */
async function sendLogo(file: File, csrfToken: string): Promise<Organisation> {
  const res = await fetch(api.url(endpoints.org.putOrganisationLogo), {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': file.type || 'application/octet-stream', 'x-csrf-token': csrfToken },
    body: file,
  }).catch(() => {
    throw new ApiFailure(0, { error: 'network', message: 'Le serveur est injoignable. Vérifiez votre connexion.' });
  });
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new ApiFailure(res.status, data);
  return data as Organisation;
}

function LogoForm({ organisation, onSaved }: { organisation: Organisation; onSaved: (o: Organisation) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const { session } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const submit = useSubmit();
  const remove = useSubmit();
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('organisation.logo')}</h2>
      <p>{t('organisation.logoIntro')}</p>
      {organisation.logo ? (
        <figure className="logo-preview">
          <img src={organisation.logo.url} alt={organisation.name} />
          <figcaption>{t('organisation.logoCurrent')}</figcaption>
        </figure>
      ) : (
        <p className="muted">{t('organisation.logoNone')}</p>
      )}
      <form
        noValidate
        aria-label={t('organisation.logoSave')}
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(
            async () => {
              if (!file) throw new FormError(t('organisation.logoChoose'), { field: 'logo' });
              if (file.size > limits.organisationLogoMaxBytes) throw new FormError(t('organisation.logoTooLarge', { max: maxKib }), { field: 'logo' });
              try {
                onSaved(await sendLogo(file, session?.csrfToken ?? ''));
              } catch (error) {
                // The server's word on the file itself (not an image it takes, too large) is about this field.
                if (error instanceof ApiFailure && (error.status === 413 || error.status === 415)) throw new FormError(error.message, { field: 'logo' });
                throw error;
              }
              setFile(null);
              setPreview(null);
              setInputKey((k) => k + 1);
              return t('organisation.logoSaved');
            },
            { form: e.currentTarget },
          );
        }}
      >
        <FormStatus state={submit} />
        <Field id={`${id}-file`} name="logo" label={t('organisation.logoFile')} hint={t('organisation.logoHint', { max: maxKib })} required errors={submit.fieldErrors}>
          <input
            key={inputKey}
            type="file"
            accept={LOGO_TYPES}
            onChange={(e) => {
              const chosen = e.target.files?.[0] ?? null;
              setFile(chosen);
              setPreview(null);
              if (chosen) void readAsDataUrl(chosen).then(setPreview, () => setPreview(null));
            }}
          />
        </Field>
        {preview && (
          <figure className="logo-preview">
            <img src={preview} alt={t('organisation.logoPreview')} />
            <figcaption>{t('organisation.logoPreview')}</figcaption>
          </figure>
        )}
        <button type="submit" className="button primary" disabled={submit.busy}>
          {t('organisation.logoSave')}
        </button>
      </form>
      {organisation.logo && (
        <button
          type="button"
          className="button secondary"
          disabled={remove.busy}
          onClick={() =>
            void remove.run(async () => {
              await api.call(endpoints.org.deleteOrganisationLogo);
              onSaved({ ...organisation, logo: null });
              return t('organisation.logoRemoved');
            })
          }
        >
          {t('organisation.logoRemove')}
        </button>
      )}
      {/* Stays when the button goes: it says the logo was removed, and takes the focus. */}
      <FormStatus state={remove} />
    </section>
  );
}

export function OrganisationTab() {
  const { t } = useTranslation();
  const loaded = useEndpoint(endpoints.org.readOrganisation, {});
  const { refresh } = useSession();
  const [edited, setEdited] = useState<Organisation | null>(null);
  const organisation = edited ?? loaded.data;
  if (!organisation) return loaded.error ? <Message kind="error">{loaded.error.message}</Message> : null;
  // The header shows the session's organisation name and logo: read it again after a change.
  const saved = (o: Organisation) => {
    setEdited(o);
    void refresh();
  };
  return (
    <>
      <p>{t('organisation.intro')}</p>
      <DetailsForm organisation={organisation} onSaved={saved} />
      <LogoForm organisation={organisation} onSaved={saved} />
    </>
  );
}
