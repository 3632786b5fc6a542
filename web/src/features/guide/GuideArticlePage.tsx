// An article as in force today or at a chosen date: the trail, the title, the text (links
// on references to other articles), its versions with what changed in each, the agent's
// bookmark and private note, and a printable layout (?print=1).
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { endpoints, type ArticlePage, type Bookmark, type TocPage } from '@estran/contracts';
import { api, type ApiFailure } from '../../lib/api.ts';
import { FormStatus } from '../../components/Message.tsx';
import { usePageTitle } from '../../lib/page-title.tsx';
import { useSubmit } from '../../lib/use-submit.ts';
import { ArticleText } from './ArticleText.tsx';
import { useGuide } from './GuideLayout.tsx';
import { GUIDE_LANG, articleHref, bookmarksHref, bulletinHref, codeName, diffHref, formatDay, formatMoment, isDay, parentFolder, printHref, splitTitle } from './links.ts';
import { ApiError, AtForm, Breadcrumbs, Day } from './parts.tsx';
import { useEndpoint, useFocusWhenLoaded } from '../../lib/use-api-data.ts';

export function GuideArticlePage() {
  const { t, i18n } = useTranslation();
  const splat = (useParams()['*'] ?? '').replace(/^\/+|\/+$/g, '');
  const path = splat.endsWith('.md') ? splat : `${splat}.md`;
  const [params, setParams] = useSearchParams();
  const at = isDay(params.get('at')) ? params.get('at')! : '';
  const print = params.get('print') === '1';
  const article = useEndpoint(endpoints.guide.article, { params: { '*': path }, query: { at } });
  const folder = parentFolder(path);
  const toc = useEndpoint(endpoints.guide.toc, folder && !print ? { query: { path: folder, at } } : null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusWhenLoaded(heading, article.data ? `${path}@${at}@${print}` : null);
  // The title names the article and its code (« Article L264-1 — Code de l’action sociale… »).
  const code = codeName(path);
  const named = article.data ? splitTitle(article.data.title).heading : null;
  usePageTitle(named && code ? `${named} — ${code}` : null);

  if (print) return <PrintableArticle path={path} at={at} article={article.data} error={article.error} loading={article.loading} headingRef={heading} />;

  const a = article.data;
  const title = a ? splitTitle(a.title) : null;
  return (
    <article className="guide-article" aria-busy={article.loading}>
      {a && <Breadcrumbs trail={toc.data?.breadcrumbs ?? []} current={t('guide.article.numbered', { number: a.number })} at={at || undefined} />}
      {article.loading && <p role="status">{t('app.loading')}</p>}
      {article.error && (
        <>
          <h1 ref={heading} tabIndex={-1}>
            {t('guide.article.notFoundTitle')}
          </h1>
          <ApiError error={article.error} />
          {at && (
            <p>
              <Link to={articleHref(path)}>{t('guide.article.showToday')}</Link>
            </p>
          )}
        </>
      )}
      {a && title && (
        <>
          <header className="article-header">
            <h1 ref={heading} tabIndex={-1}>
              {title.heading}
            </h1>
            {codeName(path) && (
              <p className="code-name" lang={GUIDE_LANG}>
                {codeName(path)}
              </p>
            )}
            <p className="validity">
              <Validity from={a.validFrom} to={a.validTo} />
            </p>
            {at && (
              <p className="notice">
                {t('guide.article.shownAt')} <Day value={at} />. <Link to={articleHref(path)}>{t('guide.article.showToday')}</Link>
              </p>
            )}
          </header>
          <div className="article-layout">
            <div className="article-body">
              <ArticleText markdown={a.text} at={at || undefined} links={a.links} />
              <Neighbours path={path} at={at} toc={toc.data} />
            </div>
            <aside className="article-tools" aria-label={t('guide.article.tools')}>
              <p>
                <Link to={printHref(path, at || undefined)}>{t('guide.article.printable')}</Link>
              </p>
              <BookmarkBox key={path} path={path} number={a.number} />
              <section aria-labelledby="versions-heading">
                <h2 id="versions-heading">{t('guide.article.versions')}</h2>
                <ol className="versions">
                  {a.versions.map((v, i) => {
                    const shown = v.validFrom === a.validFrom;
                    const previous = a.versions[i - 1];
                    return (
                      <li key={v.validFrom} aria-current={shown ? 'true' : undefined}>
                        <Validity from={v.validFrom} to={v.validTo} short />
                        <span className="muted small-text">
                          {v.bulletin ? (
                            <>
                              {t('guide.article.fromBulletin')}{' '}
                              <Link to={bulletinHref(v.bulletin)}>
                                {t('guide.bulletin.title')} <Day value={v.bulletin} />
                              </Link>
                            </>
                          ) : (
                            t('guide.article.fromEdition')
                          )}
                        </span>
                        <span className="version-actions">
                          {shown ? (
                            <strong>{t('guide.article.shownVersion')}</strong>
                          ) : (
                            <Link to={articleHref(path, v.validFrom)}>
                              {t('guide.article.showVersion')}
                              <span className="visually-hidden"> {t('guide.article.ofDate', { date: formatDay(v.validFrom, i18n.language) })}</span>
                            </Link>
                          )}
                          {previous && (
                            <Link to={diffHref(path, previous.validFrom, v.validFrom)}>
                              {t('guide.article.seeChanges')}
                              <span className="visually-hidden"> {t('guide.article.ofDate', { date: formatDay(v.validFrom, i18n.language) })}</span>
                            </Link>
                          )}
                        </span>
                      </li>
                    );
                  })}
                </ol>
                <AtForm label={t('guide.article.atLabel')} at={at} onChange={(next) => setParams(next ? { at: next } : {})} />
              </section>
            </aside>
          </div>
        </>
      )}
    </article>
  );
}

function Validity({ from, to, short }: { from: string; to: string | null; short?: boolean }) {
  const { t } = useTranslation();
  if (to === null) return <span>{short ? t('guide.article.since') : t('guide.article.inForceSince')} <Day value={from} /></span>;
  return (
    <span>
      {short ? t('guide.article.from') : t('guide.article.inForceFrom')} <Day value={from} /> {t('guide.article.to')} <Day value={to} />
    </span>
  );
}

/** The previous and next articles of the same section. */
function Neighbours({ path, at, toc }: { path: string; at: string; toc: TocPage | null }) {
  const { t } = useTranslation();
  const articles = toc?.children.filter((c) => c.kind === 'article') ?? [];
  const i = articles.findIndex((c) => c.path === path);
  if (i < 0) return null;
  const prev = articles[i - 1];
  const next = articles[i + 1];
  if (!prev && !next) return null;
  return (
    <nav className="neighbours no-print" aria-label={t('guide.article.neighbours')}>
      {prev && (
        <Link to={articleHref(prev.path, at || undefined)} rel="prev">
          <span aria-hidden="true">← </span>
          {t('guide.article.previous')} : {prev.heading}
        </Link>
      )}
      {next && (
        <Link to={articleHref(next.path, at || undefined)} rel="next" className="next">
          {t('guide.article.next')} : {next.heading}
          <span aria-hidden="true"> →</span>
        </Link>
      )}
    </nav>
  );
}

/** The agent's bookmark on this article and the private note that goes with it. */
function BookmarkBox({ path, number }: { path: string; number: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const bookmarks = useEndpoint(endpoints.guide.listBookmarks, {});
  // What the server last said after our own change (undefined: nothing changed here yet).
  const [saved, setSaved] = useState<Bookmark | null | undefined>(undefined);
  // The note being written survives a reload and the end of the session (RGAA 13.1: a
  // login after an idle timeout comes back here with it): kept in this tab's sessionStorage
  // until saved.
  const draftKey = `estran.draft.guide-note:${path}`;
  const [draft, setDraftState] = useState<string | null>(() => sessionStorage.getItem(draftKey));
  const setDraft = (value: string | null) => {
    setDraftState(value);
    if (value === null) sessionStorage.removeItem(draftKey);
    else sessionStorage.setItem(draftKey, value);
  };
  const submit = useSubmit();
  const busy = submit.busy;

  const bookmark = saved !== undefined ? saved : (bookmarks.data?.items.find((b) => b.path === path) ?? null);
  const note = draft ?? bookmark?.note ?? '';
  const known = saved !== undefined || bookmarks.data !== null;

  // Adding swaps the button for the note's form, removing swaps it back: focus follows.
  const addButton = useRef<HTMLButtonElement>(null);
  const noteField = useRef<HTMLTextAreaElement>(null);
  const focusAfter = useRef(false);
  const isBookmarked = bookmark !== null;
  useEffect(() => {
    if (!focusAfter.current) return;
    focusAfter.current = false;
    (isBookmarked ? noteField.current : addButton.current)?.focus();
  }, [isBookmarked]);

  const save = (withNote: string | null, done: string) =>
    submit.run(async () => {
      const b = await api.call(endpoints.guide.saveBookmark, { body: { path, note: withNote } });
      focusAfter.current = bookmark === null;
      setSaved(b);
      setDraft(null);
      return done;
    });

  return (
    <section aria-labelledby={`${id}-h`} className="bookmark-box">
      <h2 id={`${id}-h`}>{t('guide.bookmarks.mine')}</h2>
      <ApiError error={bookmarks.error} />
      {!known && !bookmarks.error && <p className="muted">{t('app.loading')}</p>}
      {known && !bookmark && (
        <button ref={addButton} type="button" className="button" disabled={busy} onClick={() => void save(null, t('guide.bookmarks.added', { name: t('guide.article.numbered', { number }) }))}>
          {t('guide.bookmarks.add')}
        </button>
      )}
      {known && bookmark && (
        <>
          <p>
            <span className="badge saved">{t('guide.bookmarks.isBookmarked')}</span>{' '}
            <Link to={bookmarksHref}>{t('guide.bookmarks.all')}</Link>
          </p>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void save(note, t('guide.bookmarks.noteSaved'));
            }}
          >
            <div className="field">
              <label htmlFor={`${id}-note`}>{t('guide.bookmarks.note')}</label>
              <span id={`${id}-note-hint`} className="muted small-text">
                {t('guide.bookmarks.private')}
              </span>
              <textarea ref={noteField} id={`${id}-note`} rows={5} maxLength={4000} value={note} aria-describedby={`${id}-note-hint`} onChange={(e) => setDraft(e.target.value)} />
            </div>
            <div className="button-row">
              <button type="submit" className="button" disabled={busy}>
                {t('guide.bookmarks.saveNote')}
              </button>
              <button
                type="button"
                className="button secondary"
                disabled={busy}
                onClick={() =>
                  void submit.run(async () => {
                    await api.call(endpoints.guide.removeBookmark, { body: { path } });
                    focusAfter.current = true;
                    setSaved(null);
                    setDraft(null);
                    return t('guide.bookmarks.removed', { name: t('guide.article.numbered', { number }) });
                  })
                }
              >
                {t('guide.bookmarks.remove')}
              </button>
            </div>
          </form>
          <p className="muted small-text">{t('guide.bookmarks.updated', { date: formatMoment(bookmark.updatedAt, i18n.language) })}</p>
        </>
      )}
      <div aria-live="polite">
        <FormStatus state={submit} />
      </div>
    </section>
  );
}

