import type { WrikeRelationType } from '../wrike/types';

export type DependencyType = 'FINISH_TO_START' | 'START_TO_START' | 'FINISH_TO_FINISH' | 'START_TO_FINISH';

const TO_WRIKE: Record<DependencyType, WrikeRelationType> = {
  FINISH_TO_START: 'FinishToStart', START_TO_START: 'StartToStart', FINISH_TO_FINISH: 'FinishToFinish', START_TO_FINISH: 'StartToFinish',
};

/** Unified dependency type → Wrike's relationType. */
export function relationTypeOf(type: DependencyType): WrikeRelationType {
  return TO_WRIKE[type];
}

/** Wrike's relationType → the unified type (FINISH_TO_START for anything Wrike may add later). */
export function dependencyTypeOf(relation: string): DependencyType {
  return (Object.keys(TO_WRIKE) as DependencyType[]).find((type) => TO_WRIKE[type] === relation) ?? 'FINISH_TO_START';
}

/** A ticket's dependencies split by side: those it waits on (it is the successor) and those waiting on it. */
export function splitDependencies<T extends { predecessorId: string; successorId: string }>(ticketId: string, dependencies: readonly T[]): { predecessors: T[]; successors: T[] } {
  return {
    predecessors: dependencies.filter((d) => d.successorId === ticketId),
    successors: dependencies.filter((d) => d.predecessorId === ticketId),
  };
}
