// One open rule result: severity, message, since when, what to do and who should do it, and its fix in place.
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime, formatRelative } from '../../lib/format';
import { Badge } from '../Badge';
import { Button } from '../Button';
import { FixForm, fixLabels } from './FixForm';
import { actByLabels, recordPaths, severityLabels, severityTones } from './labels';

export interface ResultView {
  id: number;
  ruleId: string;
  recordType: string;
  recordId: number;
  recordName?: string | null;
  severity: string;
  message: string;
  remediation: string;
  actBy: string;
  fix: string | null;
  firstSeenAt: Date | string;
  ownerName?: string | null;
  occurrence?: number;
}

export function ResultItem({
  result,
  canFix,
  accountId = null,
  showRecord = false,
}: {
  result: ResultView;
  canFix: boolean;
  accountId?: number | null;
  showRecord?: boolean;
}) {
  const [fixing, setFixing] = useState(false);
  return (
    <li className={`hygiene-result hygiene-result--${result.severity}`} data-rule-id={result.ruleId}>
      <div className="hygiene-result__head">
        <Badge tone={severityTones[result.severity]}>{severityLabels[result.severity]}</Badge>
        <span className="hygiene-result__message">{result.message}</span>
      </div>
      {showRecord && result.recordName && (
        <div className="hygiene-result__record">
          <Link to={`${recordPaths[result.recordType]}/${result.recordId}`}>{result.recordName}</Link>
        </div>
      )}
      <div className="hygiene-result__todo">{result.remediation}</div>
      <div className="hygiene-result__meta muted-text">
        <span title={formatDateTime(result.firstSeenAt)}>Since {formatRelative(result.firstSeenAt)}</span>
        <span>{actByLabels[result.actBy] ?? result.actBy} should act{result.ownerName ? ` (${result.ownerName})` : ''}</span>
        <code className="hygiene-result__rule">{result.ruleId}</code>
      </div>
      {result.fix && canFix && !fixing && (
        <div>
          <Button size="sm" onClick={() => setFixing(true)}>
            {fixLabels[result.fix]}
          </Button>
        </div>
      )}
      {fixing && result.fix && (
        <FixForm resultId={result.id} fix={result.fix} accountId={accountId} onDone={() => setFixing(false)} onCancel={() => setFixing(false)} />
      )}
    </li>
  );
}
