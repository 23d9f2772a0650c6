import { validateJurisdictionSpec } from './offices';

describe('an office spec', () => {
  it('checks the id, name and state', () => {
    expect(validateJurisdictionSpec({ id: 'us-oh-mahoning', name: 'Mahoning', state: 'OH' })).toEqual([]);
    expect(validateJurisdictionSpec({ id: 'Bad Id', name: ' ', state: 'Ohio' })).toHaveLength(3);
  });
});