/** The print layout: the article alone, the shell's header and navigation hidden. */
function PrintableArticle(props: { path: string; at: string; article: ArticlePage | null; error: ApiFailure | null; loading: boolean; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { path, at, article, error, loading, headingRef } = props;
  const { t, i18n } = useTranslation();
  const { summary } = useGuide();
  useEffect(() => {
    document.body.classList.add('print-view');
    return () => document.body.classList.remove('print-view');
  }, []);
  const [printedOn] = useState(() => formatMoment(new Date().toISOString(), i18n.language));
  const title = article ? splitTitle(article.title) : null;
  return (
    <article className="printable">
      <p className="print-tools no-print">
        <button type="button" className="button primary" onClick={() => window.print()} disabled={!article}>
          {t('guide.print.print')}
        </button>
        <Link to={articleHref(path, at || undefined)}>{t('guide.print.back')}</Link>
      </p>
      {loading && <p role="status">{t('app.loading')}</p>}
      <ApiError error={error} />
      {article && title && (
        <>
          <p className="muted">{summary?.name ?? t('guide.title')}</p>
          <h1 ref={headingRef} tabIndex={-1}>
            {title.heading}
          </h1>
          {codeName(path) && (
            <p className="code-name" lang={GUIDE_LANG}>
              {codeName(path)}
            </p>
          )}
          {title.trail && (
            <p className="trail" lang={GUIDE_LANG}>
              {title.trail}
            </p>
          )}
          <p className="validity">
            <Validity from={article.validFrom} to={article.validTo} />
            {at && (
              <>
                {' '}
                ({t('guide.article.shownAt')} <Day value={at} />)
              </>
            )}
          </p>
          <ArticleText markdown={article.text} at={at || undefined} links={article.links} />
          <p className="print-footer muted small-text">{t('guide.print.printedOn', { date: printedOn })}</p>
        </>
      )}
    </article>
  );
}
