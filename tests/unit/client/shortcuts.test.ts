// The README's shortcut list is the "?" dialog's list (client/src/lib/shortcutList.ts): this fails when they diverge.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shortcutList, shortcutsMarkdown } from '../../../client/src/lib/shortcutList';

const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
const block = /<!-- shortcuts:start -->\n([\s\S]*?)\n<!-- shortcuts:end -->/.exec(readme)?.[1];

describe('keyboard shortcuts', () => {
  it("README.md's block is the dialog's list (paste shortcutsMarkdown() between the markers when it changes)", () => {
    expect(block).toBeDefined();
    expect(block).toBe(shortcutsMarkdown());
  });

  it('renders alternatives with "or" and each shortcut once', () => {
    expect(shortcutsMarkdown([{ keys: 'Ctrl K  or  ⌘ K', what: 'Search' }])).toBe('- `Ctrl K` or `⌘ K`: Search');
    expect(new Set(shortcutList.map((s) => s.keys)).size).toBe(shortcutList.length);
  });
});
