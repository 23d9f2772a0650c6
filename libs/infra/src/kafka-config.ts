/** The configuration files of the single-node KRaft broker this library starts. */

/** INFO to a file in the data dir (read back on failure), WARN and above to stderr. */
export function log4jProperties(logFile: string): string {
  return [
    'log4j.rootLogger=INFO, file, stderr',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${logFile}`,
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.appender.stderr=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stderr.Target=System.err',
    'log4j.appender.stderr.Threshold=WARN',
    'log4j.appender.stderr.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.state.change.logger=WARN',
    '',
  ].join('\n');
}

/**
 * A SASL_SSL client listener (TLS + SCRAM-SHA-512) instead of PLAINTEXT, with Kafka's
 * StandardAuthorizer (ACLs). The broker talks to itself over the same listener as `superUser`;
 * its controller listener stays PLAINTEXT on 127.0.0.1, and its principal (User:ANONYMOUS) is a
 * super user so that the broker can register with its own controller: no client listener is
 * PLAINTEXT, so no client ever gets that principal.
 */
export interface SaslSslListener {
  /** PEM file holding the broker's PKCS#8 private key then its certificate chain (ssl.keystore.type=PEM) */
  keystoreFile: string;
  /** PEM file of the CA certificate(s) the broker trusts (its own, for the inter-broker connection) */
  truststoreFile: string;
  superUser: { name: string; password: string };
}

/** A value for a JAAS option inside double quotes, in a .properties file: no escaping needed. */
function jaasQuoted(value: string): string {
  if (!/^[\w.~+/=-]+$/.test(value))
    throw new Error(
      'kafka: SCRAM user names and passwords of the test broker are limited to [A-Za-z0-9_.~+/=-]',
    );
  return `"${value}"`;
}

function listenerProperties(port: number, controllerPort: number, saslSsl?: SaslSslListener): string[] {
  if (saslSsl === undefined)
    return [
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'inter.broker.listener.name=PLAINTEXT',
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    ];
  const { name, password } = saslSsl.superUser;
  return [
    `listeners=SASL_SSL://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=SASL_SSL://127.0.0.1:${port}`,
    'inter.broker.listener.name=SASL_SSL',
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=' +
      `org.apache.kafka.common.security.scram.ScramLoginModule required username=${jaasQuoted(name)} password=${jaasQuoted(password)};`,
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${saslSsl.keystoreFile}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${saslSsl.truststoreFile}`,
    'ssl.client.auth=none',
    'ssl.endpoint.identification.algorithm=https',
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    `super.users=User:${name};User:ANONYMOUS`,
    'allow.everyone.if.no.acl.found=false',
  ];
}

export function serverProperties(
  port: number,
  controllerPort: number,
  logDir: string,
  saslSsl?: SaslSslListener,
): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    ...listenerProperties(port, controllerPort, saslSsl),
    `log.dirs=${logDir}`,
    'num.partitions=3',
    'auto.create.topics.enable=false',
    'delete.topic.enable=true',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'group.initial.rebalance.delay.ms=0',
    'log.cleaner.dedupe.buffer.size=16777216',
    'num.network.threads=2',
    'num.io.threads=2',
    '',
  ].join('\n');
}
