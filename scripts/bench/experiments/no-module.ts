/**
 * Experiment: an esbuild alias target with no exports, for a package a variant leaves out of the
 * bundle (aws-jwt-verify, which a deployed function bundles but never loads).
 */
export {};
