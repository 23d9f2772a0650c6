import { ESB_STATE_NAMES, esbStateName } from './eavs-vocabulary';

describe('esbStateName', () => {
  it('maps USPS codes to the EAVS Section B state names', () => {
    expect(esbStateName('OH')).toBe('Ohio');
    expect(esbStateName('ny')).toBe('New York');
    expect(esbStateName('DC')).toBe('District of Columbia');
    expect(esbStateName('MP')).toBe('Northern Mariana Islands');
    expect(esbStateName('VI')).toBe('Virgin Islands');
    expect(esbStateName('WY')).toBe('Wyoming');
    expect(esbStateName('ZZ')).toBeUndefined();
  });

  it('covers every EAVS state name exactly once', () => {
    const codes =
      'AL AK AS AZ AR CA CO CT DE DC FM FL GA GU HI ID IL IN IA KS KY LA ME MH MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND MP OH OK OR PW PA PR RI SC SD TN TX UT VT VI VA WA WV WI WY'.split(
        ' ',
      );
    expect(new Set(codes.map(esbStateName))).toEqual(new Set(ESB_STATE_NAMES));
    expect(codes).toHaveLength(ESB_STATE_NAMES.length);
  });
});
