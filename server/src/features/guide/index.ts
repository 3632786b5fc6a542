// Public surface of the guide feature (import so far; reading, search and the API come next).
export { importGuidePackage, type ImportReport } from './import-package.ts';
export { checkTableOfContents, readGuidePackage, type GuideFile, type Problem } from './read-package.ts';
