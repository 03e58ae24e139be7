/**
 * The logger itself: LOG_LEVEL's validation, pino's lines (level names, redacted messages,
 * censored secret fields, serialized errors), the Workers console logger's same shape, the
 * URL a log line may show, and a background job's failure reaching the logger.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createConsoleLogger } from '../../src/logging/consoleLogger.js';
import { urlForLog } from '../../src/logging/redact.js';
import { repeatEvery } from '../../src/scheduling/repeat.js';
import { createCapturingLogger } from '../fixtures/testDeps.js';

describe('LOG_LEVEL', () => {
  it('is info when unset or empty', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: ' ' }).logLevel).toBe('info');
  });

  it('takes each pino level and silent, in any case', () => {
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
    expect(loadConfig({ LOG_LEVEL: 'WARN' }).logLevel).toBe('warn');
  });

  it('refuses anything else, naming the variable and the values it takes', () => {
    for (const value of ['loud', 'verbose', '30']) {
      let error: unknown;
      try {
        loadConfig({ LOG_LEVEL: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'LOG_LEVEL: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
      ]);
    }
  });
});

describe('the pino logger', () => {
  it('writes one JSON line with the level by name, the time, the pid and the fields', () => {
    const capture = createCapturingLogger('info');
    capture.logger.info({ job: 'issuance sweep', issued: 3 }, 'Issued 3 due certificates');
    capture.logger.debug({ job: 'noise' }, 'below the level');
    expect(capture.lines()).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        pid: process.pid,
        job: 'issuance sweep',
        issued: 3,
        msg: 'Issued 3 due certificates',
      },
    ]);
  });

  it('writes nothing at silent', () => {
    const capture = createCapturingLogger('silent');
    capture.logger.fatal({}, 'even this');
    expect(capture.text()).toBe('');
  });

  it('redacts the message, censors secret fields and serializes errors redacted', () => {
    const capture = createCapturingLogger();
    const error = new Error('no account for thandi@example.org; link /setup?token=abcdefghijkl');
    capture.logger
      .child({ component: 'test' })
      .error(
        { password: 'hunter2hunter2', user: { token: 'tok-123456' }, err: error },
        'mail to zoe@example.org failed',
      );
    const [line] = capture.lines();
    expect(line).toMatchObject({
      level: 'error',
      component: 'test',
      password: '[redacted]',
      user: { token: '[redacted]' },
      err: { type: 'Error' },
    });
    const text = capture.text();
    for (const secret of [
      'hunter2hunter2',
      'tok-123456',
      'abcdefghijkl',
      'thandi@example.org',
      'zoe@example.org',
    ])
      expect(text).not.toContain(secret);
    expect((line!.err as { message: string }).message).toContain('token=[redacted]');
  });
});

describe('the Workers console logger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes the same shape of JSON line through console, at its level and above', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const debugs = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const logger = createConsoleLogger('info', { service: 'verifier' });
    logger.error({ requestId: 'r1', err: new Error('boom for ada@example.org') }, 'request failed');
    logger.debug({}, 'not at info');
    expect(debugs).not.toHaveBeenCalled();
    const line = JSON.parse(errors.mock.calls[0]![0] as string);
    expect(line).toMatchObject({
      level: 'error',
      service: 'verifier',
      requestId: 'r1',
      msg: 'request failed',
      err: { type: 'Error' },
    });
    expect(JSON.stringify(line)).not.toContain('ada@example.org');
  });
});

describe('urlForLog', () => {
  it('keeps query names, never their values', () => {
    expect(urlForLog('http://x.example/setup?token=abc123')).toBe('/setup?token=[redacted]');
    expect(urlForLog('http://x.example/verify-email?token=abc&token=def')).toBe(
      '/verify-email?token=[redacted]',
    );
    expect(urlForLog('http://x.example/t/c/m1?u=https%3A%2F%2Fa.example&s=sig')).toBe(
      '/t/c/m1?u=[redacted]&s=[redacted]',
    );
    expect(urlForLog('http://x.example/admin/users?page=2')).toBe('/admin/users?page=[redacted]');
    expect(urlForLog('http://x.example/health')).toBe('/health');
  });

  it('replaces capability segments', () => {
    expect(urlForLog('http://x.example/v/SECRET/credential.json')).toBe('/v/[redacted]/credential.json');
    expect(urlForLog('http://x.example/exchanges/SECRET')).toBe('/exchanges/[redacted]');
    expect(urlForLog('http://x.example/unsubscribe/user-1/SECRET')).toBe('/unsubscribe/user-1/[redacted]');
    expect(urlForLog('http://x.example/t/o/m1/SECRET.gif')).toBe('/t/o/m1/[redacted]');
  });

  it('cuts a very long path', () => {
    expect(urlForLog(`http://x.example/${'a'.repeat(5000)}`).length).toBeLessThan(320);
  });
});

describe('a background job that fails', () => {
  it('is logged with the job name and the error, and tried again at the next tick', async () => {
    const capture = createCapturingLogger();
    let runs = 0;
    const stop = repeatEvery(
      'test sweep',
      20,
      async () => {
        runs++;
        throw new Error('store unavailable');
      },
      capture.logger,
    );
    await vi.waitFor(() => expect(runs).toBeGreaterThanOrEqual(2));
    stop();
    expect(capture.lines()[0]).toMatchObject({
      level: 'error',
      job: 'test sweep',
      err: { message: 'store unavailable' },
      msg: 'test sweep failed; trying again at the next tick',
    });
  });
});
