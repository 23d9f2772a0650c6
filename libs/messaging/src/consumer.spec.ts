import { isInfrastructureError } from './consumer';

describe('isInfrastructureError', () => {
  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }],
    [{ code: '08006', message: 'connection failure' }],
    [{ code: '53300', message: 'too many connections' }],
    [new Error('Connection terminated unexpectedly')],
    [{ message: 'query failed', driverError: { code: 'ECONNRESET' } }],
  ])('waits out a database outage: %p', (error) => {
    expect(isInfrastructureError(error)).toBe(true);
  });

  it.each([
    [new Error('not a valid ballot request id')],
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }],
    [{ code: '22P02', message: 'invalid input syntax for type uuid' }],
    [undefined],
  ])('treats message-specific failures as retry-then-dead-letter: %p', (error) => {
    expect(isInfrastructureError(error)).toBe(false);
  });
});
