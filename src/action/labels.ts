/** The label of a pull request whose diff loosens a policy decision (less control). */
export const LOOSENS_LABEL = "packc:loosens-policy";
/** The label of a pull request whose diff tightens a policy decision (more control). */
export const TIGHTENS_LABEL = "packc:tightens-policy";

/** The GitHub calls the labels need, bound to one pull request. */
export interface LabelApi {
  /** The names of the labels the pull request has now. */
  list(): Promise<string[]>;
  /** Adds labels (GitHub creates a label the repository lacks). */
  add(names: string[]): Promise<void>;
  remove(name: string): Promise<void>;
}

/**
 * Which of packc's two labels to add and which to remove (pure): each label is wanted exactly
 * when the diff has a flip of its direction (`diff/direction.ts`); labels already right, and every
 * other label, are left alone.
 */
export function planLabels(current: readonly string[], flips: { loosened: number; tightened: number }): { add: string[]; remove: string[] } {
  const wanted = new Map([
    [LOOSENS_LABEL, flips.loosened > 0],
    [TIGHTENS_LABEL, flips.tightened > 0],
  ]);
  const has = new Set(current);
  return {
    add: [...wanted].filter(([name, want]) => want && !has.has(name)).map(([name]) => name),
    remove: [...wanted].filter(([name, want]) => !want && has.has(name)).map(([name]) => name),
  };
}

/** Brings packc's labels in line with the flips (see {@link planLabels}); rejects with the API's error. */
export async function syncLabels(api: LabelApi, flips: { loosened: number; tightened: number }): Promise<{ added: string[]; removed: string[] }> {
  const plan = planLabels(await api.list(), flips);
  if (plan.add.length) await api.add(plan.add);
  for (const name of plan.remove) await api.remove(name);
  return { added: plan.add, removed: plan.remove };
}
