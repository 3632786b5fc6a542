// SMS through an operator's SMPP gateway (SMPP 3.4, transceiver bind), with the `smpp`
// package. The URL carries the account: smpp://system_id:password@host:2775. Used for
// unblock codes now and for alert fan-out later; tests bind to a local SMPP server.
import smpp, { type Session } from 'smpp';

export interface SmsSender {
  send(to: string, text: string): Promise<{ messageId: string }>;
  close(): Promise<void>;
}

export class SmsError extends Error {}

/** A French or international number as SMPP wants it: digits, country code first. */
export function toMsisdn(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.startsWith('+')) return digits.slice(1);
  if (digits.startsWith('00')) return digits.slice(2);
  if (/^0\d{9}$/.test(digits)) return `33${digits.slice(1)}`; // ITU-T E.164, France +33
  return digits;
}


export function createSmppSender(input: { url: string; source: string; timeoutMs?: number }): SmsSender {
  const url = new URL(input.url);
  const timeoutMs = input.timeoutMs ?? 10_000;
  let bound: Promise<Session> | null = null;

  const bind = () =>
    new Promise<Session>((resolve, reject) => {
      const session: Session = smpp.connect({ url: `${url.protocol}//${url.host}`, auto_enquire_link_period: 30_000 });
      const timer = setTimeout(() => reject(new SmsError('passerelle SMS injoignable (délai dépassé)')), timeoutMs);
      session.on('error', (error) => {
        clearTimeout(timer);
        bound = null;
        reject(new SmsError(`passerelle SMS : ${(error as Error).message}`));
      });
      session.on('close', () => {
        bound = null;
      });
      session.bind_transceiver(
        { system_id: decodeURIComponent(url.username), password: decodeURIComponent(url.password) },
        (pdu) => {
          clearTimeout(timer);
          if (pdu.command_status === 0) resolve(session);
          else {
            bound = null;
            reject(new SmsError(`passerelle SMS : connexion refusée (statut ${pdu.command_status})`));
          }
        },
      );
    });

  return {
    async send(to, text) {
      bound ??= bind();
      const session = await bound;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new SmsError('passerelle SMS : pas de réponse')), timeoutMs);
        session.submit_sm(
          {
            source_addr: input.source,
            source_addr_ton: 5, // alphanumeric sender
            destination_addr: toMsisdn(to),
            dest_addr_ton: 1, // international
            dest_addr_npi: 1, // E.164
            short_message: text,
            registered_delivery: 1,
          },
          (pdu) => {
            clearTimeout(timer);
            if (pdu.command_status === 0) resolve({ messageId: String(pdu.message_id ?? '') });
            else reject(new SmsError(`passerelle SMS : message refusé (statut ${pdu.command_status})`));
          },
        );
      });
    },
    async close() {
      const pending = bound;
      bound = null;
      if (!pending) return;
      const session = await pending.catch(() => null);
      await new Promise<void>((resolve) => (session ? session.close(() => resolve()) : resolve()));
    },
  };
}
