// Every feature's interface text (features/<f>/messages.fr.ts and messages.en.ts), merged
// for i18next (lib/messages.ts). A new feature adds its two files here and its feature to
// App.tsx. (Imported here directly rather than through the features' index.ts, which
// pull in their pages: this file is also read by node's test runner.)
import { mergeMessages } from '../lib/messages.ts';
import { sharedMessages } from '../lib/shared-messages.ts';
import { en as accessibilityEn } from '../features/accessibility/messages.en.ts';
import { fr as accessibilityFr } from '../features/accessibility/messages.fr.ts';
import { en as auditEn } from '../features/audit/messages.en.ts';
import { fr as auditFr } from '../features/audit/messages.fr.ts';
import { en as authEn } from '../features/auth/messages.en.ts';
import { fr as authFr } from '../features/auth/messages.fr.ts';
import { en as devicesEn } from '../features/devices/messages.en.ts';
import { fr as devicesFr } from '../features/devices/messages.fr.ts';
import { en as directoryEn } from '../features/directory/messages.en.ts';
import { fr as directoryFr } from '../features/directory/messages.fr.ts';
import { en as guideEn } from '../features/guide/messages.en.ts';
import { fr as guideFr } from '../features/guide/messages.fr.ts';
import { en as helpdeskEn } from '../features/helpdesk/messages.en.ts';
import { fr as helpdeskFr } from '../features/helpdesk/messages.fr.ts';
import { en as homeEn } from '../features/home/messages.en.ts';
import { fr as homeFr } from '../features/home/messages.fr.ts';
import { en as orgEn } from '../features/org/messages.en.ts';
import { fr as orgFr } from '../features/org/messages.fr.ts';
import { en as serviceTokensEn } from '../features/service-tokens/messages.en.ts';
import { fr as serviceTokensFr } from '../features/service-tokens/messages.fr.ts';
import { shellMessages } from './shell-messages.ts';

export const featureMessages = [
  shellMessages,
  sharedMessages,
  { fr: accessibilityFr, en: accessibilityEn },
  { fr: homeFr, en: homeEn },
  { fr: authFr, en: authEn },
  { fr: orgFr, en: orgEn },
  { fr: devicesFr, en: devicesEn },
  { fr: serviceTokensFr, en: serviceTokensEn },
  { fr: helpdeskFr, en: helpdeskEn },
  { fr: guideFr, en: guideEn },
  { fr: auditFr, en: auditEn },
  { fr: directoryFr, en: directoryEn },
] as const;

export const messages = mergeMessages(featureMessages);
