/**
 * The words only the printed runbook needs, in each language: the sign-off table, the table of
 * contents, the running header and footer, the marks an operator writes on. The words shared with
 * the Markdown runbook stay in ../labels.ts.
 */
import type { CodeRole, Lang } from '../../model/types.js';

export interface PrintLabels {
  contents: string;
  /** "page 3 of 12": the words around the two numbers. */
  page: string;
  of: string;
  profileFile: string;
  contentHash: string;
  source: string;
  start: string;
  end: string;
  scripts: string;
  script: string;
  sha256: string;
  signer: string;
  subject: string;
  thumbprint: string;
  signOff: string;
  signOffIntro: string;
  signOffRoles: { prepared: string; reviewed: string; approved: string; executed: string };
  name: string;
  date: string;
  signature: string;
  role: string;
  doneBy: string;
  time: string;
  holdPointTag: string;
  goAheadBy: string;
  pointOfNoReturnTag: string;
  conventions: string;
  conventionItems: string[];
  code: Record<CodeRole, string>;
  image: string;
  /** The content's version in a running header: "version 2026-11-27". */
  version: (date: string) => string;
  /** The printed change request's last block: the board's decision, written by hand. */
  approval: { title: string; intro: string; decision: string; outcomes: string[]; roles: string[] };
}

const fr: PrintLabels = {
  contents: 'Sommaire',
  page: 'page ',
  of: ' sur ',
  profileFile: 'Fichier du profil',
  contentHash: 'Empreinte du contenu',
  source: 'Source',
  start: 'début',
  end: 'fin',
  scripts: 'Scripts PowerShell de ce profil',
  script: 'Script',
  sha256: 'SHA-256',
  signer: 'Signataire',
  subject: 'Sujet',
  thumbprint: 'Empreinte (SHA-1)',
  signOff: 'Visas',
  signOffIntro: 'Nom, date et signature de chaque intervenant, à l’encre.',
  signOffRoles: { prepared: 'Préparé par', reviewed: 'Relu par', approved: 'Approuvé par', executed: 'Exécuté par' },
  name: 'Nom',
  date: 'Date',
  signature: 'Signature',
  role: 'Rôle',
  doneBy: 'Fait par',
  time: 'Heure',
  holdPointTag: 'Point d’arrêt',
  goAheadBy: 'Accord donné par',
  pointOfNoReturnTag: 'Point de non-retour',
  conventions: 'Lire ce runbook',
  conventionItems: [
    'Cochez la case d’une étape une fois celle-ci exécutée, puis inscrivez votre nom et l’heure.',
    'Dans les blocs de code, chaque ligne commence par son numéro ; une ligne sans numéro continue la ligne précédente : tapez-les sans retour à la ligne.',
    'Un point d’arrêt demande l’accord du responsable du changement avant l’étape ; un point de non-retour signale une étape que le retour arrière ne défait plus.',
    'Le résultat attendu se lit, il ne se tape pas.',
  ],
  code: {
    check: 'Déjà fait ? (renvoie True si l’étape est déjà faite : passez-la)',
    show: 'À consulter',
    apply: 'Commande',
    expected: 'Résultat attendu (à lire, ne pas taper)',
    verify: 'Vérification (doit renvoyer True)',
    rollback: 'Commande de retour arrière',
  },
  image: 'Image',
  version: (date) => `version du ${date}`,
  approval: {
    title: 'Décision du comité des changements',
    intro: 'Cochez la décision ; nom, date et signature de chaque intervenant, à l’encre.',
    decision: 'Décision\u00a0:',
    outcomes: ['approuvé', 'refusé', 'reporté'],
    roles: ['Demandé par', 'Relu par', 'Décidé par (CAB)'],
  },
};

const en: PrintLabels = {
  contents: 'Contents',
  page: 'page ',
  of: ' of ',
  profileFile: 'Profile file',
  contentHash: 'Content hash',
  source: 'Source',
  start: 'start',
  end: 'end',
  scripts: 'PowerShell scripts of this profile',
  script: 'Script',
  sha256: 'SHA-256',
  signer: 'Signer',
  subject: 'Subject',
  thumbprint: 'Thumbprint (SHA-1)',
  signOff: 'Sign-off',
  signOffIntro: 'Name, date and signature of each person involved, in ink.',
  signOffRoles: { prepared: 'Prepared by', reviewed: 'Reviewed by', approved: 'Approved by', executed: 'Executed by' },
  name: 'Name',
  date: 'Date',
  signature: 'Signature',
  role: 'Role',
  doneBy: 'Done by',
  time: 'Time',
  holdPointTag: 'Hold point',
  goAheadBy: 'Go-ahead given by',
  pointOfNoReturnTag: 'Point of no return',
  conventions: 'Reading this runbook',
  conventionItems: [
    'Tick a step’s box once it has run, then write your name and the time.',
    'In code boxes every line starts with its number; a line without a number continues the line above: type them as one line.',
    'A hold point needs the change owner’s go-ahead before the step; a point of no return marks a step that rollback no longer undoes.',
    'Expected output is read, never typed.',
  ],
  code: {
    check: 'Already done? (returns True when the step is already done: skip it)',
    show: 'For reference',
    apply: 'Command',
    expected: 'Expected output (read it, do not type it)',
    verify: 'Verification (must return True)',
    rollback: 'Rollback command',
  },
  image: 'Image',
  version: (date) => `version ${date}`,
  approval: {
    title: 'Change advisory board decision',
    intro: 'Tick the decision; name, date and signature of each person involved, in ink.',
    decision: 'Decision:',
    outcomes: ['approved', 'rejected', 'deferred'],
    roles: ['Requested by', 'Reviewed by', 'Decided by (CAB)'],
  },
};

export const PRINT_LABELS: Record<Lang, PrintLabels> = { fr, en };
