/**
 * Every word of the change request, in each language: the headings and table labels, and the
 * sentences of the paragraph that tells a board member what changes and why. The sentences take
 * their facts (versions, servers, counts, impact) from the model and the profile; the branch
 * decides which sentences apply.
 */
import type { Lang, Phase, Risk } from '../../model/types.js';

/** The facts the board paragraph is made of: all from the resolved runbook. */
export interface SummaryFacts {
  environment: string;
  action: 'enable' | 'disable';
  version: '2016' | '2013' | '2010';
  placement: 'colocated' | 'separate';
  /** `all`, the policy names, or null when this branch configures no mailbox policy (Exchange 2010). */
  policies: 'all' | readonly string[] | null;
  pool: string;
  exchangeServers: number;
  clientAccessServers: number;
  frontEndServers: number;
  /** On how many servers a change step has a user impact (a `:::impact` callout). */
  impactServers: number;
  /** Whether a step publishes the Skype for Business topology (the board hears it in words). */
  publishesTopology: boolean;
}

export interface CabLabels {
  title: (id: string, title: string) => string;
  change: string;
  changeTitle: string;
  owner: string;
  window: string;
  windowValue: (start: string, end: string, minutes: number) => string;
  environment: string;
  procedure: string;
  procedureValue: (title: string, version: string) => string;
  riskLevel: string;
  duration: string;
  durationValue: (total: number, rollback: number, window: number) => string;
  whatAndWhy: string;
  summary: (facts: SummaryFacts) => string;
  affected: string;
  role: string;
  servers: string;
  whatHappens: string;
  changed: (steps: number) => string;
  checked: (steps: number) => string;
  noServer: string;
  prerequisites: string;
  prerequisitesIntro: string;
  artefactsVerified: string;
  risk: string;
  riskIntro: (level: string) => string;
  /** Followed by the step ids and a full stop. */
  riskBecause: string;
  riskRule: string;
  step: string;
  runsOn: string;
  flags: string;
  impact: string;
  riskNotes: string;
  holdPoint: string;
  pointOfNoReturn: string;
  changesState: string;
  noStateChange: string;
  noImpact: string;
  readOnlyPhases: string;
  implementation: string;
  implementationIntro: string;
  number: string;
  minutes: string;
  min: (n: number) => string;
  total: string;
  durations: string;
  phaseMinutes: Record<Phase, string>;
  runTotal: string;
  rollbackTotal: string;
  withRollback: string;
  windowLength: string;
  /** Whether run and rollback fit in the window. */
  verdict: (needed: number, window: number, margin: number) => string;
  backout: string;
  backoutIntro: (minutes: number) => string;
  noBackout: string;
  undoes: string;
  how: string;
  script: string;
  manual: string;
  pointOfNoReturnAt: (number: number, title: string) => string;
  noPointOfNoReturn: string;
  verification: string;
  verificationIntro: string;
  artefacts: string;
  file: string;
  sha256: string;
  signer: string;
  subject: string;
  thumbprint: string;
  unsigned: string;
  noArtefacts: string;
  branches: string;
  dimension: string;
  choice: string;
  chosenBy: string;
  risks: Record<Risk, string>;
  yes: string;
  no: string;
  /** The window check, as a diagnostic message. */
  windowTooShort: (id: string, needed: number, run: number, rollback: number, window: number) => string;
}

const list = (items: readonly string[], and: string) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;

