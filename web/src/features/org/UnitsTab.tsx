// The administration area's « Unités » tab: the tenant's units with their path and state,
// a form to create one, and per row a form to rename it, change its code or kind, move it
// under another unit (or to the top level), close or reopen it (PATCH /api/admin/units/{id}).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, unitKinds, type Unit } from '@estran/contracts';
import { FormStatus } from '../../components/Message.tsx';
import { PagedList } from '../../components/PagedList.tsx';
import { api } from '../../lib/api.ts';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { formatDate } from '../../lib/format.ts';

type UnitKind = Unit['kind'];
const ROOT = '';

/** A unit's closing date in the interface's language and the tenant's time zone. */
export function formatClosing(iso: string, language: string) {
  return formatDate(iso, language);
}

/** The tenant's units for the selects (a tenant has hundreds at most: the first page of 100). */
export function useUnitChoices() {
  const { data, reload } = useEndpoint(endpoints.org.listUnits, { query: { pageSize: 100 } }, { keepPrevious: true });
  return { units: data?.items ?? [], reload };
}

function UnitParentSelect(props: { id: string; value: string; onChange: (v: string) => void; units: readonly Unit[]; exclude?: string }) {
  const { t } = useTranslation();
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      <option value={ROOT}>{t('units.root')}</option>
      {props.units
        .filter((u) => u.id !== props.exclude && (u.closedAt === null || u.id === props.value))
        .map((u) => (
          <option key={u.id} value={u.id}>
            {u.path}
          </option>
        ))}
    </select>
  );
}

function UnitKindSelect(props: { id: string; value: UnitKind; onChange: (v: UnitKind) => void }) {
  const { t } = useTranslation();
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value as UnitKind)}>
      {unitKinds.map((k) => (
        <option key={k} value={k}>
          {t(`kinds.unit.${k}`)}
        </option>
      ))}
    </select>
  );
}

function UnitEditForm({ unit, units, onSaved }: { unit: Unit; units: readonly Unit[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(unit.name);
  const [code, setCode] = useState(unit.code);
  const [kind, setKind] = useState<UnitKind>(unit.kind);
  const [parentId, setParentId] = useState(unit.parentId ?? ROOT);
  const [closed, setClosed] = useState(unit.closedAt !== null);
  const submit = useSubmit();
  return (
    <details className="row-editor">
      <summary>{t('units.edit', { name: unit.name })}</summary>
      <form
        className="inline-form"
        aria-label={t('units.edit', { name: unit.name })}
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            const saved = await api.call(endpoints.org.updateUnit, {
              params: { id: unit.id },
              body: { name, code, kind, parentId: parentId === ROOT ? null : parentId, closed },
            });
            onSaved();
            return t('units.saved', { name: saved.name });
          });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('admin.name')}</label>
          <input id={`${id}-name`} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-code`}>{t('units.code')}</label>
          <input id={`${id}-code`} required maxLength={50} value={code} onChange={(e) => setCode(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('units.kind')}</label>
          <UnitKindSelect id={`${id}-kind`} value={kind} onChange={setKind} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-parent`}>{t('units.parent')}</label>
          <UnitParentSelect id={`${id}-parent`} value={parentId} onChange={setParentId} units={units} exclude={unit.id} />
        </div>
        <div className="field checkbox">
          <input id={`${id}-closed`} type="checkbox" checked={closed} onChange={(e) => setClosed(e.target.checked)} />
          <label htmlFor={`${id}-closed`}>{t('units.closed')}</label>
        </div>
        <button type="submit" className="button" disabled={submit.busy}>
          {t('units.save')}
        </button>
        <FormStatus state={submit} />
      </form>
    </details>
  );
}

export function UnitsTab() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [reload, setReload] = useState(0);
  const { units, reload: reloadUnits } = useUnitChoices();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<UnitKind>('service');
  const [parentId, setParentId] = useState(ROOT);
  const submit = useSubmit();
  const changed = () => {
    setReload((r) => r + 1);
    reloadUnits();
  };
  return (
    <>
      <PagedList
        endpoint={endpoints.org.listUnits}
        label={t('admin.units')}
        reloadKey={reload}
        columns={[
          { header: t('admin.name'), cell: (u) => u.name },
          { header: t('units.code'), cell: (u) => u.code },
          { header: t('admin.kind'), cell: (u) => t(`kinds.unit.${u.kind}`) },
          { header: t('admin.path'), cell: (u) => u.path },
          { header: t('units.state'), cell: (u) => (u.closedAt ? t('units.closedOn', { date: formatClosing(u.closedAt, i18n.language) }) : t('units.open')) },
          { header: t('units.actions'), cell: (u) => <UnitEditForm key={u.id} unit={u} units={units} onSaved={changed} /> },
        ]}
      />
      <h2 id={`${id}-title`}>{t('units.create')}</h2>
      <form
        className="inline-form"
        aria-labelledby={`${id}-title`}
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            await api.call(endpoints.org.createUnit, { body: { name, code, kind, ...(parentId === ROOT ? {} : { parentId }) } });
            const created = name;
            setName('');
            setCode('');
            changed();
            return t('units.created', { name: created });
          });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('admin.name')}</label>
          <input id={`${id}-name`} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-code`}>{t('units.code')}</label>
          <input id={`${id}-code`} required maxLength={50} value={code} onChange={(e) => setCode(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('units.kind')}</label>
          <UnitKindSelect id={`${id}-kind`} value={kind} onChange={setKind} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-parent`}>{t('units.parent')}</label>
          <UnitParentSelect id={`${id}-parent`} value={parentId} onChange={setParentId} units={units} />
        </div>
        <button type="submit" className="button" disabled={submit.busy}>
          {t('units.createButton')}
        </button>
      </form>
      <FormStatus state={submit} />
    </>
  );
}
