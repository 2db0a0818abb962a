/**
 * Every word of the training edition, in each language, including conditions in words
 * ("applies when enabling instant messaging in OWA, on Exchange 2013 or Exchange 2016").
 * Text between backticks is rendered as inline code and is the same in every language.
 */
import { DIMENSIONS, type CodeRole, type Condition, type Dimension, type Lang, type Phase, type Scope } from '../../model/types.js';

export interface TrainingLabels {
  title: (procedure: string) => string;
  contentVersion: string;
  questionsFile: string;
  source: string;
  howToRead: string;
  introduction: string;
  decisions: string;
  decisionsIntro: (questions: readonly string[]) => string;
  diagramAlt: string;
  chosenBy: (key: string) => string;
  /** Each dimension as a heading. */
  dimensions: Record<Dimension, string>;
  /** Each value as a heading. */
  values: Record<Dimension, Record<string, string>>;
  /** When a value applies, in the world: how to tell. */
  appliesWhen: Record<Dimension, Record<string, string>>;
  when: string;
  why: string;
  noWhy: string;
  dependingSteps: string;
  noDependingStep: string;
  adaptedCommands: string;
  paths: string;
  pathsIntro: (groups: number, combinations: number) => string;
  path: (letter: string, description: string) => string;
  matrixStep: string;
  inPath: string;
  pathCombinations: (n: number, total: number) => string;
  pathSteps: (n: number) => string;
  everyBranch: string;
  steps: string;
  stepsIntro: string;
  appearsIn: (letters: readonly string[]) => string;
  phases: Record<Phase, string>;
  scopes: Record<Scope, (role: string) => string>;
  minutes: (n: number) => string;
  changesState: string;
  readOnly: string;
  holdPoint: string;
  pointOfNoReturn: string;
  risk: (level: string) => string;
  codeRoles: Partial<Record<CodeRole, string>>;
  questions: string;
  questionsIntro: string;
  answers: string;
  about: string;
  seeSteps: string;
  noQuestions: string;
  /** A condition as a sentence ("Applies when …") and as a qualifier for a callout ("when …"). */
  applies: (condition: Condition) => string;
  qualifier: (condition: Condition) => string;
  /** Each value in a path's description. */
  short: Record<Dimension, Record<string, string>>;
  /** A group's description from its terms. */
  describe: (terms: readonly Condition[]) => string;
}

type Clause = (values: readonly string[]) => string;

