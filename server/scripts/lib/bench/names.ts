// Names for bench data at any size: invented company names from syllables, and people's names as a pure
// function of their id, so every table's generator can name the same person without sharing state.
import { firstNames, lastNames } from '../../../services/demo/sampleData/people';

const heads = [
  'Zot', 'Kan', 'Hot', 'Dom', 'Fin', 'Gen', 'Lex', 'Plex', 'Ron', 'Stan', 'Tree', 'Zoom', 'Bio', 'Con', 'Dal', 'Fax',
  'Gogo', 'Hat', 'Isel', 'Kin', 'Lab', 'Math', 'Nam', 'Onto', 'Plus', 'Rang', 'Scot', 'Sing', 'Sum', 'Tough', 'Uni',
  'Vel', 'War', 'Year', 'Zath',
];
const tails = ['ware', 'tech', 'plex', 'dex', 'com', 'zap', 'quote', 'fase', 'hex', 'zim', 'ium', 'ify', 'on', 'ex', 'ant', 'ora', 'ix', 'ity'];
const kinds = [
  'Holdings', 'Group', 'Labs', 'Systems', 'Logistics', 'Partners', 'Industries', 'Solutions', 'Networks', 'Health',
  'Retail', 'Capital', 'Media', 'Energy', 'Foods', 'Analytics', 'Robotics', 'Studios', 'Ventures', 'Works',
  'Manufacturing', 'Software', 'Telecom', 'Insurance',
];
const variants = ['', ' International', ' Europe', ' Americas'];

const combinations = heads.length * tails.length * kinds.length * variants.length;
// A multiplier coprime with `combinations`, so consecutive ids get unrelated names.
const STRIDE = 7_919;

/** The i-th (0-based) company: unique name and domain for i below 60,480, numbered beyond. */
export function companyName(i: number): { name: string; domain: string } {
  let j = (i * STRIDE) % combinations;
  const variant = variants[j % variants.length]!;
  j = Math.floor(j / variants.length);
  const kind = kinds[j % kinds.length]!;
  j = Math.floor(j / kinds.length);
  const tail = tails[j % tails.length]!;
  const head = heads[Math.floor(j / tails.length)]!;
  const round = Math.floor(i / combinations);
  const name = `${head}${tail} ${kind}${variant}${round > 0 ? ` ${round + 1}` : ''}`;
  const domain = `${head}${tail}${kind}${variant.trim()}${round > 0 ? round + 1 : ''}`.toLowerCase() + '.example';
  return { name, domain };
}

/** A person's name derived from an id (the same id always gives the same name). */
export function personName(id: number): { firstName: string; lastName: string } {
  const h = Math.imul(id ^ 0x5bd1e995, 0x27d4eb2d) >>> 0;
  return { firstName: firstNames[h % firstNames.length]!, lastName: lastNames[(h >>> 8) % lastNames.length]! };
}
