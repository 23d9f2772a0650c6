import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load, loadAll, mergeTag } from 'js-yaml';
import { ALL_TOPICS, dlqTopic, partitionsOf } from '@uocava/contracts';

/** MAX_MESSAGE_BYTES and DLQ_MAX_MESSAGE_BYTES of libs/messaging/src/kafkajs-bus.ts (a layer above this one). */
const MAX_MESSAGE_BYTES = 1_048_588;
const DLQ_MAX_MESSAGE_BYTES = MAX_MESSAGE_BYTES + 262_144;

/** Static checks of docker-compose.yml, the Dockerfile and deploy/ (no Docker engine needed). */
const root = join(__dirname, '..', '..', '..');
const APPS = ['gateway', 'verification', 'ballots', 'receipts', 'notifications'];
const APP_ENV = ['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'LOG_LEVEL', 'MASTER_KEY', 'KEYS_DIR'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
function obj(v: unknown, what: string): Obj {
  if (!isObj(v)) throw new Error(`${what} is not a mapping`);
  return v;
}
function path(v: unknown, ...keys: string[]): unknown {
  let cur = v;
  for (const k of keys) cur = isObj(cur) ? cur[k] : undefined;
  return cur;
}
/** YAML 1.2 core schema plus `<<` merge keys, as Docker Compose reads them. */
const schema = CORE_SCHEMA.withTags(mergeTag);
function readYaml(file: string): unknown {
  return load(readFileSync(join(root, file), 'utf8'), { schema });
}
function readYamlDocs(file: string): Obj[] {
  return loadAll(readFileSync(join(root, file), 'utf8'), { schema }).filter(isObj);
}

describe('docker-compose.yml', () => {
  const compose = obj(readYaml('docker-compose.yml'), 'compose file');
  const services = obj(compose.services, 'services');
  const volumes = obj(compose.volumes, 'volumes');

  it('has Postgres 16, Kafka 3.9.1, the migrations and every app', () => {
    expect(path(services, 'postgres', 'image')).toMatch(/^postgres:16/);
    expect(path(services, 'kafka', 'image')).toBe('apache/kafka:3.9.1');
    expect(Object.keys(services).sort()).toEqual(['kafka', 'migrate', 'postgres', ...APPS].sort());
  });

  it('gives every service an image or a build, and depends only on services that exist', () => {
    for (const [name, raw] of Object.entries(services)) {
      const service = obj(raw, name);
      expect(service.image !== undefined || service.build !== undefined).toBe(true);
      const dependsOn = service.depends_on === undefined ? {} : obj(service.depends_on, `${name}.depends_on`);
      for (const [dep, cond] of Object.entries(dependsOn)) {
        expect(Object.keys(services)).toContain(dep);
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(
          path(cond, 'condition'),
        );
        if (path(cond, 'condition') === 'service_healthy')
          expect(path(services, dep, 'healthcheck', 'test')).toBeDefined();
      }
      for (const mount of (service.volumes as unknown[] | undefined) ?? []) {
        const source = String(mount).split(':')[0];
        if (!source.startsWith('.') && !source.startsWith('/'))
          expect(Object.keys(volumes)).toContain(source);
      }
    }
  });

  it('has no dependency cycle', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string): void => {
      if (done.has(name)) return;
      if (visiting.has(name)) throw new Error(`cycle through ${name}`);
      visiting.add(name);
      for (const dep of Object.keys(obj(path(services, name, 'depends_on') ?? {}, name))) visit(dep);
      visiting.delete(name);
      done.add(name);
    };
    expect(() => Object.keys(services).forEach(visit)).not.toThrow();
  });

  it('runs each app from its own main.ts with the environment the apps read', () => {
    for (const app of APPS) {
      const env = obj(path(services, app, 'environment'), `${app}.environment`);
      expect(env.APP).toBe(app);
      expect(existsSync(join(root, 'apps', app, 'src', 'main.ts'))).toBe(true);
      for (const key of APP_ENV) expect(env[key]).toBeDefined();
      expect(obj(path(services, app, 'depends_on'), app).migrate).toEqual({
        condition: 'service_completed_successfully',
      });
    }
    const migrate = path(services, 'migrate', 'command') as string[];
    expect(existsSync(join(root, migrate[migrate.length - 1]))).toBe(true);
  });

  it('gives the apps the unprivileged login role and only the migrations the owner of the tables', () => {
    for (const app of APPS) {
      const env = obj(path(services, app, 'environment'), `${app}.environment`);
      expect(String(env.DATABASE_URL)).toMatch(/^postgres:\/\/uocava_apps:/);
      expect(env.DATABASE_OWNER_URL).toBeUndefined();
    }
    const migrate = obj(path(services, 'migrate', 'environment'), 'migrate.environment');
    expect(String(migrate.DATABASE_OWNER_URL)).toMatch(/^postgres:\/\/postgres:/);
    expect(String(migrate.DATABASE_URL)).toMatch(/^postgres:\/\/uocava_apps:/);
    expect(migrate.UOCAVA_CREATE_APP_LOGIN).toBe('1');
  });

  it('takes the master key from the environment, never from the file', () => {
    expect(String(path(services, 'gateway', 'environment', 'MASTER_KEY'))).toMatch(/^\$\{MASTER_KEY:\?/);
  });

  it('configures the Kafka image for a single KRaft node on which consumer groups work', () => {
    const env = obj(path(services, 'kafka', 'environment'), 'kafka.environment');
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe(1);
    expect(String(env.KAFKA_ADVERTISED_LISTENERS)).toContain('kafka:19092');
    expect(path(services, 'gateway', 'environment', 'KAFKA_BROKERS')).toBe('kafka:19092');
    // CLUSTER_ID default: a base64url UUID (22 characters) as Kafka requires.
    expect(String(env.CLUSTER_ID)).toMatch(/:-[A-Za-z0-9_][A-Za-z0-9_-]{21}\}$/);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  it('builds on node:20-bookworm-slim with npm ci, runs as the unprivileged node user', () => {
    expect(dockerfile.match(/^FROM node:20-bookworm-slim/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('node -r @swc-node/register apps/${APP}/src/main.ts');
  });
  it('copies only files that exist', () => {
    for (const m of dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)) {
      for (const src of m[1].split(' ')) expect(existsSync(join(root, src))).toBe(true);
    }
  });
});

describe('deploy/k8s', () => {
  const docs = readdirSync(join(root, 'deploy', 'k8s'))
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((f) => readYamlDocs(join('deploy', 'k8s', f)));
  const kinds = (kind: string): Obj[] => docs.filter((d) => d.kind === kind);

  it('lists every manifest in the kustomization', () => {
    const resources = path(readYaml('deploy/k8s/kustomization.yaml'), 'resources') as string[];
    const files = readdirSync(join(root, 'deploy', 'k8s')).filter(
      (f) => f.endsWith('.yaml') && f !== 'kustomization.yaml',
    );
    expect([...resources].sort()).toEqual(files.sort());
  });

  it('has a Deployment per app, non-root, with resource limits', () => {
    const deployments = kinds('Deployment');
    expect(deployments.map((d) => path(d, 'metadata', 'name')).sort()).toEqual([...APPS].sort());
    for (const d of deployments) {
      const pod = obj(path(d, 'spec', 'template', 'spec'), 'pod spec');
      expect(path(pod, 'securityContext', 'runAsNonRoot')).toBe(true);
      expect(path(d, 'spec', 'selector', 'matchLabels')).toEqual({
        'app.kubernetes.io/name': path(d, 'metadata', 'name'),
      });
      for (const c of pod.containers as Obj[]) {
        expect(path(c, 'resources', 'limits', 'memory')).toBeDefined();
        expect(path(c, 'resources', 'limits', 'cpu')).toBeDefined();
        expect(path(c, 'securityContext', 'allowPrivilegeEscalation')).toBe(false);
        expect((c.env as Obj[]).find((e) => e.name === 'APP')?.value).toBe(path(d, 'metadata', 'name'));
        // probes ask the app itself: ready = doing its work, live = the process answers
        expect(path(c, 'readinessProbe', 'httpGet', 'path')).toBe('/health/ready');
        expect(path(c, 'livenessProbe', 'httpGet', 'path')).toBe('/health/live');
      }
    }
  });

  it('has a gateway Service, a migrations Job and a NetworkPolicy', () => {
    expect(kinds('Service').map((s) => path(s, 'spec', 'selector', 'app.kubernetes.io/name'))).toEqual([
      'gateway',
    ]);
    const job = kinds('Job')[0];
    const command = path(job, 'spec', 'template', 'spec', 'containers') as Obj[];
    expect((command[0].command as string[]).join(' ')).toContain('scripts/migrate.ts');
    expect(kinds('NetworkPolicy').length).toBeGreaterThan(0);
  });

  it('gives the owner of the tables (Secret uocava-db-owner) to the migrations Job only', () => {
    const secretsOf = (d: Obj): string[] =>
      ((path(d, 'spec', 'template', 'spec', 'containers') as Obj[]) ?? []).flatMap((c) =>
        ((c.envFrom as Obj[] | undefined) ?? [])
          .map((e) => path(e, 'secretRef', 'name'))
          .filter((n): n is string => typeof n === 'string'),
      );
    expect(secretsOf(kinds('Job')[0])).toEqual(['uocava-secrets', 'uocava-db-owner']);
    for (const d of kinds('Deployment')) expect(secretsOf(d)).toEqual(['uocava-secrets']);
  });

  it('references only ConfigMaps and Secrets by the names the docs tell operators to create', () => {
    const text = readdirSync(join(root, 'deploy', 'k8s'))
      .map((f) => readFileSync(join(root, 'deploy', 'k8s', f), 'utf8'))
      .join('\n');
    expect(text).not.toMatch(/MASTER_KEY:\s*\S/);
    expect(kinds('ConfigMap').map((c) => path(c, 'metadata', 'name'))).toEqual(['uocava-config']);
  });
});

describe('deploy/kafka/topics.yaml', () => {
  it('declares exactly the topics of the event catalog and their dead-letter topics', () => {
    const names = readYamlDocs('deploy/kafka/topics.yaml').map((d) => path(d, 'metadata', 'name'));
    const expected = [...ALL_TOPICS, ...ALL_TOPICS.map(dlqTopic)];
    expect([...names].sort()).toEqual([...expected].sort());
  });

  it('gives every topic the partitions of the catalog, as the apps create them', () => {
    for (const d of readYamlDocs('deploy/kafka/topics.yaml')) {
      const name = String(path(d, 'metadata', 'name'));
      expect([name, Number(path(d, 'spec', 'partitions'))]).toEqual([name, partitionsOf(name)]);
    }
  });

  it('sizes every topic like MessagingModule does: dead-letter topics take the largest message plus headers', () => {
    for (const d of readYamlDocs('deploy/kafka/topics.yaml')) {
      const name = String(path(d, 'metadata', 'name'));
      expect([name, Number(path(d, 'spec', 'config', 'max.message.bytes'))]).toEqual([
        name,
        name.endsWith('.dlq') ? DLQ_MAX_MESSAGE_BYTES : MAX_MESSAGE_BYTES,
      ]);
    }
  });
});