const or = (values: readonly string[], word: string) => (values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} ${word} ${values[values.length - 1]}`);

/** Clauses in decision order: the question that matters most comes first. */
const CLAUSE_ORDER: Dimension[] = ['im.action', 'exchange.version', 'um.placement', 'im.policyScope'];

function clauses(condition: Condition, words: Record<Dimension, Clause>): string[] {
  return CLAUSE_ORDER.flatMap((d) => {
    const values = condition[d] as readonly string[] | undefined;
    return values && values.length !== DIMENSIONS[d].length ? [words[d](values)] : [];
  });
}

const frClauses: Record<Dimension, Clause> = {
  'im.action': (v) => (v[0] === 'enable' ? 'lors de l’activation de la messagerie instantanée dans OWA' : 'lors de la désactivation de la messagerie instantanée dans OWA'),
  'exchange.version': (v) => `sur ${or(v.map((x) => `Exchange ${x}`), 'ou')}`,
  'um.placement': (v) => (v[0] === 'colocated' ? 'avec le routeur d’appels et le service de messagerie unifiée sur le même ordinateur' : 'avec le routeur d’appels et le service de messagerie unifiée sur des ordinateurs distincts'),
  'im.policyScope': (v) => (v[0] === 'all' ? 'pour toutes les stratégies de boîte aux lettres OWA' : 'pour des stratégies de boîte aux lettres OWA nommées'),
};

const enClauses: Record<Dimension, Clause> = {
  'im.action': (v) => (v[0] === 'enable' ? 'when enabling instant messaging in OWA' : 'when disabling instant messaging in OWA'),
  'exchange.version': (v) => `on ${or(v.map((x) => `Exchange ${x}`), 'or')}`,
  'um.placement': (v) => (v[0] === 'colocated' ? 'with the UM call router and UM service on one computer' : 'with the UM call router and UM service on separate computers'),
  'im.policyScope': (v) => (v[0] === 'all' ? 'for all OWA mailbox policies' : 'for named OWA mailbox policies'),
};

const fr: TrainingLabels = {
  title: (p) => `Formation — ${p}`,
  contentVersion: 'Version du contenu',
  questionsFile: 'Questions de révision',
  source: 'Source',
  howToRead:
    'Cette édition de formation présente toute la procédure : chaque branche côte à côte, quand elle s’applique et pourquoi, chaque étape avec sa condition, tout le dépannage, puis des questions de révision avec leurs réponses. Un runbook d’opérateur ne contient que les étapes de son environnement ; les valeurs du profil y remplacent les paramètres notés ici entre doubles accolades, comme `{{owa.port}}`.',
  introduction: 'Introduction',
  decisions: 'Les questions qui décident des étapes',
  decisionsIntro: (q) => `Quatre questions, posées au profil de l’environnement, décident des étapes d’un runbook. Dans l’ordre : ${q.join(' ; ')}.`,
  diagramAlt: 'Diagramme de décision : quelles questions décident des étapes',
  chosenBy: (key) => `Réponse donnée par \`${key}\` dans le profil.`,
  dimensions: {
    'im.action': 'Activer ou désactiver la messagerie instantanée dans OWA',
    'exchange.version': 'Version d’Exchange Server',
    'um.placement': 'Emplacement des services de messagerie unifiée',
    'im.policyScope': 'Stratégies de boîte aux lettres OWA',
  },
  values: {
    'im.action': { enable: 'Activer', disable: 'Désactiver' },
    'exchange.version': { '2016': 'Exchange 2016', '2013': 'Exchange 2013', '2010': 'Exchange 2010' },
    'um.placement': { colocated: 'Sur le même ordinateur', separate: 'Sur des ordinateurs distincts' },
    'im.policyScope': { all: 'Toutes les stratégies', named: 'Des stratégies nommées' },
  },
  appliesWhen: {
    'im.action': {
      enable: 'Vous intégrez Outlook Web App à Skype Entreprise Server : les utilisateurs obtiennent la messagerie instantanée et la présence dans Outlook Web App.',
      disable:
        'Outlook Web App n’est pas intégré à Skype Entreprise Server : la messagerie instantanée, activée par défaut, est désactivée pour que les utilisateurs ne voient plus d’icônes de présence vides ni de message d’erreur.',
    },
    'exchange.version': {
      '2016': 'Les serveurs Exchange exécutent Exchange Server 2016 : `Get-ExchangeServer` affiche AdminDisplayVersion Version 15.1.',
      '2013': 'Les serveurs Exchange exécutent Exchange Server 2013 (Version 15.0) : c’est la procédure de l’article.',
      '2010': 'Les serveurs Exchange exécutent Exchange Server 2010 SP1 ou ultérieur (Version 14.x).',
    },
    'um.placement': {
      colocated: 'Le service de routage d’appels vers la messagerie unifiée et le service de messagerie unifiée d’Exchange s’exécutent sur le même ordinateur, qui héberge un plan de numérotation de messagerie unifiée SipName.',
      separate: 'Ces deux services de messagerie unifiée d’Exchange s’exécutent sur des ordinateurs distincts.',
    },
    'im.policyScope': {
      all: '`im.mailboxPolicies: all` : la messagerie instantanée est activée sur toutes les stratégies de boîte aux lettres Outlook Web App.',
      named: '`im.mailboxPolicies` donne une liste de noms : la messagerie instantanée n’est activée que sur ces stratégies.',
    },
  },
  when: 'Quand',
  why: 'Pourquoi',
  noWhy: 'Le contenu ne donne pas d’explication propre à cette réponse : voir les étapes ci-dessous.',
  dependingSteps: 'Étapes qui dépendent de cette réponse',
  noDependingStep: 'aucune étape ne dépend de cette seule réponse',
  adaptedCommands: 'Étapes dont les commandes sont adaptées à cette réponse',
  paths: 'Les chemins côte à côte',
  pathsIntro: (g, c) =>
    `Les ${c} combinaisons de réponses (une valeur par question) se regroupent en ${g} chemins : deux combinaisons sont sur le même chemin lorsqu’elles donnent exactement les mêmes étapes. Le tableau montre quelles étapes chaque chemin contient ; chaque chemin est ensuite détaillé.`,
  path: (letter, d) => `Chemin ${letter} — ${d}`,
  matrixStep: 'Étape',
  inPath: 'oui',
  pathCombinations: (n, t) => `${n} combinaison${n > 1 ? 's' : ''} sur ${t}.`,
  pathSteps: (n) => `${n} étape${n > 1 ? 's' : ''}, dans l’ordre d’exécution :`,
  everyBranch: 'toutes les branches',
  steps: 'Les étapes',
  stepsIntro: 'Chaque étape une fois, avec la condition sous laquelle elle s’applique, ses explications et ses commandes (les paramètres entre doubles accolades prennent les valeurs du profil ; le contrôle « déjà fait ? » de chaque étape figure dans les runbooks et les scripts).',
  appearsIn: (l) => `Chemins : ${l.join(', ')}.`,
  phases: { preflight: 'vérification préalable', change: 'mise en œuvre', verify: 'vérification' },
  scopes: { once: (role) => `une fois, sur un ${role}`, each: (role) => `sur chaque ${role}` },
  minutes: (n) => `${n} min`,
  changesState: 'modifie la configuration',
  readOnly: 'ne modifie pas la configuration',
  holdPoint: 'point d’arrêt',
  pointOfNoReturn: 'point de non-retour',
  risk: (level) => `risque ${level}`,
  codeRoles: { apply: 'Commande', verify: 'Vérification (renvoie True)', expected: 'Résultat attendu', rollback: 'Retour arrière', show: 'À consulter' },
  questions: 'Questions de révision',
  questionsIntro: 'Répondez sans regarder ; les réponses suivent.',
  answers: 'Réponses',
  about: 'Concerne :',
  seeSteps: 'Voir les étapes :',
  noQuestions: 'Aucune question de révision n’est fournie avec ce contenu.',
  applies: (c) => {
    const parts = clauses(c, frClauses);
    return parts.length ? `S’applique ${parts.join(', ')}.` : 'S’applique à toutes les branches.';
  },
  qualifier: (c) => clauses(c, frClauses).join(', '),
  short: {
    'im.action': { enable: 'activer la messagerie instantanée', disable: 'désactiver la messagerie instantanée' },
    'exchange.version': { '2016': 'Exchange 2016', '2013': 'Exchange 2013', '2010': 'Exchange 2010' },
    'um.placement': { colocated: 'messagerie unifiée sur un seul ordinateur', separate: 'messagerie unifiée sur des ordinateurs distincts' },
    'im.policyScope': { all: 'toutes les stratégies', named: 'stratégies nommées' },
  },
  describe: (terms) =>
    terms
      .map((t) => {
        const parts = CLAUSE_ORDER.flatMap((d) => (t[d] ? [(t[d] as readonly string[]).map((v) => fr.short[d][v] ?? v).join(' ou ')] : []));
        return parts.length ? parts.join(' · ') : fr.everyBranch;
      })
      .join(' ; '),
};

