// The hours of a day as a schedule's select offers them.

export const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;
export const hourOptions = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: hourLabel(h) }));
