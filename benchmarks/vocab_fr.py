"""Vocabulary and sentence templates for benchmarks/generate.py: a Moroccan rural-development
forum in French (communes, migrant experts, cooperatives). Plain data, no logic.

Slots in templates: {topic} (a noun phrase of the thread's board, with its article),
{topic2} (another one), {commune}, {province}, {partner}, {actor}, {amount}, {pct},
{number}, {year}, {duration}, {skill}, {product}, {city}, {month}, {douar}.
"""

COMMUNES = [
    "Tafraout", "Taliouine", "Aït Baha", "Tissint", "Igherm", "Tamegroute", "Tighmi", "Tata", "Akka",
    "Foum Zguid", "Zagora", "Agdz", "M'Hamid El Ghizlane", "Skoura", "Kelaat M'Gouna", "Boumalne Dadès",
    "Tinghir", "Alnif", "Imilchil", "Midelt", "Rich", "Goulmima", "Errachidia", "Erfoud", "Rissani",
    "Figuig", "Bouarfa", "Tiznit", "Mirleft", "Sidi Ifni", "Guelmim", "Assa", "Tan-Tan", "Taroudant",
    "Oulad Teima", "Amizmiz", "Asni", "Tahannaout", "Aït Ourir", "Imlil", "Ouirgane", "Azilal",
    "Demnate", "Ouzoud", "Bin El Ouidane", "Chefchaouen", "Bab Taza", "Ouezzane", "Ketama", "Targuist",
    "Tahla", "Aknoul", "Tafrant", "Ifrane", "Azrou", "Timahdite", "Boulemane", "Outat El Haj",
    "Missour", "Debdou", "Tendrara", "Aïn Leuh", "Khénifra", "Aguelmous", "Tounfite", "Anergui",
    "Ida Ou Tanane", "Imouzzer", "Tamanar", "Smimou", "Had Dra", "Ounagha", "Tamri", "Aourir",
]

PROVINCES = [
    "Tiznit", "Taroudant", "Chtouka Aït Baha", "Tata", "Zagora", "Ouarzazate", "Tinghir", "Errachidia",
    "Midelt", "Figuig", "Guelmim", "Al Haouz", "Azilal", "Chefchaouen", "Ouezzane", "Taza", "Ifrane",
    "Boulemane", "Khénifra", "Essaouira", "Agadir Ida Ou Tanane", "Sidi Ifni",
]

DOUARS = [
    "Imi n'Tala", "Tizi n'Test", "Aït Ali", "Ighil", "Tagadirt", "Tamazirt", "Anzi", "Agouni",
    "Aït Hamza", "Tizgui", "Igoudar", "Ait Mansour", "Tazka", "Aguerd", "Timguilcht", "Amsouzart",
    "Tagmout", "Assaka", "Tinfat", "Ait Bouguemmez", "Azaghar", "Tamgout", "Ifrane n'Ait", "Ouaoufenned",
]

FRENCH_CITIES = [
    "Lyon", "Paris", "Marseille", "Montpellier", "Toulouse", "Bordeaux", "Lille", "Nantes", "Rennes",
    "Grenoble", "Saint-Étienne", "Strasbourg", "Créteil", "Nice", "Orléans", "Clermont-Ferrand",
    "Dijon", "Metz", "Rouen", "Avignon",
]

PARTNERS = [
    "l'INDH", "l'Agence du Bassin Hydraulique", "l'ONEE", "le Conseil régional", "le Conseil provincial",
    "l'Agence de Développement Social", "la coopération décentralisée", "l'Agence Française de Développement",
    "le Fonds de Développement Rural", "le ministère de l'Intérieur", "la DGCT", "l'Union européenne",
    "la région Souss-Massa", "la région Drâa-Tafilalet", "une commune jumelle en France",
    "une fondation privée", "le programme de réduction des disparités territoriales", "l'ORMVA",
    "le Crédit Agricole du Maroc", "l'Entraide Nationale", "l'ANDZOA", "le PNUD", "la GIZ",
    "l'Agence Nationale des Eaux et Forêts", "le Plan Maroc Vert", "Génération Green",
]

