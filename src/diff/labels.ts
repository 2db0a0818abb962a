/** Every word of the build comparison, in each language. Field names, ids, values and commands are not translated. */
import type { Lang } from '../model/types.js';
import type { ProfileStatus } from './compare.js';

export interface DiffLabels {
  title: string;
  approved: string;
  current: string;
  noChange: string;
  summary: string;
  status: Record<ProfileStatus, string>;
  counts: (added: number, removed: number, changed: number, values: number, scripts: number) => string;
  change: string;
  branches: string;
  field: string;
  before: string;
  after: string;
  stepsAdded: string;
  stepsRemoved: string;
  stepsChanged: string;
  step: string;
  phase: string;
  servers: string;
  commands: string;
  commandOn: (role: string, server: string | null) => string;
  values: string;
  value: string;
  files: string;
  file: string;
  kind: string;
  script: string;
  document: string;
  absent: string;
  problems: string;
  fields: Record<string, string>;
  phases: Record<'preflight' | 'change' | 'verify', string>;
  adminWorkstation: string;
}

const fr: DiffLabels = {
  title: 'Changements depuis la version approuvée',
  approved: 'Version approuvée',
  current: 'Nouvelle version',
  noChange: 'Aucun changement.',
  summary: 'Résumé',
  status: { added: 'nouveau profil', removed: 'profil retiré', changed: 'modifié', unchanged: 'inchangé' },
  counts: (a, r, c, v, s) => `${a} étape(s) ajoutée(s), ${r} retirée(s), ${c} modifiée(s) ; ${v} valeur(s) modifiée(s) ; ${s} script(s) modifié(s)`,
  change: 'Fiche de changement',
  branches: 'Branches',
  field: 'Champ',
  before: 'Avant',
  after: 'Après',
  stepsAdded: 'Étapes ajoutées',
  stepsRemoved: 'Étapes retirées',
  stepsChanged: 'Étapes modifiées',
  step: 'Étape',
  phase: 'Phase',
  servers: 'Serveurs',
  commands: 'Commandes',
  commandOn: (role, server) => `${role}${server ? ` sur ${server}` : ''}`,
  values: 'Valeurs du profil',
  value: 'Valeur',
  files: 'Fichiers (SHA-256)',
  file: 'Fichier',
  kind: 'Nature',
  script: 'script',
  document: 'document',
  absent: 'absent',
  problems: 'Problèmes de lecture',
  fields: {
    'change.id': 'identifiant du changement',
    'change.title': 'intitulé',
    'change.owner': 'responsable',
    'change.window': 'fenêtre',
    'risk.level': 'niveau de risque',
    'durations.total': 'durée de l’exécution (min)',
    'durations.rollback': 'durée du retour arrière (min)',
    'durations.fits': 'tient dans la fenêtre',
    'backout.pointOfNoReturn': 'point de non-retour',
    'procedure.version': 'version de la procédure',
    'procedure.contentSha256': 'SHA-256 du contenu',
    'profile.sha256': 'SHA-256 du profil',
    'signer.subject': 'sujet du signataire',
    'signer.thumbprint': 'empreinte du signataire',
    'title.fr': 'titre',
    'title.en': 'titre (anglais)',
    phase: 'phase',
    runsOn: 's’exécute sur',
    scope: 'portée',
    shell: 'shell',
    minutes: 'durée (min)',
    risk: 'risque déclaré',
    level: 'niveau de risque',
    changesState: 'modifie la configuration',
    holdPoint: 'point d’arrêt',
    pointOfNoReturn: 'point de non-retour',
    servers: 'serveurs',
    impact: 'impact',
  },
  phases: { preflight: 'vérification préalable', change: 'mise en œuvre', verify: 'vérification' },
  adminWorkstation: 'poste d’administration',
};

const en: DiffLabels = {
  title: 'Changes since the approved build',
  approved: 'Approved build',
  current: 'New build',
  noChange: 'No change.',
  summary: 'Summary',
  status: { added: 'new profile', removed: 'profile removed', changed: 'changed', unchanged: 'unchanged' },
  counts: (a, r, c, v, s) => `${a} step(s) added, ${r} removed, ${c} changed; ${v} value(s) changed; ${s} script(s) changed`,
  change: 'Change record',
  branches: 'Branches',
  field: 'Field',
  before: 'Before',
  after: 'After',
  stepsAdded: 'Steps added',
  stepsRemoved: 'Steps removed',
  stepsChanged: 'Steps changed',
  step: 'Step',
  phase: 'Phase',
  servers: 'Servers',
  commands: 'Commands',
  commandOn: (role, server) => `${role}${server ? ` on ${server}` : ''}`,
  values: 'Profile values',
  value: 'Value',
  files: 'Files (SHA-256)',
  file: 'File',
  kind: 'Kind',
  script: 'script',
  document: 'document',
  absent: 'absent',
  problems: 'Reading problems',
  fields: {
    'change.id': 'change id',
    'change.title': 'title',
    'change.owner': 'owner',
    'change.window': 'window',
    'risk.level': 'risk level',
    'durations.total': 'run duration (min)',
    'durations.rollback': 'rollback duration (min)',
    'durations.fits': 'fits in the window',
    'backout.pointOfNoReturn': 'point of no return',
    'procedure.version': 'procedure version',
    'procedure.contentSha256': 'content SHA-256',
    'profile.sha256': 'profile SHA-256',
    'signer.subject': 'signer subject',
    'signer.thumbprint': 'signer thumbprint',
    'title.fr': 'title (French)',
    'title.en': 'title',
    phase: 'phase',
    runsOn: 'runs on',
    scope: 'scope',
    shell: 'shell',
    minutes: 'duration (min)',
    risk: 'declared risk',
    level: 'risk level',
    changesState: 'changes configuration',
    holdPoint: 'hold point',
    pointOfNoReturn: 'point of no return',
    servers: 'servers',
    impact: 'impact',
  },
  phases: { preflight: 'preflight', change: 'implementation', verify: 'verification' },
  adminWorkstation: 'admin workstation',
};

export const DIFF_LABELS: Record<Lang, DiffLabels> = { fr, en };
