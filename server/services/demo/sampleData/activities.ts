// Subjects and bodies of sample activities, by what they are about. `{name}` placeholders are filled by fill().
import type { ActivityDirection, ActivityType, RelatedToType } from '../../../../shared/enums';
import type { Random } from '../../../domain/random';

type Templates = Partial<Record<ActivityType, readonly string[]>>;

const dealTemplates: Templates = {
  call: ['Discovery call with {contact}', 'Pricing call with {contact}', 'Check-in call: {deal}', 'Call about PoC progress', 'Left voicemail for {contact}'],
  email: ['Proposal for {account}', 'Following up on our call', 'Pricing options for {deal}', 'Next steps for {deal}', 'Security questionnaire', 'Meeting recap and action items'],
  meeting: ['Demo for the {account} IT team', 'PoC kickoff with {contact}', 'Executive alignment meeting', 'On-site workshop at {account}', 'Contract review with procurement'],
  note: ['{contact} confirmed the budget is approved', 'Competitor in the deal: asked for a price match', 'Decision pushed to next quarter', 'Met the new VP of IT', 'Customer asked for two references'],
  task: ['Send follow-up email to {contact}', 'Prepare pricing proposal', 'Book demo with IT', 'Update MEDDIC fields for {deal}', 'Send contract for signature', 'Chase the security questionnaire'],
};

const inboundEmails = ['Re: Proposal for {account}', 'Question about delivery times', 'Re: Next steps', 'Updated requirements from {account}', 'Re: Security questionnaire', 'Budget update'];

const templatesOf: Record<RelatedToType, Templates> = {
  opportunity: dealTemplates,
  account: {
    call: ['Account review call with {contact}', 'Call about renewal plans'],
    email: ['Quarterly update for {account}', 'Introducing our new GTX Plus line'],
    meeting: ['Quarterly business review with {account}', 'Account planning session'],
    note: ['{account} is reorganising its IT department', 'Heard {account} is opening two new sites'],
    task: ['Plan QBR for {account}', 'Update the account plan'],
  },
  contact: {
    call: ['Catch-up call with {contact}', 'Intro call with {contact}'],
    email: ['Nice to meet you, {contact}', 'Article you asked about'],
    meeting: ['Coffee with {contact}', 'Lunch with {contact}'],
    note: ['{contact} moves to a new role next month', '{contact} prefers email over calls'],
    task: ['Send {contact} the case study', 'Connect {contact} with our solutions engineer'],
  },
  lead: {
    call: ['Qualification call with {contact}', 'Intro call with {contact}'],
    email: ['Product overview for {account}', 'Webinar follow-up'],
    meeting: ['Intro meeting with {account}'],
    note: ['Came in from the trade show', 'Interested in GTX Pro pricing'],
    task: ['Qualify {contact}', 'Send {contact} the product overview'],
  },
  project: {
    call: ['Weekly status call: {project}', 'Adoption check-in with {contact}'],
    email: ['Project plan for {project}', 'Training schedule'],
    meeting: ['Kickoff meeting: {project}', 'Admin training session', 'Adoption review'],
    note: ['Rollout slipped a week: hardware delivery late', 'Users asked for a second training session'],
    task: ['Send training materials', 'Book go-live review'],
  },
  case: {
    call: ['Called {contact} about {case}', 'Troubleshooting call'],
    email: ['Update on your support case', 'Replacement part shipped'],
    meeting: ['Remote diagnostics session'],
    note: ['Escalated to engineering', 'Customer confirmed the fix works'],
    task: ['Follow up on {case}', 'Check replacement part delivery'],
  },
};

const bodies: Partial<Record<ActivityType, readonly string[]>> = {
  call: [
    'Talked through timing and budget. They want a proposal before the end of the month.',
    'Good call. Main concern is delivery time for the first 200 units.',
    'Short call: waiting on internal approval, will reconnect next week.',
  ],
  email: [
    'Thanks for your time today. As discussed, attached are the pricing options and the delivery plan.',
    'Could you confirm the number of sites and the preferred delivery window?',
    'Following up on the questions from our last meeting; answers inline.',
  ],
  meeting: [
    'Agenda: current setup, requirements, demo, next steps.',
    'Attendees from IT, operations and finance. Positive reception; asked for a trial.',
  ],
  note: [
    'Worth keeping an eye on: the champion is under pressure to cut costs this year.',
    'Procurement will only accept a 3-year agreement.',
  ],
};

export function activitySubject(rng: Random, type: ActivityType, on: RelatedToType, direction: ActivityDirection | null): string {
  if (type === 'email' && direction === 'inbound' && on === 'opportunity') return rng.pick(inboundEmails);
  return rng.pick(templatesOf[on][type] ?? dealTemplates[type]!);
}

export function activityBody(rng: Random, type: ActivityType): string | null {
  const options = bodies[type];
  return options ? rng.pick(options) : null;
}

/** Replaces {key} with vars[key]; unknown keys become a generic word so no braces ever show. */
export function fill(template: string, vars: Record<string, string | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => vars[key] ?? 'the customer');
}

export const activityTypeWeights: readonly (readonly [ActivityType, number])[] = [
  ['email', 35],
  ['call', 25],
  ['meeting', 15],
  ['note', 10],
  ['task', 15],
];
