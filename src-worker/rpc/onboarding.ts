import type { OnboardingMethods } from '../../src-shared/contract/index.js';
import type { Handlers } from '../../src-shared/rpc/server.js';
import type { Engine } from '../engine.js';
import { detectedSources, parseSetEnabled, setSourceEnabled } from '../onboarding/detected-sources.js';
import type { RemoteManager } from '../remotes/remote-manager.js';
import { getMeta, setMeta } from '../store/meta.js';

/** Kept in the store (not config.json): a fact about this data folder, not a setting. */
const ONBOARDED_AT = 'onboarded_at';

/** The onboarding wizard's questions: which agents are here, and what a remote being added would get. */
export function onboardingHandlers(engine: Engine, remotes: RemoteManager): Handlers<OnboardingMethods> {
  return {
    'onboarding.state': () => ({ completedAt: getMeta(engine.db, ONBOARDED_AT) ?? null }),
    'onboarding.complete': () => {
      const completedAt = getMeta(engine.db, ONBOARDED_AT) ?? new Date().toISOString();
      setMeta(engine.db, ONBOARDED_AT, completedAt);
      return { completedAt };
    },
    'sources.detected': () => ({ sources: detectedSources(engine) }),
    'sources.setEnabled': (params) => {
      const { agent, enabled } = parseSetEnabled(params);
      setSourceEnabled(engine, agent, enabled);
      return { sources: detectedSources(engine) };
    },
    'remotes.preview': (params) => remotes.preview(params),
    'remotes.check': (params, ctx) => remotes.check(params, ctx.signal),
  };
}
