import { serverProperties } from './kafka-config';

const props = (text: string): Map<string, string> =>
  new Map(
    text
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

describe('serverProperties', () => {
  it('is PLAINTEXT without ACLs by default (tests and development)', () => {
    const p = props(serverProperties(9092, 9093, '/data'));
    expect(p.get('listeners')).toBe('PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093');
    expect(p.has('authorizer.class.name')).toBe(false);
  });

  it('has only a SASL_SSL client listener with SCRAM-SHA-512, PEM stores and the StandardAuthorizer', () => {
    const p = props(
      serverProperties(9092, 9093, '/data', {
        keystoreFile: '/certs/broker.pem',
        truststoreFile: '/certs/ca.pem',
        superUser: { name: 'admin', password: 'pw-1' },
      }),
    );
    expect(p.get('listeners')).toBe('SASL_SSL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093');
    expect(p.get('listener.security.protocol.map')).toBe('CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL');
    expect(p.get('inter.broker.listener.name')).toBe('SASL_SSL');
    expect(p.get('sasl.enabled.mechanisms')).toBe('SCRAM-SHA-512');
    expect(p.get('ssl.keystore.type')).toBe('PEM');
    expect(p.get('ssl.keystore.location')).toBe('/certs/broker.pem');
    expect(p.get('ssl.truststore.location')).toBe('/certs/ca.pem');
    expect(p.get('authorizer.class.name')).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(p.get('allow.everyone.if.no.acl.found')).toBe('false');
    expect(p.get('listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config')).toBe(
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="pw-1";',
    );
  });

  it('refuses a super user password that would need escaping in a .properties file or JAAS', () => {
    expect(() =>
      serverProperties(1, 2, '/d', {
        keystoreFile: 'k',
        truststoreFile: 't',
        superUser: { name: 'admin', password: 'a"b\\c' },
      }),
    ).toThrow(/limited to/);
  });
});
