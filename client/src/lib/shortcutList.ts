// The one list of keyboard shortcuts: the "?" dialog shows it, and README.md's Shortcuts block is rendered from
// it (shortcutsMarkdown); tests/unit/client/shortcuts.test.ts fails when the README's copy drifts.
export const shortcutList: { keys: string; what: string }[] = [
  { keys: 'Ctrl K  or  ⌘ K', what: 'Search and commands' },
  { keys: '/', what: 'Search and commands' },
  { keys: '?', what: 'This list of shortcuts' },
  { keys: 'N', what: 'New task' },
  { keys: 'G then H', what: 'Go to My day' },
  { keys: 'G then T', what: 'Go to tasks' },
  { keys: 'G then O', what: 'Go to opportunities' },
  { keys: 'G then B', what: 'Go to the pipeline board' },
  { keys: 'G then A', what: 'Go to accounts' },
  { keys: 'G then C', what: 'Go to contacts' },
  { keys: 'G then L', what: 'Go to leads' },
  { keys: 'G then P', what: 'Go to projects' },
  { keys: 'G then S', what: 'Go to cases' },
  { keys: '↑ ↓', what: 'In the palette: choose' },
  { keys: 'Enter', what: 'In the palette: open the choice' },
  { keys: 'Shift →  Shift ←', what: 'On a board card: move it to the next or previous stage' },
  { keys: 'Esc', what: 'Close the palette or a dialog' },
];

/** The README's block: one bullet per shortcut; keys separated by two spaces are alternatives ("or"). */
export function shortcutsMarkdown(list = shortcutList): string {
  return list.map((s) => `- ${s.keys.split(/\s{2,}/).filter((k) => k !== 'or').map((k) => `\`${k}\``).join(' or ')}: ${s.what}`).join('\n');
}
