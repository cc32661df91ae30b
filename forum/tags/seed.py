"""The starting tag vocabulary: (slug, name)."""

TAGS = [
    ("eau-potable", "eau potable"), ("irrigation", "irrigation"), ("assainissement", "assainissement"),
    ("forage", "forage"), ("energie-solaire", "énergie solaire"), ("electrification", "électrification"),
    ("pistes-rurales", "pistes rurales"), ("ecoles", "écoles"), ("formation", "formation"),
    ("sante-maternelle", "santé maternelle"), ("cooperatives", "coopératives"), ("argan", "argan"),
    ("safran", "safran"), ("tourisme-rural", "tourisme rural"), ("dechets", "déchets"),
    ("reboisement", "reboisement"), ("budget-communal", "budget communal"),
    ("marches-publics", "marchés publics"), ("pcd", "PCD"), ("etude-de-faisabilite", "étude de faisabilité"),
    ("subventions", "subventions"), ("indh", "INDH"), ("cooperation-decentralisee", "coopération décentralisée"),
    ("numerique", "numérique"), ("jeunesse", "jeunesse"), ("femmes", "femmes"), ("khettara", "khettara"),
    ("elevage", "élevage"), ("patrimoine", "patrimoine"), ("transport-scolaire", "transport scolaire"),
]
