// The administration area's « Sites » tab: the tenant's offices, permanence sites and
// telecentres, a form to create one, and per row a form to change it: name, kind, unit,
// address, sharing with partners, opening hours (PATCH /api/admin/sites/{id}).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, siteKinds, weekdays, type OpeningPeriod, type Site, type Unit } from '@estran/contracts';
import { FormStatus } from '../../components/Message.tsx';
import { PagedList } from '../../components/PagedList.tsx';
import { api } from '../../lib/api.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { useUnitChoices } from './UnitsTab.tsx';

type SiteKind = Site['kind'];
const NONE = '';

function SiteUnitSelect(props: { id: string; value: string; onChange: (v: string) => void; units: readonly Unit[] }) {
  const { t } = useTranslation();
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      <option value={NONE}>{t('sites.none')}</option>
      {props.units
        .filter((u) => u.closedAt === null || u.id === props.value)
        .map((u) => (
          <option key={u.id} value={u.id}>
            {u.path}
          </option>
        ))}
    </select>
  );
}

function SiteKindSelect(props: { id: string; value: SiteKind; onChange: (v: SiteKind) => void }) {
  const { t } = useTranslation();
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value as SiteKind)}>
      {siteKinds.map((k) => (
        <option key={k} value={k}>
          {t(`kinds.site.${k}`)}
        </option>
      ))}
    </select>
  );
}

/** The opening hours in a line: "Lundi 08:30–12:00, 13:30–17:00 ; Jeudi 09:00–12:00". */
function hoursText(periods: readonly OpeningPeriod[], t: (key: string) => string) {
  if (periods.length === 0) return t('sites.noHours');
  return weekdays
    .map((d) => {
      const of = periods.filter((p) => p.weekday === d).sort((a, b) => a.opens.localeCompare(b.opens));
      return of.length ? `${t(`sites.weekdays.${d}`)} ${of.map((p) => `${p.opens}–${p.closes}`).join(', ')}` : null;
    })
    .filter(Boolean)
    .join(' ; ');
}

