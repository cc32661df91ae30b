"""The starting list of communes: communes of the former Souss-Massa-Drâa region.

Souss-Massa-Drâa was split in the 2015 regionalisation: its Souss provinces (and Tata) form
Souss-Massa, Ouarzazate, Zagora and Tinghir joined Drâa-Tafilalet. Each entry is
(name, province, region) with the region as it is today. Names are spelled as French-language
Moroccan administration and press usually write them; admins correct or complete the list
at /admin/communes. Mostly rural communes, plus a few small towns (Tata, Tafraout, Aït Baha)
that many douars look to.
"""

SOUSS_MASSA = "Souss-Massa"
DRAA_TAFILALET = "Drâa-Tafilalet"

COMMUNES = [
    # Agadir Ida-Outanane
    ("Tamri", "Agadir Ida-Outanane", SOUSS_MASSA),
    ("Taghazout", "Agadir Ida-Outanane", SOUSS_MASSA),
    ("Amskroud", "Agadir Ida-Outanane", SOUSS_MASSA),
    ("Imouzzer", "Agadir Ida-Outanane", SOUSS_MASSA),
    # Inezgane-Aït Melloul
    ("Oulad Dahou", "Inezgane-Aït Melloul", SOUSS_MASSA),
    # Chtouka-Aït Baha
    ("Aït Baha", "Chtouka-Aït Baha", SOUSS_MASSA),
    ("Belfaa", "Chtouka-Aït Baha", SOUSS_MASSA),
    ("Sidi Bibi", "Chtouka-Aït Baha", SOUSS_MASSA),
    ("Massa", "Chtouka-Aït Baha", SOUSS_MASSA),
    ("Aït Amira", "Chtouka-Aït Baha", SOUSS_MASSA),
    ("Tanalt", "Chtouka-Aït Baha", SOUSS_MASSA),
    # Taroudant
    ("Taliouine", "Taroudant", SOUSS_MASSA),
    ("Igherm", "Taroudant", SOUSS_MASSA),
    ("Askaouen", "Taroudant", SOUSS_MASSA),
    ("Tafingoult", "Taroudant", SOUSS_MASSA),
    ("Tiout", "Taroudant", SOUSS_MASSA),
    ("Ouneine", "Taroudant", SOUSS_MASSA),
    ("Freija", "Taroudant", SOUSS_MASSA),
    # Tiznit
    ("Tafraout", "Tiznit", SOUSS_MASSA),
    ("Tighmi", "Tiznit", SOUSS_MASSA),
    ("Aglou", "Tiznit", SOUSS_MASSA),
    ("Anzi", "Tiznit", SOUSS_MASSA),
    ("Ammelne", "Tiznit", SOUSS_MASSA),
    ("Arbaa Sahel", "Tiznit", SOUSS_MASSA),
    # Tata
    ("Tata", "Tata", SOUSS_MASSA),
    ("Tissint", "Tata", SOUSS_MASSA),
    ("Tagmout", "Tata", SOUSS_MASSA),
    ("Tamanarte", "Tata", SOUSS_MASSA),
    ("Issafen", "Tata", SOUSS_MASSA),
    ("Allougoum", "Tata", SOUSS_MASSA),
    # Ouarzazate
    ("Idelsane", "Ouarzazate", DRAA_TAFILALET),
    ("Skoura Ahl El Oust", "Ouarzazate", DRAA_TAFILALET),
    ("Telouet", "Ouarzazate", DRAA_TAFILALET),
    ("Toundoute", "Ouarzazate", DRAA_TAFILALET),
    ("Amerzgane", "Ouarzazate", DRAA_TAFILALET),
    ("Ghassate", "Ouarzazate", DRAA_TAFILALET),
    # Zagora
    ("Tamegroute", "Zagora", DRAA_TAFILALET),
    ("M'Hamid El Ghizlane", "Zagora", DRAA_TAFILALET),
    ("Tagounite", "Zagora", DRAA_TAFILALET),
    ("Tazarine", "Zagora", DRAA_TAFILALET),
    ("N'Kob", "Zagora", DRAA_TAFILALET),
    ("Tinzouline", "Zagora", DRAA_TAFILALET),
    # Tinghir
    ("Msemrir", "Tinghir", DRAA_TAFILALET),
    ("Ikniouen", "Tinghir", DRAA_TAFILALET),
    ("Alnif", "Tinghir", DRAA_TAFILALET),
    ("Toudgha El Oulia", "Tinghir", DRAA_TAFILALET),
    ("Aït Hani", "Tinghir", DRAA_TAFILALET),
]
