// Public surface of the guide feature: import, search, reading an article at a date.
export { importGuidePackage, type ImportReport } from './import-package.ts';
export { checkTableOfContents, readGuidePackage, type GuideFile, type Problem } from './read-package.ts';
export { guideRoutes } from './routes.ts';
export { searchGuide } from './search-guide.ts';
export { warmSharedGuideIndexes } from './guide-index.ts';
export { readArticle } from './read-article.ts';