function OpeningHoursEditor({ id, value, onChange }: { id: string; value: OpeningPeriod[]; onChange: (v: OpeningPeriod[]) => void }) {
  const { t } = useTranslation();
  const set = (i: number, change: Partial<OpeningPeriod>) => onChange(value.map((p, j) => (j === i ? { ...p, ...change } : p)));
  return (
    <fieldset className="opening-hours">
      <legend>{t('sites.hours')}</legend>
      {value.map((p, i) => (
        <div className="inline-form compact" key={i} role="group" aria-label={t('sites.period', { n: i + 1 })}>
          <div className="field">
            <label htmlFor={`${id}-${i}-day`}>{t('sites.weekday')}</label>
            <select id={`${id}-${i}-day`} value={p.weekday} onChange={(e) => set(i, { weekday: e.target.value as OpeningPeriod['weekday'] })}>
              {weekdays.map((d) => (
                <option key={d} value={d}>
                  {t(`sites.weekdays.${d}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-${i}-opens`}>{t('sites.opens')}</label>
            <input id={`${id}-${i}-opens`} type="time" required value={p.opens} onChange={(e) => set(i, { opens: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-${i}-closes`}>{t('sites.closes')}</label>
            <input id={`${id}-${i}-closes`} type="time" required value={p.closes} onChange={(e) => set(i, { closes: e.target.value })} />
          </div>
          <button type="button" className="button secondary" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            {t('sites.removePeriod', { n: i + 1 })}
          </button>
        </div>
      ))}
      {value.length < 21 && (
        <button type="button" className="button secondary" onClick={() => onChange([...value, { weekday: 'monday', opens: '09:00', closes: '12:00' }])}>
          {t('sites.addPeriod')}
        </button>
      )}
    </fieldset>
  );
}

/** The fields both forms share. */
function SiteFields(props: {
  id: string;
  units: readonly Unit[];
  state: { name: string; kind: SiteKind; unitId: string; street: string; postalCode: string; city: string; shared: boolean };
  set: (change: Partial<{ name: string; kind: SiteKind; unitId: string; street: string; postalCode: string; city: string; shared: boolean }>) => void;
}) {
  const { t } = useTranslation();
  const { id, state, set } = props;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('admin.name')}</label>
        <input id={`${id}-name`} required maxLength={200} value={state.name} onChange={(e) => set({ name: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('sites.kind')}</label>
        <SiteKindSelect id={`${id}-kind`} value={state.kind} onChange={(kind) => set({ kind })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-unit`}>{t('sites.unit')}</label>
        <SiteUnitSelect id={`${id}-unit`} value={state.unitId} onChange={(unitId) => set({ unitId })} units={props.units} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-street`}>{t('sites.street')}</label>
        <input id={`${id}-street`} maxLength={200} autoComplete="street-address" value={state.street} onChange={(e) => set({ street: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-postal`}>{t('sites.postalCode')}</label>
        <input id={`${id}-postal`} inputMode="numeric" pattern="[0-9]{5}" maxLength={5} autoComplete="postal-code" value={state.postalCode} onChange={(e) => set({ postalCode: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-city`}>{t('sites.city')}</label>
        <input id={`${id}-city`} required maxLength={200} value={state.city} onChange={(e) => set({ city: e.target.value })} />
      </div>
      <div className="field checkbox">
        <input id={`${id}-shared`} type="checkbox" checked={state.shared} onChange={(e) => set({ shared: e.target.checked })} />
        <label htmlFor={`${id}-shared`}>{t('sites.shared')}</label>
      </div>
    </>
  );
}

type FieldsState = Parameters<typeof SiteFields>[0]['state'];

function SiteEditForm({ site, units, onSaved }: { site: Site; units: readonly Unit[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [state, setState] = useState<FieldsState>({
    name: site.name,
    kind: site.kind,
    unitId: site.unitId ?? NONE,
    street: site.street ?? '',
    postalCode: site.postalCode ?? '',
    city: site.city,
    shared: site.sharedWithPartners,
  });
  const [hours, setHours] = useState<OpeningPeriod[]>(site.openingHours);
  const submit = useSubmit();
  return (
    <details className="row-editor">
      <summary>{t('sites.edit', { name: site.name })}</summary>
      <form
        className="inline-form"
        aria-label={t('sites.edit', { name: site.name })}
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            const saved = await api.call(endpoints.org.updateSite, {
              params: { id: site.id },
              body: {
                name: state.name,
                kind: state.kind,
                unitId: state.unitId === NONE ? null : state.unitId,
                street: state.street.trim() ? state.street : null,
                postalCode: state.postalCode.trim() ? state.postalCode : null,
                city: state.city,
                sharedWithPartners: state.shared,
                openingHours: hours,
              },
            });
            onSaved();
            return t('sites.saved', { name: saved.name });
          });
        }}
      >
        <SiteFields id={id} units={units} state={state} set={(c) => setState((s) => ({ ...s, ...c }))} />
        <OpeningHoursEditor id={`${id}-hours`} value={hours} onChange={setHours} />
        <button type="submit" className="button" disabled={submit.busy}>
          {t('sites.save')}
        </button>
        <FormStatus state={submit} />
      </form>
    </details>
  );
}

const EMPTY: FieldsState = { name: '', kind: 'office', unitId: NONE, street: '', postalCode: '', city: '', shared: false };

export function SitesTab() {
  const { t } = useTranslation();
  const id = useId();
  const [reload, setReload] = useState(0);
  const { units } = useUnitChoices();
  const [state, setState] = useState<FieldsState>(EMPTY);
  const submit = useSubmit();
  const changed = () => setReload((r) => r + 1);
  return (
    <>
      <PagedList
        endpoint={endpoints.org.listSites}
        label={t('admin.sites')}
        reloadKey={reload}
        columns={[
          { header: t('admin.name'), cell: (s) => s.name },
          { header: t('admin.kind'), cell: (s) => t(`kinds.site.${s.kind}`) },
          { header: t('admin.city'), cell: (s) => `${s.postalCode ?? ''} ${s.city}`.trim() },
          { header: t('admin.shared'), cell: (s) => (s.sharedWithPartners ? t('admin.yes') : t('admin.no')) },
          { header: t('sites.hours'), cell: (s) => hoursText(s.openingHours, t) },
          { header: t('sites.actions'), cell: (s) => <SiteEditForm key={s.id} site={s} units={units} onSaved={changed} /> },
        ]}
      />
      <h2 id={`${id}-title`}>{t('sites.create')}</h2>
      <form
        className="inline-form"
        aria-labelledby={`${id}-title`}
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            await api.call(endpoints.org.createSite, {
              body: {
                name: state.name,
                kind: state.kind,
                city: state.city,
                sharedWithPartners: state.shared,
                ...(state.unitId === NONE ? {} : { unitId: state.unitId }),
                ...(state.street.trim() ? { street: state.street } : {}),
                ...(state.postalCode.trim() ? { postalCode: state.postalCode } : {}),
              },
            });
            const created = state.name;
            setState(EMPTY);
            changed();
            return t('sites.created', { name: created });
          });
        }}
      >
        <SiteFields id={id} units={units} state={state} set={(c) => setState((s) => ({ ...s, ...c }))} />
        <button type="submit" className="button" disabled={submit.busy}>
          {t('sites.createButton')}
        </button>
      </form>
      <FormStatus state={submit} />
    </>
  );
}
