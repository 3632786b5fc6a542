// The browser side of the WebAuthn ceremonies, through SimpleWebAuthn's browser package.
// A ceremony the key refuses (wrong PIN, cancelled) never reaches the server: the key
// counts its own wrong PINs and locks itself past its limit.
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { api } from '../../lib/api.ts';

export class CeremonyCancelled extends Error {}

export const webauthnSupported = () => browserSupportsWebAuthn();

export async function loginWithKey() {
  const optionsJSON = await api.post<Parameters<typeof startAuthentication>[0]['optionsJSON']>('/api/auth/webauthn/login/options');
  let response;
  try {
    response = await startAuthentication({ optionsJSON });
  } catch (error) {
    throw new CeremonyCancelled((error as Error).message);
  }
  return api.post<{ agent: { id: string; displayName: string }; trust: string }>('/api/auth/webauthn/login/verify', response);
}

export async function registerKey(input: { enrolmentToken?: string; name?: string }) {
  const optionsJSON = await api.post<Parameters<typeof startRegistration>[0]['optionsJSON']>(
    '/api/auth/webauthn/register/options',
    input.enrolmentToken ? { enrolmentToken: input.enrolmentToken } : {},
  );
  let response;
  try {
    response = await startRegistration({ optionsJSON });
  } catch (error) {
    throw new CeremonyCancelled((error as Error).message);
  }
  return api.post<{ credentialId: string; name: string }>('/api/auth/webauthn/register/verify', {
    ...(input.enrolmentToken ? { enrolmentToken: input.enrolmentToken } : {}),
    ...(input.name ? { name: input.name } : {}),
    response,
  });
}
