"""Page views: for given filters, everything a page shows (figures, tables, sentences, the reasons
for what cannot be shown), assembled from the database and the domain modules. Pure: no Streamlit.

A page reads its view and renders it (pages/*.py, ui/widgets.py); the rakor deck (idm/deck.py) picks
charts from the same views by key; idm.cache keeps built views per database version and filters.
"""

from idm.views import bandingkan, desa, indikator, kemiskinan, peta, ringkasan, target, transisi, tren

# The views a page asks idm.cache.view for, by name: an allowlist, not a lookup of arbitrary code.
BUILDERS = {
    "ringkasan": ringkasan.build,
    "target": target.build,
    "tren": tren.build,
    "peta": peta.build,
    "transisi": transisi.build,
    "kemiskinan": kemiskinan.build,
    "desa": desa.build,
    "desa-profil": desa.village,
    "indikator": indikator.build,
    "indikator-rapor": indikator.report_card,
    "bandingkan": bandingkan.build,
}
