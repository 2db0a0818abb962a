/**
 * Environment profiles: YAML validated against content/schema/profile.schema.json, then turned
 * into a typed Profile that records which line chose each branch. Pure: text in, data out.
 */
import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { Profile } from '../model/profile.js';
import type { Dimension } from '../model/types.js';
import { parseYaml, validateAgainstSchema } from './yaml.js';

export interface SourceFile {
  /** Path as shown in diagnostics (relative to the working folder). */
  file: string;
  text: string;
}

type Raw = Omit<Profile, 'id' | 'file' | 'branches' | 'origins' | 'hash'> & { id?: string };

export function parseProfile(source: SourceFile, validate: ValidateFunction, diagnostics: Diagnostic[]): Profile | undefined {
  const parsed = parseYaml(source, diagnostics, 'profile');
  if (!parsed.ok) return undefined;
  if (parsed.data === null || parsed.data === undefined) {
    diagnostics.push(diagnostic('profile/empty', { file: source.file, line: 1, column: 1 }, 'This profile is empty.', { hint: 'start from one of the example profiles in content/profiles/' }));
    return undefined;
  }
  if (!validateAgainstSchema(validate, parsed, diagnostics, 'profile')) return undefined;
  const raw = parsed.data as Raw;

  const start = Date.parse(raw.change.window.start);
  const end = Date.parse(raw.change.window.end);
  if (!(end > start)) {
    diagnostics.push(
      diagnostic('profile/invalid-window', parsed.positionOf(['change', 'window', 'end']), `\`change.window.end\` (${raw.change.window.end}) is not after \`change.window.start\` (${raw.change.window.start}).`, {
        hint: 'the change window must end after it starts',
      }),
    );
    return undefined;
  }

  const id = raw.id ?? basename(source.file, extname(source.file));
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(id)) {
    diagnostics.push(
      diagnostic('profile/invalid-id', { file: source.file, line: 1, column: 1 }, `The file name gives the profile id \`${id}\`, which cannot name an output folder.`, {
        hint: 'add `id:` with lower-case letters, digits and hyphens, or rename the file',
      }),
    );
    return undefined;
  }

  const policies = raw.im.mailboxPolicies;
  const origins: Record<Dimension, ReturnType<typeof parsed.positionOf>> = {
    'exchange.version': parsed.positionOf(['exchange', 'version']),
    'um.placement': parsed.positionOf(['um', 'placement']),
    'im.action': parsed.positionOf(['im', 'action']),
    'im.policyScope': parsed.positionOf(policies === undefined ? ['im', 'action'] : ['im', 'mailboxPolicies']),
  };
  const profile: Profile = {
    ...raw,
    id,
    file: source.file,
    exchange: {
      ...raw.exchange,
      ...(raw.exchange.certificateThumbprint ? { certificateThumbprint: raw.exchange.certificateThumbprint.toUpperCase() } : {}),
    },
    branches: {
      'exchange.version': String(raw.exchange.version) as Profile['branches']['exchange.version'],
      'um.placement': raw.um.placement,
      'im.action': raw.im.action,
      'im.policyScope': Array.isArray(policies) ? 'named' : 'all',
    },
    origins,
    hash: createHash('sha256').update(source.text).digest('hex'),
  };
  return profile;
}

/** Two files may not claim the same id: their outputs would overwrite each other. */
export function checkUniqueIds(profiles: readonly Profile[], diagnostics: Diagnostic[]): Profile[] {
  const seen = new Map<string, Profile>();
  const out: Profile[] = [];
  for (const profile of profiles) {
    const first = seen.get(profile.id);
    if (first) {
      diagnostics.push(
        diagnostic('profile/duplicate-id', { file: profile.file, line: 1, column: 1 }, `Profile id \`${profile.id}\` is already used by ${first.file}.`, {
          hint: 'give each profile its own `id:` (or file name)',
          related: { file: first.file, line: 1, column: 1 },
        }),
      );
      continue;
    }
    seen.set(profile.id, profile);
    out.push(profile);
  }
  return out;
}