ACTORS = [
    "l'association des parents d'élèves", "l'association d'usagers de l'eau", "la coopérative féminine",
    "le GIE des producteurs", "le caïdat", "le service technique de la commune", "le président du conseil",
    "le directeur de l'école", "l'infirmier du centre de santé", "le bureau d'études", "l'entreprise",
    "l'ingénieur de la province", "les élus", "les jeunes du douar", "l'association Tiwizi",
    "la délégation provinciale de la santé", "la direction provinciale de l'agriculture",
    "le receveur communal", "le secrétaire général de la commune", "l'animatrice du forum",
    "l'association des migrants", "la maison des jeunes", "l'agent de développement",
]

SKILLS = [
    "hydraulique rurale", "génie civil", "finances publiques", "comptabilité des coopératives",
    "énergie solaire", "agronomie", "irrigation localisée", "santé publique", "pédagogie",
    "marketing territorial", "montage de dossiers de financement", "systèmes d'information géographique",
    "traitement de l'eau", "gestion des déchets", "urbanisme", "tourisme rural", "audit",
    "marchés publics", "formation d'adultes", "architecture en terre", "électricité", "topographie",
    "droit des associations", "communication", "numérique", "élevage caprin", "apiculture",
]

PRODUCTS = [
    "argan", "safran", "amlou", "miel", "dattes", "couscous", "tapis", "poterie", "huile d'olive",
    "figues de Barbarie", "amandes", "plantes aromatiques", "henné", "rose de Kelaat M'Gouna",
    "fromage de chèvre", "caroube", "cumin", "thym", "savon artisanal", "vannerie",
]

MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre",
]

DURATIONS = [
    "deux ans", "six mois", "plusieurs années", "l'été dernier", "le début du mandat", "trois semaines",
    "la dernière crue", "la sécheresse de l'an dernier", "des années", "le mois de ramadan",
    "la rentrée scolaire", "la fin des travaux", "quatre mois", "l'hiver dernier",
]

