// Fills hygiene_deal_health from the stored results without a scan (a database whose results predate the
// table, the bench after its seed): under the scan lock, so no scan writes results while it counts.
import type { Db } from '../db';
import { markDealHealthBuilt, refreshDealHealth } from './dealHealth';
import { withScanLock } from './scan';

export async function rebuildDealHealth(db: Db, now: Date): Promise<void> {
  await withScanLock(db, async (tx) => {
    await markDealHealthBuilt(tx, now);
    await refreshDealHealth(tx, { after: 0, upTo: null });
  });
}
