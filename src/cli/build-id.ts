/** Set by scripts/build-cli.ts to a hash of the sources compiled into dist/. */
declare const FAULTLINE_BUILD: string | undefined;

/**
 * The build this code belongs to: the hash of the sources compiled into dist/, or 'source' when the
 * sources run as they are (tsx, the test bundles). Files a build leaves for later calls (the `sources`
 * snapshot) and the server's discovery file carry it.
 */
export const BUILD: string = typeof FAULTLINE_BUILD !== 'undefined' ? FAULTLINE_BUILD : 'source';

/**
 * Whether two builds may talk as one: the same build, or either run from the sources (a developer's
 * tsx, the tests), whose code is whatever the checkout holds.
 */
export const sameBuild = (a: string | undefined, b: string | undefined): boolean =>
  a === undefined || b === undefined || a === 'source' || b === 'source' || a === b;
