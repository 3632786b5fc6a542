// A searchable, paged table over one of the API's list endpoints ({ items, total, page,
// pageSize }), typed from the endpoint's response: `<PagedList endpoint={endpoints.org.listAgents} …/>`.
// The result count is announced politely; paging buttons are real buttons.
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointUrl, type EndpointDefinition, type EndpointResult } from '@estran/contracts';
import { api, ApiFailure } from '../lib/api.ts';
import { Message } from './Message.tsx';
import { TableWrap } from '../lib/TableWrap.tsx';

export type Column<T> = { header: string; cell: (item: T) => ReactNode };

/** A GET endpoint answering one page of items. */
type ListEndpoint = EndpointDefinition & { method: 'GET' };
type ListPage<E extends ListEndpoint> = EndpointResult<E> extends { items: readonly (infer T)[]; total: number; pageSize: number } ? { items: readonly T[]; total: number; pageSize: number } : never;
/** The type of one item of a list endpoint's page. */
export type ListItem<E extends ListEndpoint> = ListPage<E>['items'][number];

export function PagedList<const E extends ListEndpoint>(props: {
  endpoint: E;
  label: string;
  columns: Column<ListItem<E>>[];
  /** Filters added to the search and paging (empty values are left out). */
  filters?: Record<string, string | undefined>;
  searchHint?: string;
  /** The search form's name, when a page has more than one list (« Rechercher un agent »). */
  searchLabel?: string;
  /** Without the free-text search (a list filtered by its page's own form). */
  searchable?: boolean;
  reloadKey?: number;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [q, setQ] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ListPage<E> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pageSize = 25;
  const extra = JSON.stringify(props.filters ?? {});
  const url = endpointUrl(props.endpoint, undefined, { q: submitted, page, pageSize, ...(JSON.parse(extra) as Record<string, string>) });

  useEffect(() => {
    let cancelled = false;
    api
      .get<ListPage<E>>(url)
      .then((d) => {
        if (!cancelled) {
          setData(d);
          setError(null);
        }
      })
      .catch((e: unknown) => !cancelled && setError(e instanceof ApiFailure ? e.message : t('errors.generic')));
    return () => {
      cancelled = true;
    };
  }, [url, props.reloadKey, t]);

  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <div className="paged-list">
      {props.searchable !== false && (
      <form
        role="search"
        aria-label={props.searchLabel ?? `${t('list.search')} — ${props.label}`}
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setSubmitted(q.trim());
        }}
      >
        <label htmlFor={`${id}-q`}>{props.searchLabel ?? t('list.search')}</label>
        <input id={`${id}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={props.searchHint} />
        <button type="submit" className="button">
          {t('list.searchButton')}
        </button>
      </form>
      )}
      <Message kind="error">{error}</Message>
      <p role="status" className="muted">
        {data ? t('list.results', { count: data.total }) : t('app.loading')}
      </p>
      {data && data.items.length > 0 && (
        <TableWrap label={props.label}>
          <table>
            <caption className="visually-hidden">{props.label}</caption>
            <thead>
              <tr>
                {props.columns.map((c) => (
                  <th key={c.header} scope="col">
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={(item as { id: string }).id}>
                  {props.columns.map((c) => (
                    <td key={c.header}>{c.cell(item)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {data && data.items.length === 0 && <p>{t('list.empty')}</p>}
      {data && pages > 1 && (
        <nav className="pager" aria-label={`${t('list.pagination')} — ${props.label}`}>
          {/* aria-disabled, not disabled: reaching the first or last page must not drop focus to <body> (RGAA 12.8). */}
          <button type="button" className="button secondary" aria-disabled={page <= 1 || undefined} onClick={() => page > 1 && setPage((p) => p - 1)}>
            {t('list.previous')}
          </button>
          <span>{t('list.page', { page, pages })}</span>
          <button type="button" className="button secondary" aria-disabled={page >= pages || undefined} onClick={() => page < pages && setPage((p) => p + 1)}>
            {t('list.next')}
          </button>
        </nav>
      )}
    </div>
  );
}
