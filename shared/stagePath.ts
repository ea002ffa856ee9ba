// What the stage path on a deal shows per stage (server/domain/README.md, "Stage path"): from the deal's
// stage history, a stage the deal jumped over is "skipped", not "passed".
import { isOpenStage, openStages, type Stage, stageOrder, stages } from './stages';

export type PathState = 'passed' | 'skipped' | 'current' | 'future';

/** One stage history row: null `fromStage` is the opening entry written when the deal was created. */
export interface PathMove {
  fromStage: Stage | null;
  toStage: Stage;
}

/** The open stages a forward move jumped over: those strictly between where it left and where it landed. */
export function stagesJumped(from: Stage, to: Stage): Stage[] {
  if (to === 'Closed Lost' || !isOpenStage(from)) return [];
  return openStages.filter((s) => stageOrder(s) > stageOrder(from) && stageOrder(s) < stageOrder(to));
}

/**
 * Each stage's state, in the order of `stages`. Before the current stage (for a won deal: every open
 * stage; for a lost one: up to the furthest open stage it reached) a stage is skipped when a move jumped
 * over it and the deal was never in it, else passed. Stages before the one a deal was created in count as
 * passed: the deal entered the CRM there (an import), it did not jump.
 */
export function stagePath(current: Stage, history: readonly PathMove[]): Record<Stage, PathState> {
  const visited = new Set<Stage>([current]);
  for (const m of history) {
    visited.add(m.toStage);
    if (m.fromStage) visited.add(m.fromStage);
  }
  const jumped = new Set<Stage>();
  for (const m of history) if (m.fromStage) for (const s of stagesJumped(m.fromStage, m.toStage)) jumped.add(s);

  let reachedOrder: number;
  if (current === 'Closed Won') reachedOrder = stageOrder('Closed Won');
  else if (current === 'Closed Lost') {
    reachedOrder = Math.max(0, ...openStages.filter((s) => visited.has(s)).map((s) => stageOrder(s) + 1));
  } else reachedOrder = stageOrder(current);

  const out = {} as Record<Stage, PathState>;
  for (const s of stages) {
    if (s === current) out[s] = 'current';
    else if (isOpenStage(s) && stageOrder(s) < reachedOrder) out[s] = jumped.has(s) && !visited.has(s) ? 'skipped' : 'passed';
    else out[s] = 'future';
  }
  return out;
}
