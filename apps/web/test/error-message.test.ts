import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/lib/api-error.ts';
import { errorMessage } from '../src/lib/error-message.ts';

describe('errorMessage', () => {
  it("tells the server's own message", () => {
    const error = new ApiError(409, { error: { code: 'conflict', message: 'the job has finished' }, request_id: 'r' }, 'request failed');
    expect(errorMessage(error, 'The action failed.')).toBe('the job has finished');
  });

  it('falls back for anything that is not an API error, never showing its internals', () => {
    expect(errorMessage(new TypeError("Cannot read properties of undefined (reading 'id')"), 'The action failed.')).toBe('The action failed.');
    expect(errorMessage('a string', 'The action failed.')).toBe('The action failed.');
  });
});
