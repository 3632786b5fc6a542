// The accessibility statement: a public page.
import { Route } from 'react-router';
import { AccessibilityStatementPage } from './AccessibilityStatementPage.tsx';

export const publicRoutes = <Route path="/accessibilite" element={<AccessibilityStatementPage />} />;
