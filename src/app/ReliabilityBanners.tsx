/**
 * The shell's banners about the app itself rather than a panel: a new version waiting, storage
 * full, another tab changing the workspace. Mounting this also starts what feeds them: the
 * service worker registration (src/app/pwa.ts) and the workspace listeners
 * (src/app/reliability.ts), both once per page.
 */
import { useEffect } from 'react';
import { startPwa } from './pwa';
import { startReliability } from './reliability';
import { StorageFullBanner } from './StorageFullBanner';
import { TabConflictBanner } from './TabConflictBanner';
import { UpdateBanner } from './UpdateBanner';

export function ReliabilityBanners() {
  useEffect(() => {
    startPwa();
    // Kept for the page's lifetime on purpose: the listeners are page-wide, not per render.
    startReliability();
  }, []);
  return (
    <>
      <TabConflictBanner />
      <StorageFullBanner />
      <UpdateBanner />
    </>
  );
}