const en: TrainingLabels = {
  title: (p) => `Training — ${p}`,
  contentVersion: 'Content version',
  questionsFile: 'Review questions',
  source: 'Source',
  howToRead:
    'This training edition presents the whole procedure: every branch side by side, when it applies and why, every step with its condition, all the troubleshooting material, then review questions with their answers. An operator’s runbook holds only the steps of its environment, with the profile’s values in place of the parameters written here in double braces, such as `{{owa.port}}`.',
  introduction: 'Introduction',
  decisions: 'The questions that decide the steps',
  decisionsIntro: (q) => `Four questions, answered by the environment’s profile, decide which steps a runbook holds. In order: ${q.join('; ')}.`,
  diagramAlt: 'Decision diagram: which questions decide which steps',
  chosenBy: (key) => `Answered by \`${key}\` in the profile.`,
  dimensions: {
    'im.action': 'Enable or disable instant messaging in OWA',
    'exchange.version': 'Exchange Server version',
    'um.placement': 'Where the Unified Messaging services run',
    'im.policyScope': 'OWA mailbox policies',
  },
  values: {
    'im.action': { enable: 'Enable', disable: 'Disable' },
    'exchange.version': { '2016': 'Exchange 2016', '2013': 'Exchange 2013', '2010': 'Exchange 2010' },
    'um.placement': { colocated: 'On the same computer', separate: 'On separate computers' },
    'im.policyScope': { all: 'All policies', named: 'Named policies' },
  },
  appliesWhen: {
    'im.action': {
      enable: 'You integrate Outlook Web App with Skype for Business Server: users get instant messaging and presence in Outlook Web App.',
      disable:
        'Outlook Web App is not integrated with Skype for Business Server: instant messaging, on by default, is turned off so that users no longer see blank presence icons or an error message.',
    },
    'exchange.version': {
      '2016': 'The Exchange servers run Exchange Server 2016: `Get-ExchangeServer` shows AdminDisplayVersion Version 15.1.',
      '2013': 'The Exchange servers run Exchange Server 2013 (Version 15.0): this is the article’s own procedure.',
      '2010': 'The Exchange servers run Exchange Server 2010 SP1 or later (Version 14.x).',
    },
    'um.placement': {
      colocated: 'The Exchange Unified Messaging Call Router service and Unified Messaging service run on the same computer, which hosts a SipName UM dial plan.',
      separate: 'These two Exchange Unified Messaging services run on separate computers.',
    },
    'im.policyScope': {
      all: '`im.mailboxPolicies: all`: instant messaging is enabled on every Outlook Web App mailbox policy.',
      named: '`im.mailboxPolicies` gives a list of names: instant messaging is enabled on those policies only.',
    },
  },
  when: 'When',
  why: 'Why',
  noWhy: 'The content gives no explanation specific to this answer: see the steps below.',
  dependingSteps: 'Steps that depend on this answer',
  noDependingStep: 'no step depends on this answer alone',
  adaptedCommands: 'Steps whose commands are adapted to this answer',
  paths: 'The paths side by side',
  pathsIntro: (g, c) =>
    `The ${c} combinations of answers (one value per question) fall into ${g} paths: two combinations are on the same path when they give exactly the same steps. The table shows which steps each path holds; each path is then detailed.`,
  path: (letter, d) => `Path ${letter} — ${d}`,
  matrixStep: 'Step',
  inPath: 'yes',
  pathCombinations: (n, t) => `${n} combination${n > 1 ? 's' : ''} of ${t}.`,
  pathSteps: (n) => `${n} step${n > 1 ? 's' : ''}, in run order:`,
  everyBranch: 'every branch',
  steps: 'The steps',
  stepsIntro: 'Every step once, with the condition under which it applies, its explanations and its commands (the parameters in double braces take the profile’s values; each step’s “already done?” check is in the runbooks and the scripts).',
  appearsIn: (l) => `Paths: ${l.join(', ')}.`,
  phases: { preflight: 'preflight check', change: 'implementation', verify: 'verification' },
  scopes: { once: (role) => `once, on one ${role}`, each: (role) => `on every ${role}` },
  minutes: (n) => `${n} min`,
  changesState: 'changes configuration',
  readOnly: 'changes no configuration',
  holdPoint: 'hold point',
  pointOfNoReturn: 'point of no return',
  risk: (level) => `${level} risk`,
  codeRoles: { apply: 'Command', verify: 'Verification (returns True)', expected: 'Expected output', rollback: 'Rollback', show: 'For reference' },
  questions: 'Review questions',
  questionsIntro: 'Answer without looking; the answers follow.',
  answers: 'Answers',
  about: 'About:',
  seeSteps: 'See the steps:',
  noQuestions: 'No review question comes with this content.',
  applies: (c) => {
    const parts = clauses(c, enClauses);
    return parts.length ? `Applies ${parts.join(', ')}.` : 'Applies to every branch.';
  },
  qualifier: (c) => clauses(c, enClauses).join(', '),
  short: {
    'im.action': { enable: 'enable instant messaging', disable: 'disable instant messaging' },
    'exchange.version': { '2016': 'Exchange 2016', '2013': 'Exchange 2013', '2010': 'Exchange 2010' },
    'um.placement': { colocated: 'UM services on one computer', separate: 'UM services on separate computers' },
    'im.policyScope': { all: 'all policies', named: 'named policies' },
  },
  describe: (terms) =>
    terms
      .map((t) => {
        const parts = CLAUSE_ORDER.flatMap((d) => (t[d] ? [(t[d] as readonly string[]).map((v) => en.short[d][v] ?? v).join(' or ')] : []));
        return parts.length ? parts.join(' · ') : en.everyBranch;
      })
      .join('; '),
};

export const TRAINING_LABELS: Record<Lang, TrainingLabels> = { fr, en };
