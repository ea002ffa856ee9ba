// axe-core in the page under test: its source is evaluated over the DevTools protocol (which the app's CSP
// does not govern, unlike a <script> tag) and run on the whole document; only serious and critical findings
// are returned, each with the elements it found, so a failure says what to fix.
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  nodes: { target: string; html: string; summary: string }[];
}

export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const { violations } = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        rule: v.id,
        impact: v.impact ?? '',
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary ?? '' })),
      }));
  });
}

/** One line per element, for a test's failure message. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings.flatMap((f) => f.nodes.map((n) => `${f.impact} ${f.rule} (${f.help}): ${n.target}\n    ${n.html}\n    ${n.summary.replace(/\n/g, ' ')}`)).join('\n');
}
