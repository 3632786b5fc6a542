import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filled, runSteps, type Step } from './run-steps.ts';

type Ctx = { ran: string[]; value?: number };

const note =
  (name: string): Step<Ctx, string> =>
  (ctx) => {
    ctx.ran.push(name);
    return undefined;
  };

describe('runSteps', () => {
  it('runs every step in order, sync and async, and returns the last step’s result', async () => {
    const ctx: Ctx = { ran: [] };
    const result = await runSteps<Ctx, string>(
      [
        note('a'),
        async (c) => {
          await new Promise((r) => setTimeout(r, 5));
          c.ran.push('b');
          c.value = 42;
        },
        note('c'),
        (c) => `done with ${filled(c.value, 'value')}`,
      ],
      ctx,
    );
    assert.deepEqual(ctx.ran, ['a', 'b', 'c']);
    assert.equal(result, 'done with 42');
  });

  it('stops at the first step that returns a result', async () => {
    const ctx: Ctx = { ran: [] };
    const result = await runSteps<Ctx, string>([note('a'), async () => 'early', note('never'), () => 'late'], ctx);
    assert.equal(result, 'early');
    assert.deepEqual(ctx.ran, ['a']);
  });

  it('treats false and null as results, undefined as “go on”', async () => {
    assert.equal(await runSteps<Ctx, boolean>([() => false, () => true], { ran: [] }), false);
    assert.equal(await runSteps<Ctx, null | string>([() => null, () => 'x'], { ran: [] }), null);
  });

  it('stops at the first step that throws, with that error', async () => {
    const ctx: Ctx = { ran: [] };
    const refusal = new Error('refused');
    await assert.rejects(
      runSteps<Ctx, string>(
        [
          note('a'),
          () => {
            throw refusal;
          },
          note('never'),
          () => 'late',
        ],
        ctx,
      ),
      (e) => e === refusal,
    );
    assert.deepEqual(ctx.ran, ['a']);
  });

  it('says so when a last step returns nothing despite its type', async () => {
    const last = (() => undefined) as unknown as () => string;
    await assert.rejects(runSteps<Ctx, string>([note('a'), last], { ran: [] }), /returned no result/);
  });
});

describe('filled', () => {
  it('returns a filled field, falsy values included', () => {
    assert.equal(filled(0, 'n'), 0);
    assert.equal(filled(null, 'n'), null);
    assert.equal(filled('', 's'), '');
  });
  it('throws when the field is read before its step', () => {
    assert.throws(() => filled(undefined, 'agent'), /step order: agent is read before the step that fills it/);
  });
});
