// How a person (contact, lead) is named in messages and lists.

/** "Ada Lovelace"; either part may be missing. */
export function personName(p: { firstName: string | null; lastName: string | null }): string {
  return `${p.firstName ?? ''} ${p.lastName ?? ''}`.trim() || 'Unnamed person';
}
