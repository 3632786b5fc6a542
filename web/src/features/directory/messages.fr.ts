// The directory: bulk import of agents from a file (CSV, ODS) and the LDAP sync.
// French, the reference language (messages.en.ts has the same keys, the type checks it).
export const fr = {
  directoryImport: {
    tab: 'Import',
    title: 'Importer des agents depuis un fichier',
    intro:
      'Un fichier CSV ou ODS (LibreOffice Calc), une ligne d’en-tête puis un agent par ligne, {{max}} lignes au plus. Colonnes, en français ou en anglais, dans n’importe quel ordre : courriel, prenom, nom et pole (obligatoires), unite (code ou nom), site, roles (agent, encadrant, séparés par |), telephone, mobile, matricule.',
    rules:
      'Un agent déjà présent est retrouvé par son matricule, sinon par son courriel, et mis à jour ; une colonne absente laisse le champ tel quel. L’import donne les rôles agent et encadrant ; les autres rôles se donnent un par un dans l’onglet Agents.',
    file: 'Fichier à importer',
    fileHint: 'CSV (séparateur « ; » ou « , », UTF-8 ou Windows-1252) ou ODS.',
    check: 'Vérifier',
    tooBig: 'Le fichier dépasse {{max}} Mio : découpez-le en plusieurs fichiers.',
    sending: 'Envoi du fichier…',
    progress: 'Envoi : {{percent}} %',
    checking: 'Vérification des lignes…',
    applying: 'Import en cours…',
    working: 'Traitement par le serveur',
    report: {
      title: 'Rapport de vérification : {{name}}',
      ok: 'Toutes les lignes sont correctes. Rien n’a encore été importé.',
      refused_one: '{{count}} ligne refusée : corrigez le fichier puis vérifiez-le de nouveau. Rien n’a été importé.',
      refused_other: '{{count}} lignes refusées : corrigez le fichier puis vérifiez-le de nouveau. Rien n’a été importé.',
      records: 'Lignes d’agents',
      created: 'À créer',
      updated: 'À modifier',
      unchanged: 'Inchangés',
      caption: 'Lignes refusées, dans l’ordre du fichier',
      line: 'Ligne',
      field: 'Colonne',
      reason: 'Motif',
      wholeFile: 'fichier entier',
      showAll_one: 'Afficher le refus restant',
      showAll_other: 'Afficher les {{count}} refus',
      apply: 'Importer',
      applyHint: 'Le fichier est envoyé de nouveau et importé en entier, ou pas du tout.',
    },
    applied: 'Import terminé.',
    done: { created: 'Créés', updated: 'Modifiés', unchanged: 'Inchangés' },
    refusedOnApply: 'Import refusé, rien n’a été importé : le fichier ou l’annuaire a changé depuis la vérification. Vérifiez-le de nouveau.',
    seeAgents: 'Voir les agents',
  },
};
