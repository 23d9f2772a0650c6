/**
 * A worker thread of the roll import (a Piscina pool, roll-workers.ts): one batch per task, with
 * the jurisdiction's keys as key objects. Keeps nothing between tasks.
 */
import { JurisdictionKeys, type ThreadKeys } from '@uocava/database/pii';
import { checkRollBatch, type CheckedBatch, type RollBatch } from './roll-batch';

export default function checkInThread(task: { keys: ThreadKeys; batch: RollBatch }): CheckedBatch {
  return checkRollBatch(new JurisdictionKeys(task.keys.jurisdictionId, task.keys), task.batch);
}
