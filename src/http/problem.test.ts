import { describe, expect, it } from 'vitest';
import { loggableError } from './problem.ts';

describe('error logging', () => {
  it('never logs the parameters of a failed query', () => {
    const err = new Error("Failed query: insert into participants (given_name) values ($1)\nparams: Maria Lopez");
    (err as { cause?: unknown }).cause = Object.assign(new Error('null value in column "org_id" violates not-null constraint'), { code: '23502' });
    const logged = loggableError(err);
    expect(JSON.stringify(logged)).not.toContain('Maria');
    expect(logged).toMatchObject({ code: '23502', message: expect.stringContaining('not-null') });
  });
});
