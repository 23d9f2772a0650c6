import { ensureDebianPackages, isDebianPackageInstalled, isInstalledStatus } from './debian';

describe('ensureDebianPackages', () => {
  it('reads dpkg -s status lines', () => {
    expect(isInstalledStatus('Package: openssl\nStatus: install ok installed\nPriority: optional\n')).toBe(
      true,
    );
    expect(isInstalledStatus('Package: x\nStatus: deinstall ok config-files\n')).toBe(false);
    expect(isInstalledStatus('')).toBe(false);
  });

  it('finds packages that are installed and reports nothing to install', async () => {
    expect(isDebianPackageInstalled('dpkg')).toBe(true);
    expect(isDebianPackageInstalled('no-such-package-uocava')).toBe(false);
    await expect(ensureDebianPackages(['dpkg'], () => undefined)).resolves.toEqual({
      installed: [],
      alreadyInstalled: ['dpkg'],
    });
  });

  it('rejects names that are not Debian package names before running anything', async () => {
    await expect(ensureDebianPackages(['openssl; rm -rf /'], () => undefined)).rejects.toThrow(
      /invalid Debian package name/,
    );
  });
});