const fr: CabLabels = {
  title: (id, title) => `Demande de changement ${id} — ${title}`,
  change: 'Changement',
  changeTitle: 'Intitulé',
  owner: 'Responsable',
  window: 'Fenêtre',
  windowValue: (start, end, minutes) => `${start} – ${end} (${minutes} min)`,
  environment: 'Environnement',
  procedure: 'Procédure',
  procedureValue: (title, version) => `${title}, version du ${version}`,
  riskLevel: 'Niveau de risque',
  duration: 'Durée',
  durationValue: (total, rollback, window) => `${total} min, plus ${rollback} min de retour arrière : ${total + rollback} min sur une fenêtre de ${window} min`,
  whatAndWhy: 'Ce qui change et pourquoi',
  summary: (f) => {
    const out: string[] = [];
    if (f.action === 'disable') {
      out.push(`Ce changement désactive la messagerie instantanée dans Outlook Web App, la version web d’Outlook, pour l’environnement ${f.environment}.`);
      out.push('Pourquoi : la messagerie instantanée est activée par défaut dans Outlook Web App ; comme Outlook Web App n’y est pas intégré à Skype Entreprise Server, les utilisateurs voient aujourd’hui des icônes de présence vides et un message d’erreur à chaque connexion. Après le changement, ils ne les voient plus.');
      out.push(`Le changement est fait sur ${f.clientAccessServers === 1 ? 'le serveur' : `les ${f.clientAccessServers} serveurs`} d’accès au client Exchange ${f.version}.`);
    } else {
      const who = f.policies === null ? 'les utilisateurs d’Outlook Web App' : f.policies === 'all' ? 'tous les utilisateurs d’Outlook Web App' : `les utilisateurs des stratégies de boîte aux lettres ${list(f.policies, 'et')}`;
      out.push(`Ce changement active la messagerie instantanée et la présence dans Outlook Web App, la version web d’Outlook, pour l’environnement ${f.environment} : ${who} voient si leurs collègues sont disponibles et peuvent converser avec eux depuis leur boîte aux lettres dans le navigateur, comme dans Skype Entreprise.`);
      out.push(
        f.version === '2010'
          ? 'Pourquoi : les utilisateurs n’ont plus besoin d’ouvrir le client Skype Entreprise pour voir la présence et converser. Avec Exchange 2010, le magasin de contacts unifié, les photos haute résolution, l’archivage dans Exchange et la recherche dans le contenu archivé restent indisponibles.'
          : 'Pourquoi : les utilisateurs n’ont plus besoin d’ouvrir le client Skype Entreprise pour voir la présence et converser, et leur liste de contacts est partagée entre Outlook Web App et Skype Entreprise.',
      );
      out.push(`Techniquement, Exchange Server ${f.version} (${f.exchangeServers} serveur${f.exchangeServers > 1 ? 's' : ''}) est relié au pool Skype Entreprise Server ${f.pool}.`);
      out.push(
        f.placement === 'separate'
          ? `Outlook Web App y est déclaré comme application approuvée${f.publishesTopology ? ', ce qui publie la topologie Skype Entreprise Server' : ''}, car les services de messagerie unifiée d’Exchange s’exécutent sur des ordinateurs distincts.`
          : 'Aucun pool d’applications approuvées n’est créé : les services de messagerie unifiée d’Exchange s’exécutent sur le même ordinateur, que Skype Entreprise Server découvre seul ; le déclarer à la main interromprait l’intégration.',
      );
      if (f.impactServers > 0) out.push(`Pendant la fenêtre, les utilisateurs connectés sont gênés un court instant sur ${f.impactServers === 1 ? 'un serveur' : `${f.impactServers} serveurs, l’un après l’autre`} (voir Risques et impact).`);
    }
    return out.join(' ');
  },
  affected: 'Systèmes concernés',
  role: 'Rôle',
  servers: 'Serveurs',
  whatHappens: 'Ce qui y est fait',
  changed: (n) => `modification de la configuration (${n} étape${n > 1 ? 's' : ''})`,
  checked: (n) => `contrôles en lecture seule (${n} étape${n > 1 ? 's' : ''})`,
  noServer: 'poste d’administration de l’opérateur',
  prerequisites: 'Prérequis',
  prerequisitesIntro: 'Avant la fenêtre, ces contrôles, qui ne modifient rien, doivent tous réussir :',
  artefactsVerified: 'les signatures et les empreintes SHA-256 des scripts sont vérifiées (runbook verify) et correspondent à la liste des artefacts ci-dessous.',
  risk: 'Risques et impact',
  riskIntro: (level) => `Niveau de risque : ${level}`,
  riskBecause: ', dû aux étapes',
  riskRule: 'Le niveau est calculé, pas saisi : c’est le plus élevé des risques des étapes, une étape après laquelle le retour arrière ne rétablit plus l’état antérieur comptant comme élevée.',
  step: 'Étape',
  runsOn: 'S’exécute sur',
  flags: 'Nature',
  impact: 'Impact pour les utilisateurs',
  riskNotes: 'Points d’attention',
  holdPoint: 'point d’arrêt (accord du responsable)',
  pointOfNoReturn: 'point de non-retour',
  changesState: 'modifie la configuration',
  noStateChange: 'ne modifie pas la configuration',
  noImpact: 'aucun impact signalé',
  readOnlyPhases: 'Les vérifications préalables et finales ne modifient rien (risque faible) ; elles ne figurent pas dans ce tableau.',
  implementation: 'Plan de mise en œuvre',
  implementationIntro: 'Les étapes s’exécutent dans cet ordre, avec les scripts signés ou le runbook de l’opérateur (mêmes numéros d’étape).',
  number: 'N°',
  minutes: 'Durée',
  min: (n) => `${n} min`,
  total: 'Total',
  durations: 'Durées',
  phaseMinutes: { preflight: 'Vérifications préalables', change: 'Mise en œuvre', verify: 'Vérification' },
  runTotal: 'Total de l’exécution',
  rollbackTotal: 'Retour arrière complet',
  withRollback: 'Exécution et retour arrière',
  windowLength: 'Fenêtre de changement',
  verdict: (needed, window, margin) =>
    margin >= 0
      ? `Exécution et retour arrière (${needed} min) tiennent dans la fenêtre de ${window} min, avec une marge de ${margin} min.`
      : `Exécution et retour arrière (${needed} min) ne tiennent pas dans la fenêtre de ${window} min : il manque ${-margin} min.`,
  backout: 'Plan de retour arrière',
  backoutIntro: (m) => `En cas d’échec, l’opérateur annule les étapes déjà exécutées, de la dernière à la première, avec les scripts de retour arrière (ou à la main lorsque l’étape est manuelle). Durée du retour arrière complet : ${m} min.`,
  noBackout: 'Aucune étape ne modifie la configuration : il n’y a rien à annuler.',
  undoes: 'Annule l’étape',
  how: 'Comment',
  script: 'script de retour arrière',
  manual: 'à la main (étape manuelle)',
  pointOfNoReturnAt: (n, title) => `Point de non-retour : une fois l’étape ${n} (${title}) exécutée, le retour arrière ne rétablit plus l’état antérieur.`,
  noPointOfNoReturn: 'Aucune étape n’est un point de non-retour : le retour arrière rétablit l’état antérieur à tout moment.',
  verification: 'Plan de vérification',
  verificationIntro: 'Chaque étape est vérifiée aussitôt exécutée (script 99-verify.ps1 pour l’ensemble) ; l’intégration est ensuite vérifiée ainsi :',
  artefacts: 'Artefacts',
  file: 'Fichier',
  sha256: 'SHA-256',
  signer: 'Signataire',
  subject: 'Sujet',
  thumbprint: 'Empreinte numérique',
  unsigned: 'scripts non signés',
  noArtefacts: 'Aucun artefact n’est joint.',
  branches: 'Branches de la procédure',
  dimension: 'Dimension',
  choice: 'Choix',
  chosenBy: 'Choisi par',
  risks: { low: 'faible', medium: 'moyen', high: 'élevé' },
  yes: 'oui',
  no: 'non',
  windowTooShort: (id, needed, run, rollback, window) =>
    `Le changement ${id} demande ${needed} min (${run} min d’exécution, ${rollback} min de retour arrière), mais sa fenêtre dure ${window} min.`,
};

