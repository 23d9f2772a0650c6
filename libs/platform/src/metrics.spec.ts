import { gauge, metricsRegistry } from './metrics';

describe('computed gauges', () => {
  it('are read at each scrape; one that fails leaves itself empty, counts the failure, and the scrape goes on', async () => {
    let calls = 0;
    gauge('uocava_test_good', 'a test gauge', ['kind'], async (set) => {
      calls++;
      set({ kind: 'a' }, 3);
      set({ kind: 'b' }, calls);
    });
    gauge('uocava_test_broken', 'a gauge whose source is down', [], async (set) => {
      set({}, 99);
      throw new Error('database unavailable');
    });
    const first = await metricsRegistry.metrics();
    expect(first).toContain('uocava_test_good{kind="a"} 3');
    expect(first).toContain('uocava_test_good{kind="b"} 1');
    // prom-client writes "Nan"; Prometheus parses NaN in any case (Go strconv.ParseFloat)
    expect(first).toMatch(/^uocava_test_broken nan$/im);
    // the failure counter is written before the gauges are read: it shows a failure from the next scrape on
    const second = await metricsRegistry.metrics();
    expect(second).toContain('uocava_test_good{kind="b"} 2');
    expect(second).toContain('uocava_metric_collect_failures_total{metric="uocava_test_broken"} 1');
    expect(await metricsRegistry.metrics()).toContain(
      'uocava_metric_collect_failures_total{metric="uocava_test_broken"} 2',
    );
  });
});
