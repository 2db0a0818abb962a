/** Every word the renderers print around the content, in each language. */
import type { BlockKind, Dimension, Lang, Phase, Role, Shell } from '../model/types.js';

export interface Labels {
  profile: string;
  change: string;
  owner: string;
  window: string;
  duration: string;
  contentVersion: string;
  branches: string;
  decisionDiagram: string;
  dimension: string;
  choice: string;
  chosenBy: string;
  minutes: (n: number) => string;
  durationValue: (implementation: number, rollback: number) => string;
  phases: Record<Phase, string>;
  phaseIntro: Record<Phase, string>;
  roles: Record<Role, string>;
  shells: Record<Shell, string>;
  dimensions: Record<Dimension, string>;
  values: Record<string, string>;
  callouts: Record<BlockKind, string>;
  done: string;
  by: string;
  at: string;
  stepId: string;
  runsOn: string;
  shell: string;
  estimated: string;
  risk: string;
  risks: Record<'low' | 'medium' | 'high', string>;
  alreadyDone: string;
  command: string;
  expected: string;
  verification: string;
  shown: string;
  holdPoint: string;
  pointOfNoReturn: string;
  rollback: string;
  rollbackIntro: string;
  undo: (n: number, title: string) => string;
  noRollback: string;
  checkReturnsTrue: string;
  adminWorkstation: string;
}

const fr: Labels = {
  profile: 'Profil',
  change: 'Changement',
  owner: 'Responsable',
  window: 'Fenêtre',
  duration: 'Durée estimée',
  contentVersion: 'Version du contenu',
  branches: 'Branches retenues',
  decisionDiagram: 'Diagramme de décision : le chemin de cet environnement est surligné',
  dimension: 'Dimension',
  choice: 'Choix',
  chosenBy: 'Choisi par',
  minutes: (n) => `${n} min`,
  durationValue: (i, r) => `${i} min (retour arrière : ${r} min)`,
  phases: { preflight: 'Vérifications préalables', change: 'Mise en œuvre', verify: 'Vérification' },
  phaseIntro: {
    preflight: 'Ces contrôles ne modifient rien. Ne poursuivez que s’ils réussissent tous.',
    change: 'Exécutez les étapes dans l’ordre, serveur par serveur. Cochez chaque étape, avec votre nom et l’heure.',
    verify: 'Vérifiez l’intégration une fois toutes les étapes exécutées.',
  },
  roles: {
    'skype-frontend': 'serveur frontal Skype Entreprise Server',
    'exchange-client-access': 'serveur d’accès au client Exchange (frontal)',
    'exchange-mailbox': 'serveur de boîtes aux lettres Exchange (principal)',
    'admin-workstation': 'poste d’administration',
  },
  shells: {
    skype: 'Skype Entreprise Server Management Shell',
    exchange: 'Exchange Management Shell',
    powershell: 'Windows PowerShell (administrateur)',
    manual: 'manuelle',
  },
  dimensions: { 'exchange.version': 'Version d’Exchange', 'um.placement': 'Messagerie unifiée', 'im.action': 'Messagerie instantanée dans OWA', 'im.policyScope': 'Stratégies de boîte aux lettres OWA' },
  values: {
    '2016': 'Exchange 2016',
    '2013': 'Exchange 2013',
    '2010': 'Exchange 2010',
    colocated: 'routeur d’appels et service de messagerie unifiée sur le même ordinateur',
    separate: 'routeur d’appels et service de messagerie unifiée sur des ordinateurs distincts',
    enable: 'activer',
    disable: 'désactiver',
    all: 'toutes',
    named: 'stratégies nommées',
  },
  callouts: {
    note: 'Remarque',
    warning: 'Avertissement',
    unconfirmed: 'À vérifier dans votre environnement',
    impact: 'Impact',
    check: 'Déjà fait ?',
    verify: 'Vérification',
    rollback: 'Retour arrière',
    expected: 'Résultat attendu',
  },
  done: 'Fait',
  by: 'par',
  at: 'à',
  stepId: 'Identifiant',
  runsOn: 'S’exécute sur',
  shell: 'Shell',
  estimated: 'Durée estimée',
  risk: 'Risque',
  risks: { low: 'faible', medium: 'moyen', high: 'élevé' },
  alreadyDone: 'Déjà fait ? (renvoie True si l’étape est déjà faite : passez-la)',
  command: 'Commande',
  expected: 'Résultat attendu',
  verification: 'Vérification (doit renvoyer True)',
  shown: 'À consulter',
  holdPoint: 'Point d’arrêt : arrêtez-vous et obtenez l’accord du responsable du changement avant d’exécuter cette étape.',
  pointOfNoReturn: 'Point de non-retour : après cette étape, le retour arrière ne rétablit plus l’état antérieur.',
  rollback: 'Retour arrière (dans l’ordre inverse)',
  rollbackIntro: 'En cas d’échec, annulez les étapes exécutées, de la dernière à la première. Ne faites que celles qui ont été exécutées.',
  undo: (n, title) => `Annuler l’étape ${n} : ${title}`,
  noRollback: 'Aucune étape de ce runbook ne modifie l’état : rien à annuler.',
  checkReturnsTrue: 'renvoie True',
  adminWorkstation: 'poste d’administration',
};

