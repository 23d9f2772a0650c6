/**
 * Every document in deploy/k8s validated against the Kubernetes API schemas (kubernetes-models,
 * generated from the Kubernetes OpenAPI spec) and KEDA's CRD schemas (@kubernetes-models/keda),
 * offline; then the operations rules: autoscaling on consumer lag per worker, disruption budgets,
 * zone spread, TLS ingress, Kafka over SASL_SSL from Secrets.
 * The schemas check types, required fields, enums and formats. They do not refuse unknown fields
 * (a misspelt optional field passes here; the API server's strict field validation would refuse it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler, type IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy, type IIngress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget, type IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Service, type IConfigMap, type IService } from 'kubernetes-models/v1';
import {
  ScaledObject,
  TriggerAuthentication,
  type IScaledObject,
  type ITriggerAuthentication,
} from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { TOPICS } from '@uocava/contracts';
import { appsKafkaAccess, loadKafkaUsers } from './kafka-acls';

const root = join(__dirname, '..', '..', '..');
const dir = join(root, 'deploy', 'k8s');

interface Validating {
  validate(): void;
}
const MODELS: Record<string, (doc: Record<string, unknown>) => Validating> = {
  'v1/Namespace': (d) => new Namespace(d as never),
  'v1/ConfigMap': (d) => new ConfigMap(d as never),
  'v1/Service': (d) => new Service(d as never),
  'apps/v1/Deployment': (d) => new Deployment(d as never),
  'batch/v1/Job': (d) => new Job(d as never),
  'networking.k8s.io/v1/NetworkPolicy': (d) => new NetworkPolicy(d as never),
  'networking.k8s.io/v1/Ingress': (d) => new Ingress(d as never),
  'policy/v1/PodDisruptionBudget': (d) => new PodDisruptionBudget(d as never),
  'autoscaling/v2/HorizontalPodAutoscaler': (d) => new HorizontalPodAutoscaler(d as never),
  'keda.sh/v1alpha1/ScaledObject': (d) => new ScaledObject(d as never),
  'keda.sh/v1alpha1/TriggerAuthentication': (d) => new TriggerAuthentication(d as never),
};

type Doc = Record<string, unknown> & { apiVersion?: string; kind?: string; metadata?: { name?: string } };
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const docs: { file: string; doc: Doc }[] = files.flatMap((file) =>
  (loadAll(readFileSync(join(dir, file), 'utf8'), { schema: CORE_SCHEMA }) as (Doc | null)[])
    .filter((doc): doc is Doc => doc !== null && doc !== undefined)
    .map((doc) => ({ file, doc })),
);
/** The documents of one kind, typed by the Kubernetes models (their schemas are checked above). */
const ofKind = <T>(kind: string): T[] => docs.filter((d) => d.doc.kind === kind).map((d) => d.doc as T);
const named = <T extends { metadata?: { name?: string } }>(kind: string, name: string): T =>
  ofKind<T>(kind).find((d) => d.metadata?.name === name) ??
  (() => {
    throw new Error(`no ${kind} ${name} in deploy/k8s`);
  })();

describe('deploy/k8s against the Kubernetes and KEDA schemas', () => {
  it.each(docs.map((d) => [`${d.file}: ${d.doc.kind} ${d.doc.metadata?.name}`, d.doc] as const))(
    '%s is valid',
    (_label, doc) => {
      const model = MODELS[`${doc.apiVersion}/${doc.kind}`];
      if (model === undefined)
        throw new Error(`no schema for ${doc.apiVersion} ${doc.kind}: add it to MODELS`);
      expect(() => model(doc).validate()).not.toThrow();
    },
  );

  it('would refuse a wrong document (the validators are not blind)', () => {
    const deployment = structuredClone(named<IDeployment>('Deployment', 'gateway'));
    (deployment.spec!.template.spec!.containers[0].ports![0] as { containerPort: unknown }).containerPort =
      'http';
    expect(() => new Deployment(deployment).validate()).toThrow(/containerPort must be integer/);
    const scaled: Partial<IScaledObject['spec']> = structuredClone(
      named<IScaledObject>('ScaledObject', 'ballots').spec,
    );
    delete scaled.scaleTargetRef;
    expect(() =>
      new ScaledObject({ metadata: { name: 'x' }, spec: scaled as IScaledObject['spec'] }).validate(),
    ).toThrow(/scaleTargetRef/);
    const pdb = structuredClone(named<IPodDisruptionBudget>('PodDisruptionBudget', 'gateway'));
    (pdb.spec as { selector: unknown }).selector = 'gateway';
    expect(() => new PodDisruptionBudget(pdb).validate()).toThrow();
  });
});

