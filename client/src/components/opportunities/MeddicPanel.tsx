// MEDDIC qualification at a glance: each element shows what the rep captured, or "missing".
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Badge } from '../Badge';
import { Panel } from '../Panel';
import type { OpportunityDetail } from './types';

interface Element {
  key: string;
  label: string;
  value: string | null;
  /** A contact is a link to them; notes are text. */
  link?: string;
}

export function meddicElements(o: OpportunityDetail): Element[] {
  return [
    { key: 'metrics', label: 'Metrics', value: o.metrics },
    {
      key: 'economicBuyer',
      label: 'Economic buyer',
      value: o.economicBuyerName,
      link: o.economicBuyerContactId ? `/contacts/${o.economicBuyerContactId}` : undefined,
    },
    { key: 'decisionCriteria', label: 'Decision criteria', value: o.decisionCriteria },
    { key: 'decisionProcess', label: 'Decision process', value: o.decisionProcess },
    { key: 'paperProcess', label: 'Paper process', value: o.paperProcess },
    { key: 'identifiedPain', label: 'Identified pain', value: o.identifiedPain },
    {
      key: 'champion',
      label: 'Champion',
      value: o.championName,
      link: o.championContactId ? `/contacts/${o.championContactId}` : undefined,
    },
    // One element: the main competitor (what win/loss analysis counts) and the notes on how to beat them.
    {
      key: 'competition',
      label: 'Competition',
      value: [o.competitor, o.competition].filter(Boolean).join(' — ') || null,
    },
  ];
}

export function MeddicPanel({ opportunity, actions }: { opportunity: OpportunityDetail; actions?: ReactNode }) {
  const elements = meddicElements(opportunity);
  const filled = elements.filter((e) => !!e.value).length;
  return (
    <Panel title={`MEDDIC ${filled}/${elements.length}`} actions={actions}>
      <ul className="opp-meddic">
        {elements.map((e) => (
          <li key={e.key} className={`opp-meddic__item${e.value ? '' : ' opp-meddic__item--missing'}`}>
            <div className="opp-meddic__head">
              <span className="opp-meddic__mark" aria-hidden="true">
                {e.value ? '✓' : '○'}
              </span>
              <span className="opp-meddic__label">{e.label}</span>
              {!e.value && <Badge tone="warning">missing</Badge>}
              {e.value && <span className="visually-hidden">filled</span>}
            </div>
            {e.value && (
              <div className="opp-meddic__value">{e.link ? <Link to={e.link}>{e.value}</Link> : e.value}</div>
            )}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
