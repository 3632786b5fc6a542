// What a web feature gives the shell (app/): its pages as routes, its interface text, and
// the tabs it adds to the administration area. Each feature folder's index.ts exports one
// `WebFeature`; app/App.tsx and app/messages.ts assemble them. Features import lib/ and
// components/, never app/ nor another feature's internals (app/import-boundaries.test.ts).
import type { ComponentType, ReactElement } from 'react';
import type { Actor } from '@estran/contracts';
import type { FeatureMessages } from './messages.ts';

export type AdminTab = {
  /** The URL segment: /admin/<id>. */
  id: string;
  /** The tab's label, a message key (e.g. 'admin.agents'). */
  label: string;
  /** Who sees the tab, beyond the tenant administrator the area requires. */
  policy?: (actor: Actor) => boolean;
  element: ReactElement;
};

export type WebFeature = {
  name: string;
  messages: FeatureMessages;
  /** Pages anyone may open (login, enrolment…): <Route> elements. */
  publicRoutes?: ReactElement;
  /** Pages for a logged-in agent; each may wrap itself in <RequireSession policy={…}>. */
  sessionRoutes?: ReactElement;
  adminTabs?: AdminTab[];
  /** Links the main navigation shows to a logged-in agent, after the shell's own. */
  navLinks?: NavItem[];
  /** Rendered (invisibly) while a session is open: work a feature does for every page. */
  SessionEffect?: ComponentType;
};

export type NavItem = {
  to: string;
  /** A message key. */
  label: string;
  policy?: (actor: Actor) => boolean;
};
