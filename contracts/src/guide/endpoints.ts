// The guide's endpoints (server/src/features/guide): reading it (search, articles, table
// of contents, bulletins, diffs, the changes since a visit, bookmarks) with a session or a
// service token holding guide:read, and editing it from the admin area (packages uploaded
// as a zip, synonyms).
import { z } from 'zod';
import { apiError } from '../errors.ts';
import { endpoint } from '../endpoint.ts';
import { limits } from '../limits.ts';
import { canAdministerTenant } from '../policies/admin.ts';
import { guideImportReport, guidePackageUploadQuery, guidePackageZip, guideSynonyms, saveGuideSynonymsBody } from './admin.ts';
import {
  articleDiff,
  articlePage,
  bookmark,
  bookmarkList,
  bulletinPage,
  changesSinceVisit,
  guideArticleParams,
  guideArticleQuery,
  guideBulletinParams,
  guideDiffQuery,
  guideQuery,
  guideSearchQuery,
  guideSearchResults,
  guideSummary,
  guideTocQuery,
  guideVisitBody,
  removeBookmarkBody,
  saveBookmarkBody,
  tocPage,
} from './api.ts';

const tags = ['guide'];
const read = { scope: 'guide:read' } as const;
const denials = { 400: apiError, 401: apiError, 404: apiError };
const MiB = 1024 * 1024;

export const guideEndpoints = {
  search: endpoint({
    method: 'GET',
    path: '/api/guide/search',
    tags,
    summary: 'Search the guide in plain French',
    description: 'Accents and case ignored, French stemming, the field’s abbreviations and synonyms, article numbers typed loosely. Best first.',
    access: read,
    query: guideSearchQuery,
    responses: { 200: guideSearchResults, ...denials },
  }),
  article: endpoint({
    method: 'GET',
    path: '/api/guide/articles/*',
    tags,
    summary: 'An article as in force at a date (default today), with its versions',
    access: read,
    params: guideArticleParams,
    query: guideArticleQuery,
    responses: { 200: articlePage, ...denials },
  }),
  summary: endpoint({
    method: 'GET',
    path: '/api/guide',
    tags,
    summary: 'The guide: its updates, and the agent’s last visit',
    access: read,
    query: guideQuery,
    responses: { 200: guideSummary, ...denials },
  }),
  changes: endpoint({
    method: 'GET',
    path: '/api/guide/changes',
    tags,
    summary: 'The articles that bulletins applied since the agent’s last visit added, changed or removed',
    description: 'Newest bulletin first; a word-level diff of a changed article runs from `before` to `bulletin`. Empty on a first visit or for a service token.',
    access: read,
    query: guideQuery,
    responses: { 200: changesSinceVisit, ...denials },
  }),
  recordVisit: endpoint({
    method: 'POST',
    path: '/api/guide/visit',
    tags,
    summary: 'Record the agent’s visit (the "changed since" markers start again from now)',
    access: 'session',
    query: guideQuery,
    body: guideVisitBody,
    responses: { 204: z.null(), ...denials, 403: apiError },
  }),
  toc: endpoint({
    method: 'GET',
    path: '/api/guide/toc',
    tags,
    summary: 'One level of the table of contents at a date',
    access: read,
    query: guideTocQuery,
    responses: { 200: tocPage, ...denials },
  }),
  bulletin: endpoint({
    method: 'GET',
    path: '/api/guide/bulletins/:published',
    tags,
    summary: 'What one update bulletin changed',
    access: read,
    params: guideBulletinParams,
    query: guideQuery,
    responses: { 200: bulletinPage, ...denials },
  }),
  diff: endpoint({
    method: 'GET',
    path: '/api/guide/diff',
    tags,
    summary: 'Word-level diff of an article between the texts in force at two dates',
    access: read,
    query: guideDiffQuery,
    responses: { 200: articleDiff, ...denials },
  }),
  listBookmarks: endpoint({
    method: 'GET',
    path: '/api/guide/bookmarks',
    tags,
    summary: 'My bookmarks and notes',
    access: 'session',
    query: guideQuery,
    responses: { 200: bookmarkList, ...denials },
  }),
  saveBookmark: endpoint({
    method: 'PUT',
    path: '/api/guide/bookmarks',
    tags,
    summary: 'Bookmark an article, with a private note',
    access: 'session',
    query: guideQuery,
    body: saveBookmarkBody,
    responses: { 200: bookmark, ...denials, 403: apiError },
  }),
  removeBookmark: endpoint({
    method: 'POST',
    path: '/api/guide/bookmarks/remove',
    tags,
    summary: 'Remove a bookmark',
    access: 'session',
    query: guideQuery,
    body: removeBookmarkBody,
    responses: { 204: z.null(), ...denials, 403: apiError },
  }),
  uploadPackage: endpoint({
    method: 'POST',
    path: '/api/admin/guide/packages',
    tags,
    summary: 'Check, then apply, an edition or an update bulletin of the guide uploaded as a zip',
    description:
      'mode=check validates and answers the report (articles added, changed, removed; problems with their file; broken links), writing nothing; ' +
      'mode=apply re-does the checks on the same file and applies it all or nothing (audited). scope=shared writes the guide the operator shares with every tenant ' +
      `(operator administrators only); scope=tenant the tenant’s own guide (its administrators). At most ${limits.guidePackageMaxBytes / MiB} MiB, ` +
      `${limits.guidePackageMaxEntries} entries, ${limits.guidePackageMaxFileBytes / MiB} MiB per file and ${limits.guidePackageMaxUncompressedBytes / MiB} MiB in all once inflated; ` +
      'an entry inflating past the size it declares is refused (413). A refused package answers 200 with outcome "refused" and its problems; an archive that cannot be read safely answers 400 or 413.',
    // Which guide (shared or the tenant's) is checked by the handler: canEditGuide.
    access: 'session',
    policy: canAdministerTenant,
    query: guidePackageUploadQuery,
    body: guidePackageZip,
    responses: { 200: guideImportReport, 400: apiError, 401: apiError, 403: apiError, 413: apiError, 415: apiError },
  }),
  readSynonyms: endpoint({
    method: 'GET',
    path: '/api/guide/synonyms',
    tags,
    summary: 'The synonyms and abbreviations the guide’s search uses',
    description: 'The list saved for the guide, else the default list (isDefault).',
    access: read,
    query: guideQuery,
    responses: { 200: guideSynonyms, 400: apiError, 401: apiError, 404: apiError },
  }),
  saveSynonyms: endpoint({
    method: 'PUT',
    path: '/api/guide/synonyms',
    tags,
    summary: 'Replace the guide’s synonyms (audited)',
    description:
      'Groups of 2 or more phrases that search treats as one. A tenant’s own guide: its administrators; the shared guide: the operator’s administrators. ' +
      `At most ${limits.guideSynonymGroupsMax} groups of ${limits.guideSynonymPhrasesMax} phrases of ${limits.guideSynonymPhraseMax} characters.`,
    access: 'session',
    query: guideQuery,
    body: saveGuideSynonymsBody,
    responses: { 200: guideSynonyms, 400: apiError, 401: apiError, 403: apiError, 404: apiError },
  }),
  resetSynonyms: endpoint({
    method: 'DELETE',
    path: '/api/guide/synonyms',
    tags,
    summary: 'Go back to the default synonyms (audited)',
    description: 'Deletes the list saved for the guide; search then uses the default list. Same rule as PUT.',
    access: 'session',
    query: guideQuery,
    responses: { 200: guideSynonyms, 400: apiError, 401: apiError, 403: apiError, 404: apiError },
  }),
};
