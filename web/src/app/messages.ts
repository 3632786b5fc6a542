// Every feature's interface text, merged for i18next (lib/messages.ts). A new feature
// adds its messages here and its routes in App.tsx.
import { mergeMessages } from '../lib/messages.ts';

export const featureMessages = [] as const;

export const messages = mergeMessages(featureMessages);