# Noun phrases per board (slugs of forum/boards/seed.py), with their article.
TOPICS = {
    "eau-assainissement": [
        "le forage du douar", "le château d'eau", "la station de traitement", "le réseau d'eau potable",
        "les bornes-fontaines", "l'assainissement liquide", "les fosses septiques", "la station d'épuration",
        "les branchements individuels", "la pompe solaire", "le puits collectif", "la citerne communale",
        "la qualité de l'eau", "la chloration", "les compteurs individuels", "le réservoir", "les fuites du réseau",
        "la tarification de l'eau", "la gestion déléguée", "l'association d'usagers", "les eaux usées",
        "le lagunage", "l'adduction d'eau potable", "les coupures d'eau en été", "le camion-citerne",
        "la nappe phréatique", "le débit du forage", "l'analyse bactériologique",
    ],
    "routes-infrastructures": [
        "la piste rurale", "le pont sur l'oued", "le radier", "l'électrification des douars",
        "l'éclairage public", "le goudronnage de la route", "les ouvrages d'art", "l'entretien des pistes",
        "le désenclavement", "les lampadaires solaires", "le bitumage", "les fossés", "le mur de soutènement",
        "la signalisation", "le transport rural", "les engins de la commune", "la niveleuse",
        "le tracé de la piste", "les dalots", "les éboulements", "la route provinciale", "le marché hebdomadaire",
    ],
    "education-formation": [
        "l'école du douar", "le transport scolaire", "le préscolaire", "l'internat", "la cantine scolaire",
        "l'alphabétisation des adultes", "la formation professionnelle", "le décrochage scolaire",
        "les classes multiniveaux", "le logement des enseignants", "la bibliothèque", "le soutien scolaire",
        "l'école communautaire", "les fournitures scolaires", "le bus scolaire", "la scolarisation des filles",
        "la dar talib", "la dar taliba", "les toilettes de l'école", "le chauffage des classes",
    ],
    "sante": [
        "le centre de santé", "la santé maternelle", "l'ambulance communale", "la maison d'attente",
        "les campagnes de vaccination", "le dispensaire", "la sage-femme", "les consultations mobiles",
        "les médicaments", "l'évacuation sanitaire", "la caravane médicale", "le diabète",
        "les accouchements à domicile", "la télémédecine", "le dépistage", "la malnutrition",
        "l'infirmier itinérant", "la prévention des maladies hydriques", "le carnet de santé",
    ],
    "agriculture-elevage-irrigation": [
        "la khettara", "l'irrigation goutte-à-goutte", "les seguias", "le bassin de stockage",
        "l'élevage caprin", "les parcours", "la filière safran", "les palmiers dattiers", "le bayoud",
        "l'arboriculture", "les semences", "la recharge de la nappe", "les petits barrages",
        "l'apiculture", "les pertes après récolte", "le fourrage", "la vaccination du cheptel",
        "le tour d'eau", "la salinité des sols", "les terrasses", "l'oasis", "les amandiers",
    ],
    "tourisme-artisanat-cooperatives": [
        "la coopérative d'argan", "le gîte rural", "le tourisme solidaire", "les circuits de randonnée",
        "la commercialisation des produits", "le label du terroir", "la vente en ligne", "les tapis",
        "la poterie", "le moussem", "les guides de montagne", "la maison d'hôtes", "l'emballage",
        "la certification bio", "le salon de l'agriculture", "la comptabilité de la coopérative",
        "l'ONSSA", "les prix de vente", "les intermédiaires", "la foire régionale",
    ],
    "environnement-ressources": [
        "la décharge sauvage", "la collecte des déchets", "le reboisement", "la désertification",
        "l'ensablement", "les énergies renouvelables", "le tri des déchets", "le compostage",
        "les sacs plastiques", "la protection des oasis", "les inondations", "la biodiversité",
        "les pépinières", "la lutte contre l'érosion", "les panneaux solaires", "la gestion des forêts",
        "le changement climatique", "les sécheresses", "le bois de chauffe", "les fours améliorés",
    ],
    "jeunesse-sport-culture": [
        "la maison des jeunes", "le terrain de sport", "le festival", "le patrimoine", "la kasbah",
        "les greniers collectifs", "le centre culturel", "l'ahwach", "les tournois de football",
        "la bibliothèque de quartier", "les activités d'été", "les colonies de vacances", "le théâtre",
        "les ksour", "la musique amazighe", "les jeunes diplômés", "l'auto-emploi", "le club de lecture",
    ],
    "femmes-genre": [
        "les activités génératrices de revenus", "la coopérative féminine", "le budget sensible au genre",
        "la participation des femmes", "l'instance de l'égalité", "le microcrédit", "l'alphabétisation des femmes",
        "la garde des enfants", "la représentation des femmes au conseil", "le leadership féminin",
        "les violences", "l'accès à la terre", "l'autonomisation économique", "la commission de la parité",
    ],
    "gouvernance-finances": [
        "le budget communal", "la fiscalité locale", "les marchés publics", "la participation citoyenne",
        "le suivi du PCD", "le programme d'action de la commune", "les recettes propres", "la taxe d'habitation",
        "le compte administratif", "la trésorerie", "les arriérés", "l'intercommunalité", "le groupement de communes",
        "la comptabilité publique", "le contrôle de la Cour régionale des comptes", "le bon de commande",
        "l'appel d'offres", "le cahier des prescriptions spéciales", "les pétitions", "la transparence",
        "le système d'information communal", "l'état des restes à recouvrer",
    ],
    "etudes-faisabilite": [
        "l'étude de faisabilité", "les termes de référence", "l'étude d'impact", "le diagnostic participatif",
        "l'avant-projet sommaire", "l'étude géotechnique", "l'étude hydrogéologique", "le bureau d'études",
        "l'analyse coûts-bénéfices", "le relevé topographique", "le cahier des charges", "l'étude de marché",
        "les indicateurs de suivi", "l'évaluation à mi-parcours", "le plan de financement",
    ],
    "financement": [
        "la subvention de l'INDH", "le dossier de financement", "la coopération décentralisée",
        "les bailleurs de fonds", "le cofinancement", "l'appel à projets", "le budget prévisionnel",
        "la convention de partenariat", "les fonds de la diaspora", "le mécénat", "le fonds d'équipement communal",
        "la contrepartie communale", "le rapport financier", "les justificatifs de dépenses", "le prêt du FEC",
        "le crowdfunding", "les transferts des migrants",
    ],
    "pratiques-innovantes": [
        "le retour d'expérience", "la mutualisation des engins", "la télégestion des forages",
        "le paiement mobile", "les éco-toilettes", "la récupération des eaux de pluie", "le budget participatif",
        "les jumelages", "le système de suivi par SMS", "la plateforme numérique", "les fours solaires",
        "le dessalement", "le pompage solaire", "la gestion communautaire", "les serres tunnels",
    ],
    "vie-communaute": [
        "la charte du forum", "la rencontre annuelle", "les présentations des membres", "l'annonce de la réunion",
        "le fonctionnement du forum", "la mise en relation", "l'atelier en ligne", "le webinaire",
        "la mission sur place", "le compte rendu", "les nouveaux membres", "la traduction en arabe",
    ],
}

