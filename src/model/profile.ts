/** An environment profile, validated: every value checked for what it is. */
import type { Branches, Dimension, Position } from './types.js';

export type ExchangeVersion = 2016 | 2013 | 2010;

export interface Profile {
  id: string;
  title: string;
  /** The YAML file it came from, as given on the command line (relative to the working folder). */
  file: string;
  exchange: {
    version: ExchangeVersion;
    clientAccessServers: string[];
    mailboxServers: string[];
    certificateThumbprint?: string;
    installPath?: string;
  };
  um: { placement: 'colocated' | 'separate' };
  skype: { poolFqdn: string; siteId?: string; frontEndServers: string[] };
  owa?: { trustedApplicationPoolFqdn: string; applicationId: string; port: number };
  im: { action: 'enable' | 'disable'; mailboxPolicies?: 'all' | string[] };
  change: { id: string; title: string; owner: string; window: { start: string; end: string } };
  /** The branch taken on each dimension… */
  branches: Branches;
  /** …and the profile line that chose it. */
  origins: Record<Dimension, Position>;
  /** sha256 of the profile file's bytes. */
  hash: string;
}
