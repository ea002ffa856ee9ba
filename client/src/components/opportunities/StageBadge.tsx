import { isOpenStage, type Stage, stageOrder } from '../../../../shared/stages';
import { Badge, type Tone } from '../Badge';

/** Early stages read neutral, late ones accent; won and lost read as outcomes. */
export function stageTone(stage: Stage): Tone {
  if (stage === 'Closed Won') return 'success';
  if (stage === 'Closed Lost') return 'danger';
  return stageOrder(stage) >= 6 ? 'accent' : stageOrder(stage) >= 4 ? 'info' : 'neutral';
}

export function StageBadge({ stage }: { stage: Stage }) {
  return (
    <Badge tone={stageTone(stage)} title={isOpenStage(stage) ? `Stage ${stageOrder(stage)} of 7` : 'Closed'}>
      {stage}
    </Badge>
  );
}
