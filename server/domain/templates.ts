// Templates of playbook steps (a task's subject, a notification, an email): `{{scope.field}}` variables from a
// fixed list, checked when the playbook is saved, so an unknown variable is an error on the form rather than a
// blank in a customer's inbox.

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

export type TemplateValues = Record<string, string | null | undefined>;

/** The names a template uses, in order of first use. */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(VARIABLE)) names.add(match[1]!);
  return [...names];
}

/** A message per problem: unknown variables, and braces that do not form a variable. */
export function checkTemplate(template: string, allowed: readonly string[]): string[] {
  const problems: string[] = [];
  const unknown = templateVariables(template).filter((name) => !allowed.includes(name));
  for (const name of unknown) problems.push(name ? `Unknown variable {{${name}}}: use one of ${allowed.map((a) => `{{${a}}}`).join(', ')}` : 'Empty variable {{}}');
  const leftover = template.replace(VARIABLE, '');
  if (leftover.includes('{{') || leftover.includes('}}')) problems.push('Unbalanced braces: write variables as {{scope.field}}');
  return problems;
}

/** Fills in each variable; a known variable without a value (a deal with no account) renders empty. */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(VARIABLE, (_all, name: string) => values[name] ?? '');
}
