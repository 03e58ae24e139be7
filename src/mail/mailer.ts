/**
 * Outgoing mail (DESIGN rule 1: a collaborator passed in, built once in createDeps).
 * With SMTP_URL set, a pooled nodemailer SMTP transport sends it; without, a development
 * outbox writes each message as an .eml file, so a developer running `npm start` with no
 * mail server can still open a verification or reset link. Message bodies carry tokens
 * and are never logged.
 */
import nodemailer from 'nodemailer';
import { nodemailerMessage } from './nodemailerMessage.js';
import { createOutboxMailer } from './outboxMailer.js';

/** A file attached to an email. */
export interface MailFile {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** A message to send; `from` is the mailer's, set once from MAIL_FROM. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** Files attached to the message. */
  attachments?: MailFile[];
  /**
   * The Message-ID (`<local@domain>`); the outbox sets one per message, so a message sent
   * twice after a crash is recognisably the same message to the receiving server.
   */
  messageId?: string;
}

/** What the transport reported for one message. */
interface SentMail {
  messageId: string;
  accepted: string[];
  rejected: string[];
  response?: string;
}

/** Sends mail; rejects when the server refuses every recipient or cannot be reached. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): Promise<void>;
}

/** How to build a mailer. */
export interface MailerOptions {
  /** smtp:// or smtps:// URL; query parameters such as `?requireTLS=true` pass to nodemailer. */
  smtpUrl?: string;
  /** The From header, e.g. `SayPro Credentials <no-reply@example.org>`. */
  from: string;
  /** Where the development outbox writes .eml files when no smtpUrl is given. */
  outboxDir: string;
  /** Told one line per outbox message (createDeps logs it through the app's logger); silent without. */
  log?: (line: string) => void;
  /** DKIM-signs every message (nodemailer's signer, relaxed/relaxed, rsa-sha256). */
  dkim?: DkimOptions;
}

/** The DKIM key: the domain and selector published in DNS as `<selector>._domainkey.<domain>`. */
export interface DkimOptions {
  domainName: string;
  keySelector: string;
  /** PEM private key. */
  privateKey: string;
}

/** Timeouts (ms) so a slow or silent mail server cannot hold a request or the pool forever. */
const SMTP_TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
  dnsTimeout: 10_000,
};

/** Nodemailer reports addresses as strings or {address}; callers get strings. */
function addressList(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) =>
    typeof entry === 'string' ? entry : String((entry as { address?: unknown }).address ?? ''),
  );
}

function createSmtpMailer(smtpUrl: string, from: string, dkim?: DkimOptions): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 3,
    maxMessages: 100,
    ...SMTP_TIMEOUTS,
    ...(dkim ? { dkim } : {}),
  });
  return {
    async send(mail) {
      const info = await transport.sendMail(nodemailerMessage(mail, from));
      return {
        messageId: info.messageId,
        accepted: addressList(info.accepted),
        rejected: addressList(info.rejected),
        ...(info.response ? { response: info.response } : {}),
      };
    },
    async close() {
      transport.close();
    },
  };
}

/** Builds the SMTP mailer when smtpUrl is set, otherwise the development outbox. */
export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl) return createSmtpMailer(options.smtpUrl, options.from, options.dkim);
  return createOutboxMailer({
    from: options.from,
    outboxDir: options.outboxDir,
    log: options.log ?? (() => {}),
    ...(options.dkim ? { dkim: options.dkim } : {}),
  });
}
