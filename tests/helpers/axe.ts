import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's own build, injected into the page under test. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 levels A and AA (2.0 rules included: 2.1 builds on them). */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/**
 * What the suite checks: WCAG 2.1 A/AA, plus WCAG 2.2 AA (target size) and axe's best practices
 * (landmarks, heading order, one main heading), which WCAG 2.1 tags leave out.
 */
export const CHECKED_TAGS = [...WCAG_21_AA, 'wcag22aa', 'best-practice'];

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical';
export const IMPACTS: Impact[] = ['critical', 'serious', 'moderate', 'minor'];
export type AxeViolation = {
  id: string;
  impact: Impact | null;
  help: string;
  tags: string[];
  nodes: { target: string[]; summary: string }[];
};
export type AxeRecord = { page: string; lang: string; width: number; violations: AxeViolation[]; ms: number };

/**
 * Puts axe into the page as a script element. The app's CSP (script-src 'self') refuses that
 * inline script — page.addScriptTag throws "Executing inline script violates the following Content
 * Security Policy directive" — so the page's context must be made with `bypassCSP: true`, a
 * Playwright context option that leaves the CSP out for that context's pages only (fine for an audit
 * that only reads the page; the app's own scripts are CSP-tested elsewhere).
 */
export async function injectAxe(page: Page): Promise<void> {
  if (await page.evaluate(() => 'axe' in window)) return;
  await page.addScriptTag({ content: AXE_SOURCE });
  if (!(await page.evaluate(() => 'axe' in window))) throw new Error('axe-core did not load (CSP not bypassed?)');
}

/**
 * For a page whose context keeps the CSP (a test that also watches the CSP): axe's source is run
 * through the DevTools protocol (page.evaluate), which the page's CSP does not govern.
 */
export async function injectAxeUnderCsp(page: Page): Promise<void> {
  if (await page.evaluate(() => 'axe' in window)) return;
  await page.evaluate(AXE_SOURCE);
  if (!(await page.evaluate(() => 'axe' in window))) throw new Error('axe-core did not load');
}

/** The serious and critical violations, one line each (empty when the page is fine). */
export function seriousViolations(violations: AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** axe over the whole document with the WCAG 2.1 A/AA rules; the violations, their nodes trimmed. */
export async function runAxe(page: Page, tags: string[] = CHECKED_TAGS): Promise<AxeViolation[]> {
  return page.evaluate(async (values) => {
    type Result = { id: string; impact: Impact | null; help: string; tags: string[]; nodes: { target: unknown[]; failureSummary?: string }[] };
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Result[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'], iframes: false });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      tags: v.tags,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200) })),
    }));
  }, tags);
}

function countByImpact(violations: AxeViolation[]): Record<Impact, number> {
  const counts: Record<Impact, number> = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const v of violations) counts[v.impact ?? 'minor'] += v.nodes.length;
  return counts;
}

/** A cell: "ok", or the failing nodes by impact ("2 serious, 1 moderate"). */
function cell(violations: AxeViolation[] | undefined): string {
  if (!violations) return '–';
  const counts = countByImpact(violations);
  const parts = IMPACTS.filter((impact) => counts[impact] > 0).map((impact) => `${counts[impact]} ${impact}`);
  return parts.length ? parts.join(', ') : 'ok';
}

/** Pages × languages × widths, then the rules that fired: printed after the run. */
export function printSummary(records: AxeRecord[], info: { seconds: number; tags: string[] }): void {
  if (records.length === 0) return;
  const columns = [...new Set([...records].sort((a, b) => a.lang.localeCompare(b.lang) || a.width - b.width).map((r) => `${r.lang} ${r.width}px`))];
  const pages = [...new Set(records.map((r) => r.page))];
  const byKey = new Map(records.map((r) => [`${r.page}|${r.lang} ${r.width}px`, r.violations]));
  const rows = pages.map((page) => [page, ...columns.map((column) => cell(byKey.get(`${page}|${column}`)))]);
  const header = ['page', ...columns];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' │ ');
  const total = countByImpact(records.flatMap((r) => r.violations));
  const rules = new Map<string, { impact: string; nodes: number; checks: number; example: string }>();
  for (const r of records) {
    for (const v of r.violations) {
      const seen = rules.get(v.id) ?? { impact: v.impact ?? 'minor', nodes: 0, checks: 0, example: `${r.page}: ${v.nodes[0]?.target.join(' ') ?? ''}` };
      seen.nodes += v.nodes.length;
      seen.checks += 1;
      rules.set(v.id, seen);
    }
  }
  const out = [
    '',
    `Accessibility (axe-core ${info.tags.join(' ')}): ${pages.length} pages × ${columns.length} language/width combinations = ${records.length} checks in ${info.seconds.toFixed(1)} s (axe itself: ${(records.reduce((sum, r) => sum + r.ms, 0) / 1000).toFixed(1)} s)`,
    line(header),
    widths.map((w) => '─'.repeat(w)).join('─┼─'),
    ...rows.map(line),
    '',
    `Violating nodes by impact: ${IMPACTS.map((impact) => `${impact} ${total[impact]}`).join(', ')}`,
    ...[...rules].map(([id, r]) => `  ${id} (${r.impact}): ${r.nodes} nodes in ${r.checks} checks, e.g. ${r.example}`),
    '',
  ];
  console.log(out.join('\n'));
}
