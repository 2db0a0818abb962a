/** Every word of the decision diagram, in each language. Step ids and profile keys are not translated. */
import type { Dimension, Lang } from '../../model/types.js';

export interface DiagramLabels {
  /** Accessible and visible title. */
  title: string;
  /** What the diagram shows, for the accessible description. */
  description: string;
  /** The question each dimension asks. */
  questions: Record<Dimension, string>;
  /** Each value as an answer. */
  answers: Record<Dimension, Record<string, string>>;
  /** Under a question: the profile key that answers it. */
  profileKey: string;
  always: string;
  end: string;
  noStep: string;
  legendAdds: string;
  legendVariants: string;
  legendPath: string;
  /** "Highlighted path: a → b → c." */
  path: (answers: readonly string[]) => string;
  noPath: string;
}

const fr: DiagramLabels = {
  title: 'Quelles questions décident des étapes',
  description:
    'Arbre de décision de la procédure : chaque question posée au profil, ses réponses possibles et, pour chaque réponse, les étapes qu’elle ajoute au runbook (+) ou dont elle adapte les commandes (~). Un runbook contient les étapes de « Tout runbook » et celles de chaque réponse de son chemin.',
  questions: {
    'im.action': 'Messagerie instantanée dans Outlook Web App : activer ou désactiver ?',
    'exchange.version': 'Quelle version d’Exchange Server ?',
    'um.placement': 'Routeur d’appels et service de messagerie unifiée : sur quel ordinateur ?',
    'im.policyScope': 'Quelles stratégies de boîte aux lettres Outlook Web App ?',
  },
  answers: {
    'im.action': { enable: 'Activer', disable: 'Désactiver' },
    'exchange.version': { '2016': 'Exchange 2016', '2013': 'Exchange 2013', '2010': 'Exchange 2010' },
    'um.placement': { colocated: 'Le même ordinateur', separate: 'Des ordinateurs distincts' },
    'im.policyScope': { all: 'Toutes les stratégies', named: 'Des stratégies nommées' },
  },
  profileKey: 'profil :',
  always: 'Tout runbook',
  end: 'Runbook : les étapes réunies le long du chemin',
  noStep: 'aucune autre étape',
  legendAdds: '+ étape ajoutée par cette réponse',
  legendVariants: '~ même étape, commandes adaptées à cette réponse',
  legendPath: 'chemin suivi par ce profil',
  path: (answers) => `Chemin surligné : ${answers.join(' → ')}.`,
  noPath: 'Aucun chemin n’est surligné.',
};

const en: DiagramLabels = {
  title: 'Which questions decide which steps',
  description:
    'Decision tree of the procedure: each question asked of the profile, its possible answers and, for each answer, the steps it adds to the runbook (+) or whose commands it adapts (~). A runbook holds the steps of “Every runbook” and those of each answer on its path.',
  questions: {
    'im.action': 'Instant messaging in Outlook Web App: enable or disable?',
    'exchange.version': 'Which Exchange Server version?',
    'um.placement': 'UM call router and UM service: on which computer?',
    'im.policyScope': 'Which Outlook Web App mailbox policies?',
  },
  answers: {
    'im.action': { enable: 'Enable', disable: 'Disable' },
    'exchange.version': { '2016': 'Exchange 2016', '2013': 'Exchange 2013', '2010': 'Exchange 2010' },
    'um.placement': { colocated: 'The same computer', separate: 'Separate computers' },
    'im.policyScope': { all: 'All policies', named: 'Named policies' },
  },
  profileKey: 'profile:',
  always: 'Every runbook',
  end: 'Runbook: the steps gathered along the path',
  noStep: 'no other step',
  legendAdds: '+ step added by this answer',
  legendVariants: '~ same step, commands adapted to this answer',
  legendPath: 'path taken by this profile',
  path: (answers) => `Highlighted path: ${answers.join(' → ')}.`,
  noPath: 'No path is highlighted.',
};

export const DIAGRAM_LABELS: Record<Lang, DiagramLabels> = { fr, en };

/** The profile key that chooses each dimension (see load/profile.ts). Locked: never translated. */
export const PROFILE_KEYS: Record<Dimension, string> = {
  'exchange.version': 'exchange.version',
  'um.placement': 'um.placement',
  'im.action': 'im.action',
  'im.policyScope': 'im.mailboxPolicies',
};
