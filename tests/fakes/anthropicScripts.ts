// Scripted conversations for the fake Anthropic where a test cannot queue replies itself (the browser tests'
// server, screenshots): a deal review from the data it is sent, and Ask-the-CRM answers that call a tool first.
import type { FakeReply, FakeRequest } from './anthropic';

type Block = { type: string; text?: string; content?: string; tool_use_id?: string };

/** Answers both the deal review and Ask the CRM, by what the request carries. */
export function scriptedClaude(request: FakeRequest): FakeReply {
  if (request.body.tools?.some((t) => t.name === 'submit_deal_review')) return reviewReply(request);
  if (request.body.tools?.some((t) => t.name === 'suggest_import_mapping')) return mappingReply(request);
  return askResponder(request);
}

function reviewReply(request: FakeRequest): FakeReply {
  const message = String(request.body.messages[0]?.content ?? '');
  const activity = /"key": "(activity:\d+)"/.exec(message)?.[1];
  return {
    content: [
      {
        type: 'tool_use',
        name: 'submit_deal_review',
        input: {
          summary: 'The deal is moving but nobody with budget authority is engaged yet.',
          risks: [{ text: 'No economic buyer is named.', cites: ['field:economicBuyer'] }],
          missing: [{ text: 'No success metrics agreed.', cites: ['field:metrics'] }],
          nextActions: [{ text: 'Ask the champion to introduce the economic buyer this week.', cites: activity ? ['field:economicBuyer', activity] : ['field:economicBuyer'] }],
        },
      },
    ],
    usage: { input_tokens: 1800, output_tokens: 260 },
  };
}

/**
 * First a look-up (deals missing an economic buyer, deals by stage against a competitor, or a search), then an
 * answer that links what came back (or reads out the groups).
 */
export function askResponder(request: FakeRequest): FakeReply {
  const last = request.body.messages.at(-1)!;
  const blocks = Array.isArray(last.content) ? (last.content as Block[]) : [];
  const result = blocks.find((b) => b.type === 'tool_result');
  if (result) {
    const data = JSON.parse(result.content ?? '{}') as { deals?: { ref: string; name: string; closeDate: string | null }[]; groups?: { group: string; count: number }[]; [k: string]: unknown };
    if (data.groups) {
      const text = data.groups.length ? `By stage: ${data.groups.map((g) => `${g.group} ${g.count}`).join(', ')}.` : 'I found nothing that matches.';
      return { content: [{ type: 'text', text }], usage: { input_tokens: 1100, output_tokens: 40 } };
    }
    const found = data.deals ?? (Array.isArray(data) ? (data as { ref: string; title: string }[]).map((h) => ({ ref: h.ref, name: h.title, closeDate: null })) : []);
    if (found.length === 0) return { content: [{ type: 'text', text: 'I found nothing that matches.' }], usage: { input_tokens: 900, output_tokens: 20 } };
    const lines = found.slice(0, 5).map((d) => `- [${d.name}](${d.ref})${d.closeDate ? `, closing ${d.closeDate}` : ''}`);
    return { content: [{ type: 'text', text: `I found ${found.length}:\n${lines.join('\n')}` }], usage: { input_tokens: 1400, output_tokens: 90 } };
  }
  const question = String(last.content);
  if (/slowly/i.test(question)) return { content: [{ type: 'text', text: 'Thinking about this for a long while before I answer anything useful' }], delayMs: 20_000 };
  if (/economic buyer/i.test(question)) {
    return { content: [{ type: 'text', text: 'Let me check your open deals.' }, { type: 'tool_use', name: 'list_opportunities', input: { owner: 'me', open: true, missing: ['economicBuyer'], limit: 10 } }] };
  }
  const rival = /\bagainst ([A-Z][A-Za-z0-9]{3,})/.exec(question)?.[1];
  if (rival) return { content: [{ type: 'tool_use', name: 'aggregate_opportunities', input: { groupBy: 'stage', competitor: rival } }] };
  const query = /\b([A-Z][a-z]{2,})\b/.exec(question.replace(/^\w+/, ''))?.[1] ?? question.split(/\s+/)[0]!;
  return { content: [{ type: 'tool_use', name: 'search_records', input: { query } }] };
}

/** German headers a Claude would recognise; plus one pair naming a field we do not have, which the server drops. */
const germanHeaders: Record<string, string> = {
  vorname: 'firstName',
  nachname: 'lastName',
  firma: 'company',
  telefon: 'phone',
  position: 'title',
  quelle: 'leadSource',
  mitarbeiter: 'employees',
  // A pipeline file (imports and file analyses); the dates and category only an analysis offers.
  verkaufschance: 'opportunityName',
  phase: 'stage',
  betrag: 'amount',
  abschlussdatum: 'closeDate',
  'erstellt am': 'createdAt',
  prognosekategorie: 'forecastCategory',
};

function mappingReply(request: FakeRequest): FakeReply {
  const message = String(request.body.messages[0]?.content ?? '');
  const json = /<file_data>\n([\s\S]*)\n<\/file_data>/.exec(message)?.[1] ?? '{}';
  const { columns = [] } = JSON.parse(json) as { columns?: { header: string }[] };
  const mappings = columns.flatMap((c) => {
    const field = germanHeaders[c.header.toLowerCase()];
    return field ? [{ column: c.header, field }] : [];
  });
  if (columns[0]) mappings.push({ column: columns[0].header, field: 'ownerId' });
  return { content: [{ type: 'tool_use', name: 'suggest_import_mapping', input: { mappings } }], usage: { input_tokens: 400, output_tokens: 60 } };
}
