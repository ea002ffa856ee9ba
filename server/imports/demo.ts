// The demo's finished import: a HubSpot-style contacts export of a trade show (people at six demo accounts),
// imported by the admin, with two rows rejected (a bad email, no name) so the results page and the rejected-rows download show something.
import { Readable } from 'node:stream';
import type { Db } from '../db';
import { userActor, type UserActor } from '../lib/actor';
import { createLogger } from '../lib/log';
import { runImport, startImport } from './service';
import { receiveUpload, type UploadAnswer } from './uploads';

const FIRST = ['Amara', 'Bastian', 'Chloé', 'Dmitri', 'Elif', 'Farah', 'Gustavo', 'Hana', 'Ilse', 'Jonas', 'Keiko', 'Luca', 'Marisol', 'Niamh'];
const LAST = ['Okonkwo', 'Petrov', 'Quinlan', 'Rossi', 'Sato', 'Tanaka', 'Urban', 'Varga', 'Weiss', 'Xu', 'Yilmaz', 'Zeller'];
const TITLES = ['Head of Operations', 'IT Director', 'Procurement Lead', 'VP Engineering', 'CFO', 'Data Architect'];

export function demoImportCsv(accountNames: string[]): string {
  const rows = ['Record ID,First Name,Last Name,Email,Company Name,Job Title,Contact owner'];
  for (let i = 0; i < 24; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 5) % LAST.length]!;
    const company = accountNames[i % Math.max(1, accountNames.length)]!;
    const email = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '') + `@expo${i}.example`;
    rows.push([`9${1000 + i}`, first, last, email, `"${company.replaceAll('"', '""')}"`, TITLES[i % TITLES.length], ''].join(','));
  }
  rows.push(`91900,Broken,Address,broken-at-example.com,"${accountNames[0] ?? ''}",,`);
  rows.push('91901,,,noname@expo.example,,,');
  return `${rows.join('\r\n')}\r\n`;
}

export async function loadDemoImport(db: Db, admin: Pick<UserActor, 'id' | 'name' | 'role'>, accountNames: string[], now: Date): Promise<number> {
  const clock = { now: () => now };
  const bytes = Buffer.from(demoImportCsv(accountNames));
  const stored = await receiveUpload({ db, clock, env: { uploadMaxBytes: 1024 * 1024 } }, admin.id, Readable.from([bytes]), 'hubspot-crm-exports-trade-show-contacts.csv');
  if (stored.status !== 201) throw new Error(`demo import file refused: ${JSON.stringify(stored.body)}`);
  const upload = stored.body as UploadAnswer;
  const { importId } = await startImport(db, userActor(admin), { uploadId: upload.uploadId, entity: 'contacts', options: { unknownAccount: 'create', unknownOwner: 'me' } }, now);
  await runImport(db, importId, { now: () => now, log: createLogger('silent') });
  return importId;
}
