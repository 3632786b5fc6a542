// The agent's bookmarks and private notes: links to the articles, the notes (editable),
// removal. Nobody else sees them.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { endpoints, type Bookmark } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { FormStatus } from '../../components/Message.tsx';
import { useSubmit } from '../../lib/use-submit.ts';
import { GUIDE_LANG, articleHref, codeName, formatMoment, splitTitle } from './links.ts';
import { ApiError } from './parts.tsx';
import { useEndpoint } from '../../lib/use-api-data.ts';

export function GuideBookmarksPage() {
  const { t } = useTranslation();
  const list = useEndpoint(endpoints.guide.listBookmarks, {}, { keepPrevious: true });
  // One outcome for the page: the last note saved or bookmark removed, or its failure.
  const submit = useSubmit();
  const heading = useRef<HTMLHeadingElement>(null);
  const items = list.data?.items ?? null;

  return (
    <section className="guide-bookmarks">
      <h1 ref={heading} tabIndex={-1}>
        {t('guide.bookmarks.title')}
      </h1>
      <p className="muted">{t('guide.bookmarks.intro')}</p>
      <ApiError error={list.error} />
      <div aria-live="polite">
        <FormStatus state={submit} />
      </div>
      <p role="status">{items ? t('guide.bookmarks.count', { count: items.length }) : list.loading ? t('app.loading') : ''}</p>
      {items && items.length === 0 && <p>{t('guide.bookmarks.none')}</p>}
      {items && items.length > 0 && (
        <ul className="bookmark-list">
          {items.map((b) => (
            <BookmarkItem
              key={b.path}
              bookmark={b}
              submit={submit}
              onSaved={() => list.reload()}
              onRemoved={() => {
                list.reload();
                // The item and its button are gone: focus back to the page's heading.
                heading.current?.focus();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function BookmarkItem({ bookmark: b, submit, onSaved, onRemoved }: { bookmark: Bookmark; submit: ReturnType<typeof useSubmit>; onSaved: () => void; onRemoved: () => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState(b.note ?? '');
  // This item's own request (the page shows its outcome; one request at a time); a removed
  // item stays busy until it goes.
  const [busy, setBusy] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  // Leaving the note's form (saved or cancelled): focus back on the button that opened it.
  const returnFocus = useRef(false);
  useEffect(() => {
    if (!editing && returnFocus.current) {
      returnFocus.current = false;
      editButton.current?.focus();
    }
  }, [editing]);
  const { heading, trail } = splitTitle(b.title);
  const name = b.number ? t('guide.article.numbered', { number: b.number }) : heading;

  return (
    <li>
      <h2 className="result-title">
        <Link to={articleHref(b.path)}>{heading}</Link>
      </h2>
      {(codeName(b.path) || trail) && (
        <p className="muted trail" lang={GUIDE_LANG}>
          {codeName(b.path) && <span className="code-name">{codeName(b.path)}</span>}
          {codeName(b.path) && trail && ' › '}
          {trail}
        </p>
      )}
      {!editing && (b.note ? <p className="note">{b.note}</p> : <p className="muted">{t('guide.bookmarks.noNote')}</p>)}
      {editing && (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            const ok = await submit.run(async () => {
              await api.call(endpoints.guide.saveBookmark, { body: { path: b.path, note } });
              returnFocus.current = true;
              setEditing(false);
              return t('guide.bookmarks.noteSavedFor', { name });
            });
            setBusy(false);
            if (ok) onSaved();
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-note`}>{t('guide.bookmarks.noteFor', { name })}</label>
            <span id={`${id}-hint`} className="muted small-text">
              {t('guide.bookmarks.private')}
            </span>
            <textarea autoFocus id={`${id}-note`} rows={4} maxLength={4000} value={note} aria-describedby={`${id}-hint`} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="button-row">
            <button type="submit" className="button" disabled={busy || submit.busy}>
              {t('guide.bookmarks.saveNote')}
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setNote(b.note ?? '');
                returnFocus.current = true;
                setEditing(false);
              }}
            >
              {t('guide.bookmarks.cancel')}
            </button>
          </div>
        </form>
      )}
      <p className="muted small-text">{t('guide.bookmarks.updated', { date: formatMoment(b.updatedAt, i18n.language) })}</p>
      {!editing && (
        <div className="button-row">
          <button ref={editButton} type="button" className="button secondary small" onClick={() => setEditing(true)}>
            {t('guide.bookmarks.editNote')}
            <span className="visually-hidden"> — {name}</span>
          </button>
          <button
            type="button"
            className="button danger small"
            disabled={busy || submit.busy}
            onClick={async () => {
              setBusy(true);
              const ok = await submit.run(async () => {
                await api.call(endpoints.guide.removeBookmark, { body: { path: b.path } });
                return t('guide.bookmarks.removed', { name });
              });
              if (ok) onRemoved();
              else setBusy(false);
            }}
          >
            {t('guide.bookmarks.remove')}
            <span className="visually-hidden"> — {name}</span>
          </button>
        </div>
      )}
    </li>
  );
}