const en: Labels = {
  profile: 'Profile',
  change: 'Change',
  owner: 'Owner',
  window: 'Window',
  duration: 'Estimated duration',
  contentVersion: 'Content version',
  branches: 'Branches taken',
  decisionDiagram: 'Decision diagram: the path of this environment is highlighted',
  dimension: 'Dimension',
  choice: 'Choice',
  chosenBy: 'Chosen by',
  minutes: (n) => `${n} min`,
  durationValue: (i, r) => `${i} min (rollback: ${r} min)`,
  phases: { preflight: 'Preflight checks', change: 'Implementation', verify: 'Verification' },
  phaseIntro: {
    preflight: 'These checks change nothing. Go on only when they all pass.',
    change: 'Run the steps in order, server by server. Tick each step, with your name and the time.',
    verify: 'Verify the integration once every step has run.',
  },
  roles: {
    'skype-frontend': 'Skype for Business Server Front End',
    'exchange-client-access': 'Exchange Client Access server (front-end)',
    'exchange-mailbox': 'Exchange Mailbox server (back-end)',
    'admin-workstation': 'admin workstation',
  },
  shells: {
    skype: 'Skype for Business Server Management Shell',
    exchange: 'Exchange Management Shell',
    powershell: 'Windows PowerShell (elevated)',
    manual: 'manual',
  },
  dimensions: { 'exchange.version': 'Exchange version', 'um.placement': 'Unified Messaging', 'im.action': 'Instant messaging in OWA', 'im.policyScope': 'OWA mailbox policies' },
  values: {
    '2016': 'Exchange 2016',
    '2013': 'Exchange 2013',
    '2010': 'Exchange 2010',
    colocated: 'call router and UM service on one computer',
    separate: 'call router and UM service on separate computers',
    enable: 'enable',
    disable: 'disable',
    all: 'all',
    named: 'named policies',
  },
  callouts: {
    note: 'Note',
    warning: 'Warning',
    unconfirmed: 'Verify in your environment',
    impact: 'Impact',
    check: 'Already done?',
    verify: 'Verification',
    rollback: 'Rollback',
    expected: 'Expected result',
  },
  done: 'Done',
  by: 'by',
  at: 'at',
  stepId: 'Id',
  runsOn: 'Runs on',
  shell: 'Shell',
  estimated: 'Estimated',
  risk: 'Risk',
  risks: { low: 'low', medium: 'medium', high: 'high' },
  alreadyDone: 'Already done? (returns True when the step is already done: skip it)',
  command: 'Command',
  expected: 'Expected output',
  verification: 'Verification (must return True)',
  shown: 'For reference',
  holdPoint: 'Hold point: stop and get the change owner’s go-ahead before running this step.',
  pointOfNoReturn: 'Point of no return: after this step, rolling back no longer restores the previous state.',
  rollback: 'Rollback (in reverse order)',
  rollbackIntro: 'If something fails, undo the steps that ran, last first. Undo only those that ran.',
  undo: (n, title) => `Undo step ${n}: ${title}`,
  noRollback: 'No step of this runbook changes state: nothing to undo.',
  checkReturnsTrue: 'returns True',
  adminWorkstation: 'admin workstation',
};

export const LABELS: Record<Lang, Labels> = { fr, en };

/** Where a step or group runs, in words: the server and its role, or the role alone. */
export function where(labels: Labels, group: { role: Role; server?: string | undefined }): string {
  return group.server ? `${group.server} — ${labels.roles[group.role]}` : labels.roles[group.role];
}
