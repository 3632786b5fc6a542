// The `smpp` package ships no types; these cover what platform/sms.ts and the tests use.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  export interface Pdu {
    command: string;
    command_status: number;
    message_id?: string;
    [field: string]: unknown;
    response(fields?: Record<string, unknown>): Pdu;
  }
  export interface Session extends EventEmitter {
    bind_transceiver(params: Record<string, unknown>, cb: (pdu: Pdu) => void): void;
    submit_sm(params: Record<string, unknown>, cb: (pdu: Pdu) => void): void;
    send(pdu: Pdu): void;
    close(cb?: () => void): void;
    pause(): void;
    resume(): void;
  }
  export interface Server extends EventEmitter {
    listen(port: number, host?: string, cb?: () => void): Server;
    close(cb?: () => void): void;
    address(): { port: number } | string | null;
  }
  export function connect(options: { url: string; auto_enquire_link_period?: number }, cb?: () => void): Session;
  export function createServer(options: Record<string, unknown>, listener: (session: Session) => void): Server;
  const smpp: { connect: typeof connect; createServer: typeof createServer };
  export default smpp;
}
