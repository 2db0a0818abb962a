/**
 * What a profile folder was built from. `inputs` hashes everything that decides its bytes (tool
 * version, content, templates, the profile's text, the options, the signing identity,
 * SOURCE_DATE_EPOCH): when it is unchanged, the folder is up to date and the build skips it.
 * Pure.
 */
import { sha256Hex } from '../verify/sha256sums.js';

export const BUILD_INFO_FILE = 'build-info.json';

export interface BuildInputs {
  tool: { name: string; version: string };
  contentHash: string;
  /** Hash of the templates and fonts when PDFs are built. */
  templatesHash?: string;
  /** The profile: its id, file and text's hash, and what it says of itself (so that a skipped profile can still be named). */
  profile: { id: string; file: string; sha256: string } & ProfileLabel;
  options: { formats: string[]; langs: string[]; paper?: string; signHash?: string; strict?: boolean };
  signer?: { subject: string; thumbprint: string };
  browser?: string;
  sourceDateEpoch?: number;
}

/** What a profile says of itself. */
export interface ProfileLabel {
  title: string;
  branches: Record<string, string>;
}

export interface BuildInfo extends BuildInputs {
  /** SHA-256 over the canonical JSON of the inputs above. */
  inputs: string;
}

export function inputsHash(inputs: BuildInputs): string {
  return sha256Hex(canonicalJson(inputs));
}

export function buildInfo(inputs: BuildInputs): BuildInfo {
  return { ...inputs, inputs: inputsHash(inputs) };
}

/**
 * A build-info.json text, or undefined when it is not one. One written before build-info.json
 * named the profile's title and branches is not one either: that folder is built again.
 */
export function parseBuildInfo(text: string): BuildInfo | undefined {
  try {
    const data = JSON.parse(text) as Partial<BuildInfo>;
    const profile = data.profile;
    const complete = typeof profile?.file === 'string' && typeof profile.id === 'string' && typeof profile.title === 'string' && typeof profile.branches === 'object' && profile.branches !== null;
    return typeof data.inputs === 'string' && complete ? (data as BuildInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** JSON with sorted keys: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function formatBuildInfo(info: BuildInfo): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(info)), null, 2)}\n`;
}


/** The signer a build-info.json text names, or undefined. */
export function readSigner(text: string): { subject: string; thumbprint: string } | undefined {
  const signer = parseBuildInfo(text)?.signer as { subject?: unknown; thumbprint?: unknown } | undefined;
  return typeof signer?.subject === 'string' && typeof signer.thumbprint === 'string' ? { subject: signer.subject, thumbprint: signer.thumbprint } : undefined;
}
