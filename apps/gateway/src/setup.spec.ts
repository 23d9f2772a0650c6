import { securityHeaders, trustProxySetting } from './setup';

describe('gateway setup', () => {
  it('reads TRUST_PROXY as hops, a boolean or addresses', () => {
    expect(trustProxySetting(undefined)).toBeUndefined();
    expect(trustProxySetting(' ')).toBeUndefined();
    expect(trustProxySetting('1')).toBe(1);
    expect(trustProxySetting('true')).toBe(true);
    expect(trustProxySetting('10.0.0.0/8, loopback')).toBe('10.0.0.0/8, loopback');
  });

  it('sends HSTS and upgrade-insecure-requests only for an https site', () => {
    const headersOf = (url: string) => {
      const headers: Record<string, string> = {};
      const res = {
        setHeader: (k: string, v: string) => (headers[k.toLowerCase()] = String(v)),
        removeHeader: () => undefined,
      };
      securityHeaders(url)({} as never, res as never, () => undefined);
      return headers;
    };
    const plain = headersOf('http://127.0.0.1:3000');
    expect(plain['strict-transport-security']).toBeUndefined();
    expect(plain['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(plain['content-security-policy']).toContain("default-src 'none'");
    const secure = headersOf('https://ballots.example.gov');
    expect(secure['strict-transport-security']).toContain('max-age=31536000');
    expect(secure['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});
