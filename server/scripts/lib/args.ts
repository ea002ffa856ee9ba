// Command-line flags of the scripts: `--name value`, `--name=value` and bare `--flag`.

export class UsageError extends Error {}

export function parseFlags(argv: string[]): Map<string, string | true> {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) {
      flags.set(arg.slice(2), argv[i + 1]!);
      i += 1;
    } else {
      flags.set(arg.slice(2), true);
    }
  }
  return flags;
}

/** Reads the flags a script knows; refuses unknown ones so a typo is not silently ignored. */
export function flagReader(flags: Map<string, string | true>, known: readonly string[]) {
  for (const name of flags.keys()) {
    if (!known.includes(name)) throw new UsageError(`Unknown flag --${name} (known: ${known.map((k) => `--${k}`).join(', ')})`);
  }
  return {
    count(name: string, fallback: number, min = 0): number {
      const raw = flags.get(name);
      if (raw === undefined) return fallback;
      const value = Number(String(raw).replace(/_/g, ''));
      if (raw === true || !Number.isInteger(value) || value < min) throw new UsageError(`--${name} needs a whole number of at least ${min}`);
      return value;
    },
    text(name: string): string | undefined {
      const raw = flags.get(name);
      if (raw === true) throw new UsageError(`--${name} needs a value`);
      return raw;
    },
    flag(name: string): boolean {
      return flags.get(name) === true || flags.get(name) === 'true';
    },
  };
}
