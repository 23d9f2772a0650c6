import { parseSettings } from './office';

describe('jurisdiction create: --settings', () => {
  it('takes a JSON object of office settings', () => {
    expect(parseSettings('{"moveActTargetDays":3,"fwabAsRegistration":true}')).toEqual({
      moveActTargetDays: 3,
      fwabAsRegistration: true,
    });
  });
  it.each([
    ['not json', /must be JSON/],
    ['[1,2]', /JSON object/],
    ['null', /JSON object/],
    ['"x"', /JSON object/],
    ['{"office":{}}', /--office-\*/],
  ])('refuses %s', (text, message) => {
    expect(() => parseSettings(text)).toThrow(message);
  });
});
