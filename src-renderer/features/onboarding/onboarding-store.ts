import { create } from 'zustand';
import { desktopApi } from '../../desktop-api.js';
import { useEngineStore } from '../../stores/engine-store.js';

/** Whether the wizard shows: on a data folder that never finished it, or when re-opened from Settings. */
interface OnboardingStore {
  /** undefined until the engine said. */
  open: boolean | undefined;
}

export const useOnboardingStore = create<OnboardingStore>(() => ({ open: undefined }));

/** Asks the engine once it is connected whether this data folder went through the wizard. */
export async function loadOnboardingState(): Promise<void> {
  const client = useEngineStore.getState().client;
  if (!client || useOnboardingStore.getState().open !== undefined) return;
  const { completedAt } = await client.call('onboarding.state');
  // Set up before (in another UI of this data folder): the desktop app stops opening for it.
  if (completedAt !== null) desktopApi()?.onboardingFinished();
  // The page's own choice (re-opened) wins over a late answer.
  if (useOnboardingStore.getState().open === undefined) useOnboardingStore.setState({ open: completedAt === null });
}

export function reopenOnboarding(): void {
  useOnboardingStore.setState({ open: true });
}

/** Finished or skipped: remembered in the store (every UI of this data folder) and by the desktop app. */
export async function finishOnboarding(): Promise<void> {
  await useEngineStore.getState().client?.call('onboarding.complete');
  desktopApi()?.onboardingFinished();
  useOnboardingStore.setState({ open: false });
}
