// The guide's stored kinds, as the guide_packages and guide_documents CHECK constraints
// list them (migration 0003; server/src/db/check-constraints.test.ts compares them).

/** A package is a whole edition or an update to one. */
export const guidePackageKinds = ['edition', 'update'] as const;
/** A document of the guide is an article or a section heading. */
export const guideDocumentKinds = ['article', 'section'] as const;
