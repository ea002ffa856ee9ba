// Whether a password is too easy to guess, judged by zxcvbn-ts: its lists of common passwords (language-common)
// and English words and names, and its patterns (repeats, sequences, keyboard walks, dates, the user's own
// email or name). Server-only: the dictionaries are megabytes, and the client form gets the verdict as a
// field error from the server.
import { createRequire } from 'node:module';
import type * as ZxcvbnCore from '@zxcvbn-ts/core';
import type * as ZxcvbnCommon from '@zxcvbn-ts/language-common';
import type * as ZxcvbnEnglish from '@zxcvbn-ts/language-en';

/** zxcvbn's score 3 of 4: "safely unguessable", out of reach of an online attack and of a slow offline one. */
const MIN_SCORE = 3;

let factory: ZxcvbnCore.ZxcvbnFactory | undefined;

/** Built on first use: loading the dictionaries costs ~150 ms, which start-up and most tests never need. */
function estimator(): ZxcvbnCore.ZxcvbnFactory {
  if (!factory) {
    const require = createRequire(import.meta.url);
    const { ZxcvbnFactory } = require('@zxcvbn-ts/core') as typeof ZxcvbnCore;
    const common = require('@zxcvbn-ts/language-common') as typeof ZxcvbnCommon;
    const english = require('@zxcvbn-ts/language-en') as typeof ZxcvbnEnglish;
    factory = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...english.dictionary },
      graphs: common.adjacencyGraphs,
      translations: english.translations,
    });
  }
  return factory;
}

/**
 * Null when the password is hard enough to guess; otherwise what is wrong with it and what to do, as a
 * sentence for the password field. `personal` are things an attacker knows (the user's email and name).
 */
export function passwordWeakness(password: string, personal: (string | null | undefined)[] = []): string | null {
  const inputs = personal.filter((p): p is string => Boolean(p));
  // The local part of an email is guessed on its own too ("dana.whitfield2026!").
  for (const p of [...inputs]) if (p.includes('@')) inputs.push(p.slice(0, p.indexOf('@')));
  const result = estimator().check(password, inputs);
  if (result.score >= MIN_SCORE) return null;
  const why = result.feedback.warning ?? 'This password is easy to guess.';
  const fix = result.feedback.suggestions[0] ?? 'Add more words that are less common.';
  return `${why} ${fix}`;
}
