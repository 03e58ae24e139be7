/**
 * The development outbox: nodemailer's stream transport renders each message to MIME and
 * it is written to `<outboxDir>/<time>-<id>.eml`, readable by any mail client or a text
 * editor. The log line names the masked recipient and the file, never the body.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { DkimOptions, Mailer } from './mailer.js';
import { nodemailerMessage } from './nodemailerMessage.js';
import { maskEmail } from './maskEmail.js';

/** What the outbox needs. */
export interface OutboxOptions {
  from: string;
  outboxDir: string;
  log: (line: string) => void;
  dkim?: DkimOptions;
}

/** A sortable, collision-free file name for one message. */
function outboxFileName(now: Date): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
}

/** A mailer that writes .eml files instead of sending (no SMTP_URL configured). */
export function createOutboxMailer(options: OutboxOptions): Mailer {
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
    ...(options.dkim ? { dkim: options.dkim } : {}),
  });
  return {
    async send(mail) {
      const info = await transport.sendMail(nodemailerMessage(mail, options.from));
      // The files hold live tokens: readable by the server's user only.
      await mkdir(options.outboxDir, { recursive: true, mode: 0o700 });
      const path = join(options.outboxDir, outboxFileName(new Date()));
      await writeFile(path, info.message as Buffer, { mode: 0o600 });
      const recipients = info.envelope.to.map((to) => maskEmail(to)).join(', ');
      options.log(`Mail to ${recipients} written to ${path} (no SMTP_URL set: development outbox)`);
      return { messageId: info.messageId, accepted: [...info.envelope.to], rejected: [] };
    },
    async close() {
      transport.close();
    },
  };
}
