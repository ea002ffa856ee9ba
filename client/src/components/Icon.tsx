// A handful of 16px stroke icons drawn inline (no icon package).
const paths = {
  automation: 'M9 1.5 3.5 9H8l-1 5.5L12.5 7H8Z',
  accounts: 'M3 14V3.5a.5.5 0 0 1 .5-.5h6a.5.5 0 0 1 .5.5V14M10 7h2.5a.5.5 0 0 1 .5.5V14M2 14h12M5.5 5.5h2M5.5 8h2M5.5 10.5h2',
  contacts: 'M8 8a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5ZM3 13.5c.6-2.3 2.6-3.5 5-3.5s4.4 1.2 5 3.5',
  leads: 'M8 2.5v2M8 11.5v2M2.5 8h2M11.5 8h2M4.1 4.1l1.4 1.4M10.5 10.5l1.4 1.4M4.1 11.9l1.4-1.4M10.5 5.5l1.4-1.4',
  opportunities: 'M8 2 14 8 8 14 2 8Z',
  board: 'M2.5 3h3v10h-3ZM6.5 3h3v6h-3ZM10.5 3h3v8h-3Z',
  projects: 'M2 4.5A1.5 1.5 0 0 1 3.5 3h2.6l1.4 1.5h5A1.5 1.5 0 0 1 14 6v5.5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 11.5Z',
  cases: 'M8 14A6 6 0 1 0 8 2a6 6 0 0 0 0 12ZM8 10.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5ZM3.8 3.8l2.4 2.4M9.8 9.8l2.4 2.4M12.2 3.8 9.8 6.2M6.2 9.8l-2.4 2.4',
  dashboards: 'M2.5 2.5h4.5v6H2.5ZM9 2.5h4.5v3.5H9ZM9 8h4.5v5.5H9ZM2.5 10.5h4.5v3H2.5Z',
  forecast: 'M2 12.5 6 8.5l2.5 2.5L14 5.5M10.5 5.5H14V9',
  hygiene: 'M8 2 13 4v4c0 3-2.2 5.2-5 6-2.8-.8-5-3-5-6V4ZM5.8 8l1.6 1.6L10.4 6.5',
  reports: 'M4 2h5.5L12 4.5V14H4ZM9.5 2v2.5H12M6 8h4M6 10.5h4',
  users: 'M6 7.5a2.3 2.3 0 1 0 0-4.6 2.3 2.3 0 0 0 0 4.6ZM1.8 13c.5-2 2.1-3.2 4.2-3.2s3.7 1.2 4.2 3.2M10.5 3a2.3 2.3 0 0 1 0 4.5M11.5 9.9c1.4.3 2.4 1.4 2.7 3.1',
  settings: 'M3 4.5h6M12 4.5h1M3 11.5h1M7 11.5h6M10.5 3v3M5.5 10v3',
  plus: 'M8 3v10M3 8h10',
  campaign: 'M2.5 6.5h2.5L11 3.5v9L5 9.5H2.5ZM5 9.5l1 4h2l-1-4M13 6.5v3',
  imports: 'M8 10V2.5M5 5.5 8 2.5l3 3M3 10.5v2a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1v-2',
  logout: 'M6 13.5H3.5a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1H6M10.5 11 13.5 8l-3-3M13.5 8H6',
  check: 'M3 8.5 6.5 12 13 4.5',
  menu: 'M2.5 4h11M2.5 8h11M2.5 12h11',
  search: 'M7 12A5 5 0 1 0 7 2a5 5 0 0 0 0 10ZM10.6 10.6 14 14',
  lock: 'M4 7.5h8v6H4ZM5.5 7.5V5.5a2.5 2.5 0 0 1 5 0v2',
  home: 'M2.5 7.5 8 3l5.5 4.5M4 6.5V13h3v-3.5h2V13h3V6.5',
  tasks: 'M2.5 4.5 3.8 5.8 6 3.5M2.5 10.5l1.3 1.3L6 9.5M8 4.5h5.5M8 10.5h5.5',
  calendar: 'M3 4h10v9.5H3ZM3 7h10M5.5 2.5v3M10.5 2.5v3',
  history: 'M2.5 8a5.5 5.5 0 1 0 1.6-3.9M2.5 2.5v2.5H5M8 5v3.2l2 1.3',
  keyboard: 'M1.5 4.5h13v7h-13ZM4 7h.01M6.5 7h.01M9 7h.01M11.5 7h.01M5 9.5h6',
  assistant: 'M2.5 3.5h11v7.5H7l-3 2.5V11H2.5ZM5.5 6.5h5M5.5 8.5h3',
  bell: 'M4 10.5V7a4 4 0 0 1 8 0v3.5l1.5 1.5h-11ZM6.5 13.5a1.5 1.5 0 0 0 3 0',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[name]} />
    </svg>
  );
}
