/** The dependency-free address policy shared by the Node and Workers fetchers. */
import { describe, expect, it } from 'vitest';
import { BlockList } from 'node:net';
import {
  checkFetchUrl,
  ipVersion,
  isPrivateAddress,
  type SafeFetchError,
} from '../../src/jsonld/fetchPolicy.js';

describe('fetch policy', () => {
  it('recognises IP literals', () => {
    expect(
      [
        '1.2.3.4',
        '255.255.255.255',
        '::',
        '::1',
        'fe80::1%eth0',
        '::ffff:1.2.3.4',
        '2001:db8:0:0:0:0:0:1',
      ].map(ipVersion),
    ).toEqual([4, 4, 6, 6, 6, 6, 6]);
    expect(
      ['example.org', '1.2.3', '01.2.3.4', '256.1.1.1', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', ''].map(
        ipVersion,
      ),
    ).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('classifies private, reserved and embedded-IPv4 addresses as private', () => {
    for (const address of [
      '0.0.0.0',
      '10.1.2.3',
      '100.64.0.1',
      '127.0.0.1',
      '169.254.169.254',
      '172.31.255.255',
      '192.168.1.1',
      '224.0.0.1',
      '255.255.255.255',
      '::',
      '::1',
      'fe80::1',
      'fd00::1',
      'ff02::1',
      '2001:db8::1',
      '64:ff9b::a00:1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '2002:7f00:1::',
      '::7f00:1',
      'not-an-ip',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of [
      '93.184.216.34',
      '8.8.8.8',
      '172.32.0.1',
      '2606:2800:220:1:248:1893:25c8:1946',
      '::ffff:8.8.8.8',
      '2002:808:808::1',
    ]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it('agrees with node:net BlockList on the IPv4 ranges it replaced', () => {
    const ranges = new BlockList();
    for (const [net, prefix] of [
      ['0.0.0.0', 8],
      ['10.0.0.0', 8],
      ['100.64.0.0', 10],
      ['127.0.0.0', 8],
      ['169.254.0.0', 16],
      ['172.16.0.0', 12],
      ['192.0.0.0', 24],
      ['192.0.2.0', 24],
      ['192.168.0.0', 16],
      ['198.18.0.0', 15],
      ['198.51.100.0', 24],
      ['203.0.113.0', 24],
      ['224.0.0.0', 4],
      ['240.0.0.0', 4],
    ] as const)
      ranges.addSubnet(net, prefix, 'ipv4');
    for (let i = 0; i < 5000; i++) {
      const address = Array.from({ length: 4 }, () => Math.floor(Math.random() * 256)).join('.');
      expect(isPrivateAddress(address), address).toBe(ranges.check(address, 'ipv4'));
    }
  });

  it('checks URLs without DNS: https only, no private literal, no localhost', () => {
    expect(checkFetchUrl('https://issuer.example/did.json').hostname).toBe('issuer.example');
    const refused = (url: string) => {
      try {
        checkFetchUrl(url);
        return 'allowed';
      } catch (error) {
        return (error as SafeFetchError).reason;
      }
    };
    expect(refused('http://issuer.example/')).toBe('not_https');
    expect(refused('https://[::ffff:127.0.0.1]/')).toBe('private_address');
    expect(refused('https://LOCALHOST/')).toBe('private_address');
    expect(refused('https://8.8.8.8/')).toBe('allowed');
  });
});