# Tags that belong with each board (a thread takes mostly these).
BOARD_TAGS = {
    "eau-assainissement": ["eau-potable", "assainissement", "forage", "energie-solaire"],
    "routes-infrastructures": ["pistes-rurales", "electrification", "energie-solaire", "marches-publics"],
    "education-formation": ["ecoles", "formation", "transport-scolaire", "jeunesse", "numerique"],
    "sante": ["sante-maternelle", "femmes", "transport-scolaire"],
    "agriculture-elevage-irrigation": ["irrigation", "khettara", "elevage", "safran", "argan", "forage"],
    "tourisme-artisanat-cooperatives": ["cooperatives", "argan", "safran", "tourisme-rural", "patrimoine", "femmes"],
    "environnement-ressources": ["dechets", "reboisement", "energie-solaire", "assainissement"],
    "jeunesse-sport-culture": ["jeunesse", "patrimoine", "formation"],
    "femmes-genre": ["femmes", "cooperatives", "formation", "budget-communal"],
    "gouvernance-finances": ["budget-communal", "marches-publics", "pcd", "numerique"],
    "etudes-faisabilite": ["etude-de-faisabilite", "pcd", "marches-publics", "forage"],
    "financement": ["subventions", "indh", "cooperation-decentralisee", "pcd"],
    "pratiques-innovantes": ["energie-solaire", "numerique", "cooperation-decentralisee", "irrigation"],
    "vie-communaute": ["pcd"],
}

# How often each board gets a thread (water and funding are the busiest).
BOARD_WEIGHTS = {
    "eau-assainissement": 14, "routes-infrastructures": 9, "education-formation": 8, "sante": 7,
    "agriculture-elevage-irrigation": 11, "tourisme-artisanat-cooperatives": 8, "environnement-ressources": 6,
    "jeunesse-sport-culture": 5, "femmes-genre": 4, "gouvernance-finances": 8, "etudes-faisabilite": 6,
    "financement": 10, "pratiques-innovantes": 5, "vie-communaute": 3,
}

KIND_WEIGHTS = {"question": 55, "discussion": 15, "practice": 10, "need": 10, "funding": 10}

TITLES = {
    "question": [
        "Comment financer {topic} dans une commune rurale ?",
        "{Topic} : quelle solution pour {commune} ?",
        "Qui a déjà travaillé sur {topic} ?",
        "Quel coût prévoir pour {topic} ?",
        "{Topic} et {topic2} : par où commencer ?",
        "Problème avec {topic} à {commune}",
        "Besoin de conseils sur {topic}",
        "{Topic} : régie communale ou association ?",
        "Comment impliquer les habitants dans {topic} ?",
        "Quelles démarches pour {topic} auprès de {partner} ?",
        "{Topic} en zone de montagne : retours ?",
        "Combien de temps pour obtenir {topic} ?",
        "Est-ce que {partner} finance {topic} ?",
        "Question sur {topic} dans le PCD",
        "{Topic} ne fonctionne plus depuis {duration}",
    ],
    "need": [
        "Besoin d'un expert en {skill} pour {topic}",
        "Recherche un bénévole en {skill} ({commune})",
        "Appel aux compétences : {skill}",
        "{Commune} cherche un appui en {skill}",
        "Mission courte en {skill} pour {topic}",
    ],
    "practice": [
        "Retour d'expérience : {topic} à {commune}",
        "Bonne pratique : {topic} géré par {actor}",
        "Ce qui a marché chez nous : {topic}",
        "{Topic} : notre expérience après {duration}",
        "Comment nous avons réussi {topic} à {commune}",
    ],
    "funding": [
        "Appel à projets {year} : {topic}",
        "Subvention de {partner} pour {topic}",
        "Financement disponible pour {topic} (date limite en {month})",
        "{Partner} : nouvel appel pour {topic}",
        "Fonds pour {topic} dans la province de {province}",
    ],
    "discussion": [
        "{Topic} : vos avis",
        "Débat : faut-il privilégier {topic} ou {topic2} ?",
        "Réflexions sur {topic} dans nos communes",
        "{Topic} et la diaspora",
        "Que pensez-vous de {topic} ?",
    ],
}

