import cliProgress from 'cli-progress';

export interface ProgressUpdate {
  /** Papers handled so far. */
  papers: number;
  /** Fraction of the input read (0…1), when the input's size is known. */
  fraction?: number;
}

export interface ProgressReporter {
  update(progress: ProgressUpdate): void;
  stop(): void;
}

const PLAIN_INTERVAL_MS = 2000;

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

/**
 * A progress bar (papers, papers/s, ETA) when `stream` is a terminal; otherwise a plain line every few seconds,
 * which reads well in logs and CI.
 */
export function progressReporter(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
  plainIntervalMs = PLAIN_INTERVAL_MS,
): ProgressReporter {
  const started = performance.now();
  const rate = (papers: number) => papers / Math.max((performance.now() - started) / 1000, 1e-3);
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} |{bar}| {percentage}% | {papers} papers | {rate} papers/s | ETA {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1000, 0, { papers: 0, rate: '0' });
    return {
      update: ({ papers, fraction }) =>
        bar.update(Math.round((fraction ?? 0) * 1000), { papers, rate: rate(papers).toFixed(1) }),
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let lastPapers = -1;
  const line = ({ papers, fraction }: ProgressUpdate) => {
    const elapsed = (performance.now() - started) / 1000;
    const eta = fraction && fraction > 0 ? formatSeconds((elapsed * (1 - fraction)) / fraction) : '?';
    const pct = fraction === undefined ? '' : `, ${(fraction * 100).toFixed(0)}%`;
    stream.write(`${label}: ${papers} papers, ${rate(papers).toFixed(1)} papers/s${pct}, ETA ${eta}\n`);
    lastPapers = papers;
  };
  let latest: ProgressUpdate = { papers: 0 };
  return {
    update: (p) => {
      latest = p;
      const now = performance.now();
      if (now - last >= plainIntervalMs) {
        last = now;
        line(p);
      }
    },
    stop: () => {
      if (latest.papers !== lastPapers && last !== 0) line(latest);
    },
  };
}
