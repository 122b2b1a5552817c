/**
 * Lighthouse 12 (mobile preset: a mid-range phone on slow 4G, simulated) in Debian's Chromium,
 * started once by chrome-launcher. Each page is measured RUNS times and the median score of each
 * category kept: the machine is shared and one run can be unlucky.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];
export type Scores = Record<Category, number>;
export type LighthouseResult = { name: string; url: string; scores: Scores; runs: Scores[]; failedAudits: Partial<Record<Category, string[]>> };

const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function openLighthouse(chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') {
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
  // Killed from outside (CI's timeout): take Chromium along.
  process.once('SIGTERM', () => {
    chrome.kill();
    process.exit(143);
  });
  return {
    async measure(name: string, url: string, options: { cookie?: string; runs: number }): Promise<LighthouseResult> {
      const runs: Scores[] = [];
      const failedAudits: Partial<Record<Category, Set<string>>> = {};
      for (let i = 0; i < options.runs; i++) {
        const result = await lighthouse(url, {
          port: chrome.port,
          logLevel: 'error',
          output: 'json',
          onlyCategories: [...CATEGORIES],
          extraHeaders: options.cookie ? { Cookie: options.cookie } : undefined,
          // The full-page screenshot is for the HTML report only, and costs seconds per run.
          disableFullPageScreenshot: true,
        });
        if (!result) throw new Error(`lighthouse gave no result for ${url}`);
        const { lhr } = result;
        if (lhr.runtimeError) throw new Error(`lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        const scores = {} as Scores;
        for (const category of CATEGORIES) {
          const entry = lhr.categories[category]!;
          scores[category] = Math.round((entry.score ?? 0) * 100);
          for (const ref of entry.auditRefs) {
            const audit = lhr.audits[ref.id]!;
            if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
              (failedAudits[category] ??= new Set()).add(`${ref.id} (${Math.round(audit.score * 100)}${audit.displayValue ? `, ${audit.displayValue}` : ''})`);
            }
          }
        }
        runs.push(scores);
      }
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, median(runs.map((r) => r[c]))])) as Scores;
      return { name, url, scores, runs, failedAudits: Object.fromEntries(Object.entries(failedAudits).map(([c, set]) => [c, [...set]])) };
    },
    async close() {
      chrome.kill();
    },
  };
}
