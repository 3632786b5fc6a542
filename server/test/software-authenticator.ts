// A software FIDO2 authenticator for API tests and the login benchmark: a real P-256
// key, real "none" attestation and real assertions (WebAuthn L2 §6.1 authenticator
// data, §6.5.4 attestation object; RFC 8152 COSE_Key), so the server verifies them with
// SimpleWebAuthn exactly as it does a hardware key's. Browser tests use Chromium's
// virtual authenticator instead.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor> | Record<string, never>;

/** Minimal CBOR encoder (RFC 8949): integers, byte and text strings, maps. */
function cbor(value: Cbor): Buffer {
  const head = (major: number, n: number) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 255]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const s = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, s.length), s]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k as Cbor), cbor(v as Cbor)])]);
}

const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();

export type RequestOptions = { challenge: string; rpId?: string };
export type CreationOptions = { challenge: string; rp: { id?: string }; user: { id: string } };

export class SoftwareAuthenticator {
  /** Settable: an outsider may present a known credential id with a key of their own. */
  credentialId: Buffer = randomBytes(32);
  private readonly privateKey: KeyObject;
  private readonly cosePublicKey: Buffer;
  counter = 0;
  userHandle: string | null = null;
  rpId: string;
  origin: string;

  constructor(input: { origin: string }) {
    this.origin = input.origin;
    this.rpId = new URL(input.origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.cosePublicKey = cbor(
      new Map<Cbor, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  private authData(flags: number, extra: Buffer = Buffer.alloc(0), rpId = this.rpId) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), counter, extra]);
  }

  /** navigator.credentials.create() → RegistrationResponseJSON. */
  register(options: CreationOptions, tweak: { origin?: string; userVerified?: boolean } = {}) {
    this.userHandle = options.user.id;
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin: tweak.origin ?? this.origin, crossOrigin: false }),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, this.cosePublicKey]);
    // Flags: UP (0x01), UV (0x04) unless the test says the PIN was not verified, AT (0x40).
    const flags = 0x01 | (tweak.userVerified === false ? 0 : 0x04) | 0x40;
    const attestationObject = cbor(new Map<Cbor, Cbor>([['fmt', 'none'], ['attStmt', new Map()], ['authData', this.authData(flags, attested, options.rp.id ?? this.rpId)]]));
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ['usb'] },
      authenticatorAttachment: 'cross-platform' as const,
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get() → AuthenticationResponseJSON. */
  assert(
    options: RequestOptions,
    tweak: { origin?: string; rpId?: string; userVerified?: boolean; counter?: number; corruptSignature?: boolean } = {},
  ) {
    this.counter = tweak.counter ?? this.counter + 1;
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin: tweak.origin ?? this.origin, crossOrigin: false }),
    );
    const authenticatorData = this.authData(0x01 | (tweak.userVerified === false ? 0 : 0x04), undefined, tweak.rpId ?? this.rpId);
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), this.privateKey);
    if (tweak.corruptSignature) signature[signature.length - 1]! ^= 0xff;
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
      authenticatorAttachment: 'cross-platform' as const,
      clientExtensionResults: {},
    };
  }
}
