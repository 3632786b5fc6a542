// Every feature's interface text, merged for i18next (lib/messages.ts). A new feature
// adds its messages here and its routes in App.tsx.
import { mergeMessages } from '../lib/messages.ts';
import { sharedMessages } from '../lib/shared-messages.ts';
import { messages as auth } from '../features/auth/messages.ts';
import { messages as devices } from '../features/devices/messages.ts';
import { messages as guide } from '../features/guide/messages.ts';
import { messages as helpdesk } from '../features/helpdesk/messages.ts';
import { messages as home } from '../features/home/messages.ts';
import { messages as org } from '../features/org/messages.ts';
import { messages as serviceTokens } from '../features/service-tokens/messages.ts';
import { shellMessages } from './shell-messages.ts';

export const featureMessages = [shellMessages, sharedMessages, home, auth, org, devices, serviceTokens, helpdesk, guide] as const;

export const messages = mergeMessages(featureMessages);
