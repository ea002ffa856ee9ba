// A logger that keeps what it is told, for tests that check what the server logged.
import type { LogFields, Logger } from '../../server/lib/log';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: LogFields;
}

export function recordingLogger(entries: LogEntry[] = [], base: LogFields = {}): Logger & { entries: LogEntry[] } {
  const write = (level: LogEntry['level']) => (msg: string, fields?: LogFields) => {
    entries.push({ level, msg, fields: { ...base, ...fields } });
  };
  return {
    entries,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => recordingLogger(entries, { ...base, ...fields }),
  };
}
