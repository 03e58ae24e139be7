import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMailer, type Mailer } from '../../src/mail/mailer.js';
import { maskEmail, maskPhone } from '../../src/mail/maskEmail.js';
import { startTestSmtpServer, type TestSmtpServer } from '../fixtures/smtpServer.js';
import { parseMime } from '../fixtures/mimeParts.js';

const FROM = 'SayPro Credentials <no-reply@saypro.example>';
// Longer than a MIME line and full of '=' and '&', so quoted-printable has to be undone.
const LINK =
  'http://127.0.0.1:3000/account/verify-email?token=tok_0123456789abcdef0123456789abcdef&next=%2Fportal%3Ftab%3Dcertificates';

function verificationMail(to = 'zoe@example.org') {
  return {
    to,
    subject: 'Confirm your e-mail address',
    text: `Hello Zoë,\n\nOpen this link to confirm your address:\n${LINK}\n`,
    html: `<p>Hello Zoë,</p><p><a href="${LINK}">Confirm my address</a></p>`,
    headers: { 'X-SayPro-Template': 'verify-email' },
  };
}

describe('createMailer over SMTP', () => {
  let smtp: TestSmtpServer;
  let mailer: Mailer | undefined;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'saypro-mail-'));
    smtp = await startTestSmtpServer({ rejectRecipient: (address) => address.endsWith('@nowhere.example') });
  });
  afterEach(async () => {
    await mailer?.close();
    mailer = undefined;
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers From, To, Subject, headers and both the text and the html part', async () => {
    mailer = createMailer({ smtpUrl: smtp.url, from: FROM, outboxDir: join(dir, 'outbox') });
    const sent = await mailer.send(verificationMail());

    expect(sent.accepted).toEqual(['zoe@example.org']);
    expect(sent.rejected).toEqual([]);
    expect(sent.messageId).toMatch(/^<.+@.+>$/);
    expect(sent.response).toMatch(/^250/);

    const received = await smtp.waitForMessage((m) => m.to.includes('zoe@example.org'));
    expect(received.from).toBe('no-reply@saypro.example');
    expect(received.raw).toMatch(/^From: SayPro Credentials <no-reply@saypro\.example>\r$/m);
    expect(received.raw).toMatch(/^To: zoe@example\.org\r$/m);
    expect(received.raw).toMatch(/^Subject: Confirm your e-mail address\r$/m);
    expect(received.raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(received.headers['x-saypro-template']).toBe('verify-email');
    expect(received.headers['message-id']).toBe(sent.messageId);
    expect(received.parts.map((p) => p.contentType)).toEqual(['text/plain', 'text/html']);
    expect(received.text).toContain('Hello Zoë,');
    expect(received.text).toContain(LINK);
    expect(received.html).toContain(`<a href="${LINK}">`);
    // Not already visible undecoded: the fixture's decoding is what a link-reading test relies on.
    expect(received.raw).not.toContain(LINK);
  });

  it('rejects, naming the 550, when the server refuses the recipient', async () => {
    mailer = createMailer({ smtpUrl: smtp.url, from: FROM, outboxDir: join(dir, 'outbox') });
    await expect(mailer.send(verificationMail('ghost@nowhere.example'))).rejects.toThrow(/550/);
    expect(smtp.messages).toHaveLength(0);
  });

  it('keeps the pool usable after a refused recipient', async () => {
    mailer = createMailer({ smtpUrl: smtp.url, from: FROM, outboxDir: join(dir, 'outbox') });
    await expect(mailer.send(verificationMail('ghost@nowhere.example'))).rejects.toThrow(/550/);
    const sent = await mailer.send(verificationMail('amara@example.org'));
    expect(sent.accepted).toEqual(['amara@example.org']);
    expect(smtp.messages.map((m) => m.to)).toEqual([['amara@example.org']]);
  });

  it('rejects when no server listens, without falling back to the outbox', async () => {
    const closed = await startTestSmtpServer();
    const url = closed.url;
    await closed.close();
    mailer = createMailer({ smtpUrl: url, from: FROM, outboxDir: join(dir, 'outbox') });
    await expect(mailer.send(verificationMail())).rejects.toThrow(/ECONNREFUSED|connect/i);
    expect(() => readdirSync(join(dir, 'outbox'))).toThrow();
  });
});

describe('createMailer without SMTP (development outbox)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'saypro-outbox-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a readable .eml and logs one line with the masked recipient, not the body', async () => {
    const lines: string[] = [];
    const outboxDir = join(dir, 'data', 'outbox');
    const mailer = createMailer({ from: FROM, outboxDir, log: (line) => lines.push(line) });
    const sent = await mailer.send(verificationMail());
    await mailer.close();

    const files = readdirSync(outboxDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d-]+Z-[0-9a-f]{8}\.eml$/);
    const path = join(outboxDir, files[0] ?? '');
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const eml = readFileSync(path, 'utf8');
    const parsed = parseMime(eml);
    expect(parsed.headers.from).toBe(FROM);
    expect(parsed.headers.to).toBe('zoe@example.org');
    expect(parsed.headers.subject).toBe('Confirm your e-mail address');
    expect(parsed.headers['message-id']).toBe(sent.messageId);
    expect(parsed.parts.find((p) => p.contentType === 'text/plain')?.body).toContain(LINK);
    expect(sent.accepted).toEqual(['zoe@example.org']);

    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    expect(line).toContain('z***@example.org');
    expect(line).toContain(path);
    expect(line).not.toContain('zoe@example.org');
    expect(line).not.toContain('tok_');
    expect(line).not.toContain('Hello');
  });

  it('gives each message its own file', async () => {
    const mailer = createMailer({ from: FROM, outboxDir: dir, log: () => {} });
    await Promise.all([
      mailer.send(verificationMail('a@example.org')),
      mailer.send(verificationMail('b@example.org')),
    ]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.eml'))).toHaveLength(2);
  });
});

describe('maskEmail and maskPhone', () => {
  it.each([
    ['zoe@example.org', 'z***@example.org'],
    ['Zoe.Ngcobo+certs@Mail.Example.org', 'Z***@Mail.Example.org'],
    ['  amara@example.org ', 'a***@example.org'],
    ['ñandú@example.org', 'ñ***@example.org'],
    ['a@b', 'a***@b'],
    ['not-an-address', '***'],
    ['@example.org', '***'],
    ['zoe@', '***'],
    ['', '***'],
  ])('maskEmail(%j) is %j', (input, expected) => {
    expect(maskEmail(input)).toBe(expected);
  });

  it.each([
    ['+27 82 123 4567', '***67'],
    ['082-123-4589', '***89'],
    ['(555) 010-0199', '***99'],
    ['123', '***'],
    ['', '***'],
  ])('maskPhone(%j) is %j', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });
});