OPENINGS = ["Bonjour à tous,", "Bonjour,", "Salam alaykoum,", "Bonsoir à toutes et à tous,", "Chers membres,"]

REPLY_OPENINGS = OPENINGS + [
    "Bonjour {name},", "Merci {name} pour ta réponse.", "Merci pour ce sujet.", "Bonjour {name}, merci pour le partage.",
]

CLOSINGS = [
    "Merci d'avance pour vos réponses.", "Bon courage à tous.", "Au plaisir de vous lire.", "Cordialement.",
    "N'hésitez pas si vous avez des questions.", "Je reste disponible par message privé.",
    "Merci à tous pour vos retours.", "Tenez-nous au courant de la suite.", "Bonne continuation !",
]

# Sentences of the first post of a thread.
FIRST_POST = [
    "Dans notre commune de {commune}, {topic} pose problème depuis {duration}.",
    "Nous sommes une commune rurale d'environ {number} habitants, dans la province de {province}.",
    "Le conseil a inscrit {topic} dans le programme d'action de la commune pour {year}.",
    "Le douar {douar} compte {number} foyers et reste mal desservi.",
    "Nous avons déjà une étude, mais le coût estimé ({amount} dirhams) dépasse notre budget.",
    "Nous aimerions savoir si {partner} peut cofinancer {topic}.",
    "Quelqu'un a-t-il déjà monté un dossier auprès de {partner} pour {topic} ?",
    "{Actor} nous demande de trancher avant le mois de {month}.",
    "Les habitants se plaignent surtout de {topic2}.",
    "Nous cherchons un expert qui connaît {skill} et qui pourrait nous conseiller à distance.",
    "Le projet concerne {number} douars répartis sur une vingtaine de kilomètres.",
    "Nous hésitons entre plusieurs options et nous voulons éviter les erreurs des autres communes.",
    "Le budget disponible est de {amount} dirhams, dont {pct} % apportés par {partner}.",
    "L'entreprise retenue a commencé les travaux en {month} mais le chantier est arrêté.",
    "Nous avons besoin d'un avis technique sur {topic}.",
    "Est-ce que d'autres communes ont vécu la même situation ?",
    "Voici les éléments dont nous disposons pour l'instant.",
    "La commune voisine de {commune} a obtenu un financement pour {topic} l'an dernier.",
    "Nos moyens humains sont limités : un seul technicien pour toute la commune.",
    "Le délai de réalisation prévu est de {number} mois.",
]

