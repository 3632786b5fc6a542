// A security flow as an ordered list of named steps over one shared context, the way
// node-oidc-provider runs its authorization actions (lib/actions/authorization/index.js):
// the array is the flow a reviewer reads top to bottom, and each step is a small
// function that can be tested alone with a context built by hand.
//
// A step either returns nothing (the next step runs), returns a final result (the flow
// ends with it; the steps after it do not run), or throws (the flow ends with that
// error, typically the HttpError it answers). The last step must return the result.

/** One step: reads and fills the context; no result (undefined) goes on, anything else ends the flow. */
export type Step<Ctx, Result> = (ctx: Ctx) => Promise<Result | void> | Result | void;

/** The flow's last step, which always returns the result. */
export type FinalStep<Ctx, Result> = (ctx: Ctx) => Promise<Result> | Result;

export type Steps<Ctx, Result> = readonly [...Step<Ctx, Result>[], FinalStep<Ctx, Result>];

/** Runs the steps in order over ctx; the first result returned ends the run. */
export async function runSteps<Ctx, Result>(steps: Steps<Ctx, Result>, ctx: Ctx): Promise<Result> {
  for (const step of steps) {
    const result = await step(ctx);
    if (result !== undefined) return result;
  }
  // Unreachable when the last step keeps its type; says so if it does not.
  throw new Error(`the last step (${steps.at(-1)?.name ?? '?'}) returned no result`);
}

/**
 * A context field an earlier step fills. Reading it before that step ran is a bug in the
 * order of the steps, said loudly rather than read as a missing value.
 */
export function filled<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new Error(`step order: ${field} is read before the step that fills it`);
  return value;
}
