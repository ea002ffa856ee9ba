// Case numbers people read out on the phone: 'CS-' and the case id, zero-padded to six digits.

export function formatCaseNumber(id: number): string {
  return `CS-${String(id).padStart(6, '0')}`;
}
