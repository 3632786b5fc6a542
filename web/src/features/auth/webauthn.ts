// The browser side of the WebAuthn ceremonies, through SimpleWebAuthn's browser package.
// A ceremony the key refuses (wrong PIN, cancelled) never reaches the server: the key
// counts its own wrong PINs and locks itself past its limit.
// The contracts' WebAuthn schemas are looser than SimpleWebAuthn's types (strings where it
// lists literals): the server's options come from SimpleWebAuthn's server package and the
// browser's answers go back to it, hence the casts at this one boundary.
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { endpoints, type EndpointInput } from '@estran/contracts';
import { api } from '../../lib/api.ts';

export class CeremonyCancelled extends Error {}

export const webauthnSupported = () => browserSupportsWebAuthn();

export async function loginWithKey() {
  const optionsJSON = (await api.call(endpoints.auth.loginOptions, { body: {} })) as Parameters<typeof startAuthentication>[0]['optionsJSON'];
  let response;
  try {
    response = await startAuthentication({ optionsJSON });
  } catch (error) {
    throw new CeremonyCancelled((error as Error).message);
  }
  return api.call(endpoints.auth.loginVerify, { body: response as EndpointInput<typeof endpoints.auth.loginVerify>['body'] });
}

export async function registerKey(input: { enrolmentToken?: string; name?: string }) {
  const optionsJSON = (await api.call(endpoints.auth.registerOptions, {
    body: input.enrolmentToken ? { enrolmentToken: input.enrolmentToken } : {},
  })) as Parameters<typeof startRegistration>[0]['optionsJSON'];
  let response;
  try {
    response = await startRegistration({ optionsJSON });
  } catch (error) {
    throw new CeremonyCancelled((error as Error).message);
  }
  return api.call(endpoints.auth.registerVerify, {
    body: {
      ...(input.enrolmentToken ? { enrolmentToken: input.enrolmentToken } : {}),
      ...(input.name ? { name: input.name } : {}),
      response: response as EndpointInput<typeof endpoints.auth.registerVerify>['body']['response'],
    },
  });
}