const en: CabLabels = {
  title: (id, title) => `Change request ${id} — ${title}`,
  change: 'Change',
  changeTitle: 'Title',
  owner: 'Owner',
  window: 'Window',
  windowValue: (start, end, minutes) => `${start} – ${end} (${minutes} min)`,
  environment: 'Environment',
  procedure: 'Procedure',
  procedureValue: (title, version) => `${title}, version of ${version}`,
  riskLevel: 'Risk level',
  duration: 'Duration',
  durationValue: (total, rollback, window) => `${total} min, plus ${rollback} min to roll back: ${total + rollback} min of a ${window}-min window`,
  whatAndWhy: 'What changes and why',
  summary: (f) => {
    const out: string[] = [];
    if (f.action === 'disable') {
      out.push(`This change turns off instant messaging in Outlook Web App, the browser version of Outlook, for the ${f.environment} environment.`);
      out.push('Why: instant messaging is on by default in Outlook Web App; as Outlook Web App is not integrated with Skype for Business Server here, users currently see blank presence icons and an error message each time they sign in. After the change they no longer see them.');
      out.push(`The change is made on the ${f.clientAccessServers === 1 ? 'Exchange ' + f.version + ' Client Access server' : `${f.clientAccessServers} Exchange ${f.version} Client Access servers`}.`);
    } else {
      const who = f.policies === null ? 'Outlook Web App users' : f.policies === 'all' ? 'all Outlook Web App users' : `the users of the mailbox policies ${list(f.policies, 'and')}`;
      out.push(`This change turns on instant messaging and presence in Outlook Web App, the browser version of Outlook, for the ${f.environment} environment: ${who} see whether their colleagues are available and can chat with them from their mailbox in the browser, as they do in Skype for Business.`);
      out.push(
        f.version === '2010'
          ? 'Why: users no longer need to open the Skype for Business client to see presence and chat. With Exchange 2010, the unified contact store, high-resolution photos, archiving to Exchange and search of archived content remain unavailable.'
          : 'Why: users no longer need to open the Skype for Business client to see presence and chat, and their contact list is shared between Outlook Web App and Skype for Business.',
      );
      out.push(`Technically, Exchange Server ${f.version} (${f.exchangeServers} server${f.exchangeServers > 1 ? 's' : ''}) is connected to the Skype for Business Server pool ${f.pool}.`);
      out.push(
        f.placement === 'separate'
          ? `Outlook Web App is registered there as a trusted application${f.publishesTopology ? ', which publishes the Skype for Business Server topology' : ''}, because the Exchange Unified Messaging services run on separate computers.`
          : 'No trusted application pool is created: the Exchange Unified Messaging services run on one computer, which Skype for Business Server discovers by itself; registering it by hand would break the integration.',
      );
      if (f.impactServers > 0) out.push(`During the window, signed-in users are affected for a moment on ${f.impactServers === 1 ? 'one server' : `${f.impactServers} servers, one after the other`} (see Risk and user impact).`);
    }
    return out.join(' ');
  },
  affected: 'Affected systems',
  role: 'Role',
  servers: 'Servers',
  whatHappens: 'What is done there',
  changed: (n) => `configuration changed (${n} step${n > 1 ? 's' : ''})`,
  checked: (n) => `read-only checks (${n} step${n > 1 ? 's' : ''})`,
  noServer: 'the operator’s admin workstation',
  prerequisites: 'Prerequisites',
  prerequisitesIntro: 'Before the window, these checks, which change nothing, must all pass:',
  artefactsVerified: 'the scripts’ signatures and SHA-256 hashes are verified (runbook verify) and match the artefacts listed below.',
  risk: 'Risk and user impact',
  riskIntro: (level) => `Risk level: ${level}`,
  riskBecause: ', because of the steps',
  riskRule: 'The level is derived, not typed: it is the highest risk among the steps, a step after which rolling back no longer restores the previous state counting as high.',
  step: 'Step',
  runsOn: 'Runs on',
  flags: 'Nature',
  impact: 'User impact',
  riskNotes: 'Points of attention',
  holdPoint: 'hold point (owner’s go-ahead)',
  pointOfNoReturn: 'point of no return',
  changesState: 'changes configuration',
  noStateChange: 'changes no configuration',
  noImpact: 'no impact noted',
  readOnlyPhases: 'The preflight and verification checks change nothing (low risk); they are not in this table.',
  implementation: 'Implementation plan',
  implementationIntro: 'The steps run in this order, with the signed scripts or the operator’s runbook (same step numbers).',
  number: 'No.',
  minutes: 'Duration',
  min: (n) => `${n} min`,
  total: 'Total',
  durations: 'Durations',
  phaseMinutes: { preflight: 'Preflight checks', change: 'Implementation', verify: 'Verification' },
  runTotal: 'Whole run',
  rollbackTotal: 'Full rollback',
  withRollback: 'Run and rollback',
  windowLength: 'Change window',
  verdict: (needed, window, margin) =>
    margin >= 0
      ? `Run and rollback (${needed} min) fit in the ${window}-min window, with ${margin} min to spare.`
      : `Run and rollback (${needed} min) do not fit in the ${window}-min window: ${-margin} min short.`,
  backout: 'Backout plan',
  backoutIntro: (m) => `If something fails, the operator undoes the steps that ran, last first, with the rollback scripts (or by hand where the step is manual). A full rollback takes ${m} min.`,
  noBackout: 'No step changes configuration: there is nothing to undo.',
  undoes: 'Undoes step',
  how: 'How',
  script: 'rollback script',
  manual: 'by hand (manual step)',
  pointOfNoReturnAt: (n, title) => `Point of no return: once step ${n} (${title}) has run, rolling back no longer restores the previous state.`,
  noPointOfNoReturn: 'No step is a point of no return: rolling back restores the previous state at any point.',
  verification: 'Verification plan',
  verificationIntro: 'Each step is verified as soon as it has run (99-verify.ps1 for all of them); the integration is then verified as follows:',
  artefacts: 'Artefacts',
  file: 'File',
  sha256: 'SHA-256',
  signer: 'Signer',
  subject: 'Subject',
  thumbprint: 'Thumbprint',
  unsigned: 'scripts not signed',
  noArtefacts: 'No artefact is attached.',
  branches: 'Branches of the procedure',
  dimension: 'Dimension',
  choice: 'Choice',
  chosenBy: 'Chosen by',
  risks: { low: 'low', medium: 'medium', high: 'high' },
  yes: 'yes',
  no: 'no',
  windowTooShort: (id, needed, run, rollback, window) =>
    `Change ${id} needs ${needed} min (${run} min to run, ${rollback} min to roll back) but its window is ${window} min.`,
};

export const CAB_LABELS: Record<Lang, CabLabels> = { fr, en };
