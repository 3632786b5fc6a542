// The field's words and abbreviations: each group holds forms that mean the same thing
// for a social worker. Stemming alone joins "allocations" and "allocation", not "RSA"
// and "revenu de solidarité active", nor "marié" and "mariage". A guide may replace this
// list with its own (editable); this is the default.
export const defaultSynonyms: string[][] = [
  ['RSA', 'revenu de solidarité active'],
  ['APA', 'allocation personnalisée d’autonomie'],
  ['AME', 'aide médicale de l’État'],
  ['ASE', 'aide sociale à l’enfance'],
  ['PACS', 'pacte civil de solidarité', 'pacsé', 'pacsés'],
  ['PMI', 'protection maternelle et infantile'],
  ['AAH', 'allocation aux adultes handicapés'],
  ['MDPH', 'maison départementale des personnes handicapées'],
  ['PCH', 'prestation de compensation du handicap'],
  ['CCAS', 'centre communal d’action sociale'],
  ['CIAS', 'centre intercommunal d’action sociale'],
  ['CAF', 'caisse d’allocations familiales'],
  ['EHPAD', 'établissement d’hébergement pour personnes âgées dépendantes'],
  ['CHRS', 'centre d’hébergement et de réinsertion sociale'],
  ['SDF', 'sans domicile stable', 'sans domicile fixe', 'domiciliation'],
  ['marié', 'mariée', 'mariés', 'mariage', 'époux', 'épouse'],
  ['divorcé', 'divorcée', 'divorce'],
  ['enfant', 'mineur'],
  ['parents', 'père et mère'],
  ['âge', 'ans'],
  ['dépendance', 'dépendant', 'dépendante', 'perte d’autonomie', 'manque d’autonomie'],
  ['assistant familial', 'assistante familiale', 'famille d’accueil'],
  ['handicapé', 'handicap', 'personnes handicapées'],
  ['personne âgée', 'personnes âgées', 'vieillesse'],
  ['concubin', 'concubinage', 'union libre'],
  ['violence conjugale', 'violences conjugales', 'violences au sein du couple'],
  ['tutelle', 'tuteur'],
  ['adoption', 'adopté', 'adopter', 'adoptive'],
];