describe('deploy/k8s operations', () => {
  const access = appsKafkaAccess(TOPICS);
  const deployments = ofKind<IDeployment>('Deployment');
  const config = named<IConfigMap>('ConfigMap', 'uocava-config').data!;
  const partitions = (topic: string): number => {
    const text = readFileSync(join(root, 'deploy', 'kafka', 'topics.yaml'), 'utf8');
    const topics = loadAll(text, { schema: CORE_SCHEMA }) as {
      metadata?: { name?: string };
      spec?: { partitions?: number };
    }[];
    return Number(topics.find((d) => d?.metadata?.name === topic)?.spec?.partitions);
  };

  it('scales every worker on the lag of its own consumer group, one trigger per topic, up to the partitions', () => {
    const workers = [...access.entries()].filter(([, a]) => a.workers.length > 0);
    expect(
      ofKind<IScaledObject>('ScaledObject')
        .map((s) => s.metadata?.name)
        .sort(),
    ).toEqual(workers.map(([name]) => name).sort());
    for (const [name, a] of workers) {
      const scaled = named<IScaledObject>('ScaledObject', name).spec;
      expect(scaled.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(scaled.triggers.map((t) => `${t.metadata.consumerGroup} ${t.metadata.topic}`).sort()).toEqual(
        a.workers.flatMap((w) => w.consumes.map((topic) => `${w.group} ${topic}`)).sort(),
      );
      for (const t of scaled.triggers) {
        expect(t.type).toBe('kafka');
        expect(t.metadata.bootstrapServers).toBe(config.KAFKA_BROKERS);
        expect([t.metadata.sasl, t.metadata.tls]).toEqual(['scram_sha512', 'enable']);
        expect(
          named<ITriggerAuthentication>('TriggerAuthentication', t.authenticationRef!.name!),
        ).toBeDefined();
        expect(scaled.maxReplicaCount).toBeLessThanOrEqual(partitions(t.metadata.topic));
      }
      expect(scaled.minReplicaCount).toBeGreaterThanOrEqual(1);
    }
    const hpa = named<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'gateway').spec!;
    expect(hpa.scaleTargetRef.name).toBe('gateway');
    expect(hpa.minReplicas).toBeGreaterThanOrEqual(2);
  });

  it('leaves replicas to the autoscalers', () => {
    for (const d of deployments)
      expect([d.metadata?.name, d.spec?.replicas]).toEqual([d.metadata?.name, undefined]);
  });

  it('gives KEDA its own Kafka user, from Secrets', () => {
    const auth = named<ITriggerAuthentication>('TriggerAuthentication', 'keda-kafka').spec;
    const refs = Object.fromEntries((auth.secretTargetRef ?? []).map((r) => [r.parameter, r]));
    expect(Object.keys(refs).sort()).toEqual(['ca', 'password', 'username']);
    expect(refs.password).toMatchObject({ name: 'uocava-keda', key: 'password' });
    expect(loadKafkaUsers().map((u) => u.name)).toContain('uocava-keda');
  });

  it('has a disruption budget for every Deployment that still lets a node drain', () => {
    for (const d of deployments) {
      const name = d.metadata!.name!;
      const pdbs = ofKind<IPodDisruptionBudget>('PodDisruptionBudget').filter(
        (p) => p.spec?.selector?.matchLabels?.['app.kubernetes.io/name'] === name,
      );
      expect(pdbs).toHaveLength(1);
      const pdb = pdbs[0].spec!;
      // minAvailable only where more replicas than that always run, else the budget blocks every drain
      if (pdb.minAvailable !== undefined)
        expect(
          named<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler', name).spec!.minReplicas,
        ).toBeGreaterThan(Number(pdb.minAvailable));
      else expect(pdb.maxUnavailable).toBe(1);
    }
  });

  it('spreads every Deployment over zones, then nodes, by its own label', () => {
    for (const d of deployments) {
      const spread = d.spec!.template.spec!.topologySpreadConstraints ?? [];
      expect(spread.map((s) => s.topologyKey)).toEqual([
        'topology.kubernetes.io/zone',
        'kubernetes.io/hostname',
      ]);
      for (const s of spread) expect(s.labelSelector?.matchLabels).toEqual(d.spec!.selector.matchLabels);
    }
  });

  it('exposes the gateway only through a TLS Ingress for the host of PUBLIC_URL', () => {
    const ingresses = ofKind<IIngress>('Ingress');
    expect(ingresses).toHaveLength(1);
    const spec = ingresses[0].spec!;
    const host = new URL(config.PUBLIC_URL).host;
    expect(spec.tls).toEqual([{ hosts: [host], secretName: 'uocava-gateway-tls' }]);
    expect(spec.rules?.map((r) => r.host)).toEqual([host]);
    const backend = spec.rules![0].http!.paths[0].backend.service!;
    expect(backend.name).toBe('gateway');
    const service = named<IService>('Service', 'gateway').spec!;
    expect(service.ports?.map((p) => p.name)).toContain(backend.port?.name);
    expect(ingresses[0].metadata?.annotations?.['nginx.ingress.kubernetes.io/force-ssl-redirect']).toBe(
      'true',
    );
  });

  it('connects every app to Kafka over SASL_SSL as its own user, the password and CA from Secrets', () => {
    expect(config).toMatchObject({ KAFKA_SSL: '1', KAFKA_SASL_MECHANISM: 'scram-sha-512' });
    expect(config.KAFKA_SASL_PASSWORD).toBeUndefined();
    const users = loadKafkaUsers().map((u) => u.name);
    for (const d of deployments) {
      const pod = d.spec!.template.spec!;
      const container = pod.containers[0];
      const user = container.env?.find((e) => e.name === 'KAFKA_SASL_USERNAME')?.value;
      expect(user).toBe(`uocava-${d.metadata?.name}`);
      expect(users).toContain(user);
      const volumeOf = (file: string) => {
        const mount = container.volumeMounts?.find((m) => file.startsWith(`${m.mountPath}/`));
        return pod.volumes?.find((v) => v.name === mount?.name)?.secret;
      };
      expect(volumeOf(config.KAFKA_SASL_PASSWORD_FILE)).toMatchObject({
        secretName: user,
        items: [{ key: 'password', path: 'password' }],
      });
      expect(volumeOf(config.KAFKA_CA_FILE)).toMatchObject({
        secretName: 'kafka-cluster-ca-cert',
        items: [{ key: 'ca.crt', path: 'ca.crt' }],
      });
    }
  });

  it('uses only Secrets that docs/operations.md tells the operator about (or Strimzi writes, as documented)', () => {
    const docsText = readFileSync(join(root, 'docs', 'operations.md'), 'utf8');
    const names = new Set<string>();
    const walk = (value: unknown, key?: string): void => {
      if (Array.isArray(value)) value.forEach((v) => walk(v));
      else if (typeof value === 'object' && value !== null) {
        const o = value as Record<string, unknown>;
        if (key === 'secretRef' || key === 'secretKeyRef') names.add(String(o.name));
        for (const [k, v] of Object.entries(o)) {
          if (k === 'secretName' && typeof v === 'string') names.add(v);
          walk(v, k);
        }
      }
    };
    for (const { doc } of docs) walk(doc);
    for (const ref of named<ITriggerAuthentication>('TriggerAuthentication', 'keda-kafka').spec
      .secretTargetRef ?? [])
      names.add(ref.name);
    expect(names.size).toBeGreaterThan(8);
    const undocumented = [...names].filter(
      (n) => !docsText.includes(`\`${n}\``) && !docsText.includes(` ${n} `) && !docsText.includes(`${n} \\`),
    );
    // the per-app KafkaUser Secrets are documented as `uocava-<app>`
    expect(
      undocumented.filter((n) => !(/^uocava-[a-z]+$/.test(n) && docsText.includes('`uocava-<app>`'))),
    ).toEqual([]);
  });
});
