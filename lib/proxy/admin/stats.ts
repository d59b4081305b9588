/**
 * The proxy's counters and gauges, rendered in the Prometheus text exposition format (version 0.0.4) at
 * /stats. The hot path holds Counter objects and bumps `value`; names and labels are resolved once.
 */

export interface Counter {
  value: number;
}

type Labels = Readonly<Record<string, string>>;

interface Family {
  readonly type: "counter" | "gauge";
  readonly help: string;
  readonly series: Map<string, { labels: Labels; counter?: Counter; read?: () => number }>;
}

export const METRIC_PREFIX = "weft_proxy_";

export class Stats {
  private readonly families = new Map<string, Family>();

  /** The counter for this name and label set (created at 0 the first time). */
  counter(name: string, help: string, labels: Labels = {}): Counter {
    const family = this.family(name, "counter", help);
    const key = labelKey(labels);
    let series = family.series.get(key);
    if (!series) {
      series = { labels, counter: { value: 0 } };
      family.series.set(key, series);
    }
    if (!series.counter) throw new Error(`${name}${key} is a gauge`);
    return series.counter;
  }

  /** A gauge read when /stats is rendered; registering the same series again replaces the reader. */
  gauge(name: string, help: string, labels: Labels, read: () => number): void {
    this.family(name, "gauge", help).series.set(labelKey(labels), { labels, read });
  }

  /** Forgets every series whose labels include `label=value` (e.g. a removed cluster). */
  removeSeries(label: string, value: string): void {
    for (const family of this.families.values()) {
      for (const [key, series] of family.series)
        if (series.labels[label] === value) family.series.delete(key);
    }
  }

  value(name: string, labels: Labels = {}): number | undefined {
    const series = this.families.get(name)?.series.get(labelKey(labels));
    return series?.counter?.value ?? series?.read?.();
  }

  render(): string {
    const lines: string[] = [];
    for (const name of [...this.families.keys()].sort()) {
      const family = this.families.get(name)!;
      const full = METRIC_PREFIX + name;
      lines.push(`# HELP ${full} ${family.help}`, `# TYPE ${full} ${family.type}`);
      for (const series of family.series.values()) {
        const value = series.counter ? series.counter.value : (series.read?.() ?? 0);
        lines.push(`${full}${formatLabels(series.labels)} ${formatNumber(value)}`);
      }
    }
    return `${lines.join("\n")}\n`;
  }

  private family(name: string, type: Family["type"], help: string): Family {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid metric name ${name}`);
    let family = this.families.get(name);
    if (!family) {
      family = { type, help, series: new Map() };
      this.families.set(name, family);
    } else if (family.type !== type) throw new Error(`${name} is a ${family.type}`);
    return family;
  }
}

function labelKey(labels: Labels): string {
  return formatLabels(labels);
}

function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return "";
  return `{${keys.map((k) => `${k}="${escapeLabel(labels[k]!)}"`).join(",")}}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}