# Sentences of replies.
REPLY = [
    "Chez nous, à {commune}, {topic} a été réalisé en {year} avec l'appui de {partner}.",
    "Je vous conseille de contacter {actor} de la province de {province}.",
    "Il faut prévoir {topic} dès la phase d'étude, sinon les coûts explosent.",
    "Le plus important, c'est la maintenance : qui paie quand {topic} tombe en panne ?",
    "Pour {topic}, comptez entre {amount} et {amount2} dirhams selon le terrain.",
    "J'ai travaillé {number} ans sur ce type de projet à {city}, je peux relire votre dossier.",
    "{Partner} finance ce genre de projet à hauteur de {pct} %, à condition d'avoir une contrepartie communale.",
    "Attention aux délais : le dossier doit être déposé avant la fin du mois de {month}.",
    "Nous avons eu le même problème avec {topic2}, la solution a été de créer une association d'usagers.",
    "Pouvez-vous partager le cahier des charges ou les termes de référence ?",
    "Je suis d'accord avec {name} sur ce point.",
    "Une visite sur place m'aiderait à mieux comprendre, je serai au Maroc en {month}.",
    "La convention doit préciser clairement qui fait quoi et qui paie quoi.",
    "Pensez à impliquer les femmes et les jeunes du douar dès le début du projet.",
    "Le bureau d'études doit fournir un rapport détaillé avec les plans.",
    "Les prix ont beaucoup augmenté depuis {year}, il faut actualiser l'estimation.",
    "Il existe un guide du ministère sur {topic}, je peux vous l'envoyer.",
    "Une formation de {number} jours pour l'agent communal suffit en général.",
    "La coopérative a augmenté ses ventes de {pct} % grâce à {topic}.",
    "C'est une très bonne idée, mais il faut vérifier la situation foncière du terrain.",
    "Avez-vous pensé à {topic2} ? Cela réduit beaucoup les coûts de fonctionnement.",
    "Le problème n'est pas technique, il est surtout organisationnel.",
    "Merci pour ce retour très utile !",
    "Je confirme, nous avons fait pareil à {commune} et cela fonctionne depuis {duration}.",
    "Le mieux est de commencer par un diagnostic participatif avec les habitants.",
    "Nous avons obtenu {amount} dirhams de {partner} pour {topic}.",
    "Je vous mets en relation avec {name}, qui a piloté {topic} dans sa commune.",
    "Les compteurs et la facturation au volume ont réglé la question des impayés.",
    "Sans entretien régulier, {topic} ne tiendra pas plus de {number} ans.",
    "Pour la partie juridique, le secrétaire général de la commune peut vous aider.",
]

# Short items for Markdown lists.
LIST_ITEMS = [
    "le devis de l'entreprise", "le plan de situation", "l'accord du conseil communal", "la liste des bénéficiaires",
    "l'étude de faisabilité", "le budget prévisionnel", "les photos du site", "la convention signée",
    "le procès-verbal de la réunion", "l'attestation foncière", "le planning des travaux", "le rapport d'activité",
    "les statuts de l'association", "le relevé bancaire", "l'avis technique de la province", "la fiche projet",
    "former un agent communal", "prévoir un budget d'entretien", "impliquer les habitants", "suivre les indicateurs",
    "comparer trois devis", "visiter une commune qui l'a fait", "demander l'avis de l'ABH", "signer une convention",
]

LINKS = [
    ("le portail de l'INDH", "https://www.indh.ma"),
    ("le site de la DGCT", "https://www.dgct.gov.ma"),
    ("le guide du PCD", "https://example.org/guide-pcd.pdf"),
    ("la fiche technique", "https://example.org/fiche-technique"),
    ("le rapport de la Cour des comptes", "https://www.courdescomptes.ma"),
    ("le site de l'ONEE", "https://www.one.org.ma"),
    ("l'appel à projets", "https://example.org/appel-a-projets"),
]

NAMES_FIRST = [
    "Fatima", "Mohamed", "Ahmed", "Aïcha", "Youssef", "Khadija", "Brahim", "Lahcen", "Hassan", "Zineb",
    "Karim", "Leïla", "Omar", "Meriem", "Rachid", "Sanaa", "Khalid", "Amina", "Ayoub", "Hamid", "Saïd",
    "Nadia", "Abdellah", "Mustapha", "Hafida", "Driss", "Samira", "Mehdi", "Naïma", "Hicham", "Latifa",
    "Jamal", "Rkia", "Younes", "Malika", "Abdelaziz", "Ilham", "Soufiane", "Hanane", "Tarik", "Houda",
    "Aziz", "Loubna", "Nabil", "Salma", "Redouane", "Imane", "Mourad", "Asmae", "Othmane",
]

NAMES_LAST = [
    "Amrani", "Ouali", "Benali", "Idrissi", "Alaoui", "Bouzid", "Naciri", "El Fassi", "Tazi", "Berrada",
    "Ait Said", "Oubella", "Amzil", "Lamrani", "Bakkali", "Ouahbi", "Chraibi", "Hajji", "Belkadi", "Ziani",
    "Ait Lahcen", "Boutaleb", "Essaidi", "Mernissi", "Ouazzani", "Aberkane", "Haddou", "Moussaoui",
    "Azzouzi", "El Khattabi",
]
