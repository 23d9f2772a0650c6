/**
 * deploy/observability against the code: every metric the alert rules and the Grafana dashboard
 * use is one the apps define (no alert silently watching a name that does not exist), the rules
 * are well-formed, and promtool (Debian package `prometheus`, which `npm test` installs) accepts
 * the rules and passes their unit tests (alerts.test.yaml).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dump, load } from 'js-yaml';
import { collectDefaultMetrics, Registry } from 'prom-client';

const root = join(__dirname, '..', '..', '..');
const dir = join(root, 'deploy', 'observability');

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary: string; description: string };
}
const manifest = load(readFileSync(join(dir, 'prometheus-rules.yaml'), 'utf8')) as {
  apiVersion: string;
  kind: string;
  spec: { groups: Array<{ name: string; rules: Rule[] }> };
};
const dashboard = JSON.parse(readFileSync(join(dir, 'grafana-dashboard.json'), 'utf8')) as {
  uid: string;
  __inputs: Array<{ name: string }>;
  panels: Array<{
    id: number;
    type: string;
    datasource?: { uid: string };
    targets?: Array<{ expr: string }>;
  }>;
};

/** Source text of apps/ and libs/ (not tests). */
function sources(path: string, out: string[] = []): string[] {
  for (const name of readdirSync(path)) {
    const p = join(path, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.tsx?$/.test(name) && !/\.(spec|int-spec)\.ts$/.test(name)) out.push(readFileSync(p, 'utf8'));
  }
  return out;
}

const metricNames = (expr: string): string[] =>
  [...expr.matchAll(/\b(uocava_[a-z0-9_]+)/g)].map((m) => m[1].replace(/_(bucket|count|sum)$/, ''));

describe('deploy/observability', () => {
  const code = [...sources(join(root, 'apps')), ...sources(join(root, 'libs'))].join('\n');
  const defaults = new Registry();
  collectDefaultMetrics({ register: defaults, prefix: 'uocava_' });
  const defined = (name: string) =>
    code.includes(`'${name}'`) || defaults.getSingleMetric(name) !== undefined;

  it('is a PrometheusRule whose alerts have a severity, a summary and a description', () => {
    expect(manifest).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' });
    const rules = manifest.spec.groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThan(5);
    for (const r of rules) {
      expect(['warning', 'critical']).toContain(r.labels.severity);
      expect(r.annotations.summary.length).toBeGreaterThan(10);
      expect(r.annotations.description.length).toBeGreaterThan(10);
    }
    // the counts that call for an operator are alerts
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining(['UocavaMoveActAtRisk', 'UocavaMessagesParked', 'UocavaPacketMismatch']),
    );
  });

  it('alerts and dashboard panels only use metrics the apps define', () => {
    const used = new Set([
      ...manifest.spec.groups.flatMap((g) => g.rules.flatMap((r) => metricNames(r.expr))),
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr))),
    ]);
    expect(used.size).toBeGreaterThan(8);
    expect([...used].filter((name) => !defined(name))).toEqual([]);
    expect(defined('uocava_no_such_metric')).toBe(false);
  });

  it('the dashboard imports with a Prometheus data source input and unique panel ids', () => {
    expect(dashboard.__inputs.map((i) => i.name)).toEqual(['DS_PROMETHEUS']);
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels.filter((x) => x.type !== 'row'))
      expect(p.datasource?.uid).toBe('${DS_PROMETHEUS}');
  });

  const promtool = (() => {
    for (const d of (process.env.PATH ?? '').split(':'))
      try {
        if (statSync(join(d, 'promtool')).isFile()) return join(d, 'promtool');
      } catch {
        // not in this directory
      }
    return undefined;
  })();
  it('promtool accepts the rules and passes alerts.test.yaml', async () => {
    if (promtool === undefined)
      throw new Error('promtool is not installed: `npm test` installs it (Debian package prometheus)');
    const work = mkdtempSync(join(tmpdir(), 'uocava-rules-'));
    writeFileSync(join(work, 'rules.generated.yaml'), dump({ groups: manifest.spec.groups }));
    copyFileSync(join(dir, 'alerts.test.yaml'), join(work, 'alerts.test.yaml'));
    const run = promisify(execFile);
    await run(promtool, ['check', 'rules', 'rules.generated.yaml'], { cwd: work });
    const { stdout } = await run(promtool, ['test', 'rules', 'alerts.test.yaml'], { cwd: work });
    expect(stdout).toContain('SUCCESS');
  });
});
