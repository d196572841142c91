"""The frame around every page: page config, sidebar filters mirrored in the link, banners."""

from __future__ import annotations

import re
import urllib.parse

import pandas as pd
import streamlit as st

from idm import cache, export, filters, fmt, rules
from idm.filters import Filters
from ui import navigation

ALL = ""  # the "semua" choice of the regency and district filters
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")
_AUTOLINK = re.compile(r"(?i):\\?/|w(?=ww\\?\.)|@")  # '://', 'www.' and '@', escaped or not
ZERO_WIDTH_SPACE = "\u200b"

CSS = """
<style>
/* Readable from the back of a meeting room. */
html, body, [class*="css"] { font-size: 18px; }
[data-testid="stMetricValue"] { font-size: 2.3rem; font-weight: 700; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
[data-testid="stMetricDelta"] { font-size: 1.05rem; }
h1 { font-size: 2.2rem !important; }
.block-container { padding-top: 2.2rem; }
h5 { margin-top: 0.8rem; }
.idm-status { display:inline-block; padding:0.15rem 0.7rem; border-radius:0.4rem; color:white; font-weight:700; }
.idm-card { border:1px solid #ddd; border-radius:0.6rem; padding:0.6rem 0.9rem; border-left-width:0.6rem; }
.idm-card .n { font-size:2rem; font-weight:700; line-height:1.1; }
.idm-card .l { font-size:1rem; color:#444; }
.idm-card .d { font-size:0.95rem; color:#555; }
/* Two charts side by side only where each gets at least ~650 px; on a 1366 px laptop or projector
   (and on a phone) they stand one under the other (frame.chart_pair). */
@media (max-width: 1599px) {
  [class*="st-key-idm-pair"] [data-testid="stHorizontalBlock"] { flex-wrap: wrap !important; }
  [class*="st-key-idm-pair"] [data-testid="stColumn"] { width: 100% !important; flex: 1 1 100% !important;
                                                        min-width: 100% !important; }
}
/* A chart drawn on the server (charts.svg): the wide drawing, or on a phone the narrow one. */
.idm-svg-small { display: none; }
@media (max-width: 640px) { .idm-svg-wide { display: none; } .idm-svg-small { display: block; } }
.idm-svg svg a path:hover { opacity: 0.8; }
/* A chart's title and subtitle above it (charts.heading_and_body): they wrap with the column. */
/* A plain table (widgets.table, static): scrolls sideways inside its box on a narrow screen. */
.idm-table { overflow-x: auto; border: 1px solid #e6e9ef; border-radius: 0.5rem; margin-bottom: 0.6rem; }
.idm-table table { border-collapse: collapse; width: 100%; font-size: 0.95rem; margin: 0; }
.idm-table th, .idm-table td { padding: 0.35rem 0.6rem; border-bottom: 1px solid #eef0f4; }
.idm-table th { font-weight: 600; color: #555; background: #fafbfc; vertical-align: bottom; }
.idm-table .n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.idm-table .t { text-align: left; white-space: nowrap; }
.idm-table tbody tr:last-child td { border-bottom: none; }
.idm-chart-heading { font-size:1.3rem; line-height:1.3; margin:0.4rem 0 0 0.2rem; color:#1f2a30; }
.idm-chart-heading span { font-size:0.88rem !important; line-height:1.35; display:inline-block; margin-top:0.15rem; }
</style>
"""


# ?mode=presentasi: the slide show (ui/slides.py): no sidebar, a slide fills the screen without scrolling.
PRESENTATION_MODE = "presentasi"
PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarNav"], header[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { max-width: 100% !important;
  padding: 0.6rem 1.6rem 0 !important; }
h1.idm-slide-title { font-size: 1.9rem !important; font-weight: 700; line-height: 1.15; padding: 0; margin: 0; }
.st-key-idm-slide-bar > div:first-child { flex: 1 1 auto; min-width: 12rem; }
/* A title on two lines pushes the slide down instead of being cut (Streamlit pulls a heading's box up 18 px). */
.st-key-idm-slide-bar { overflow: visible !important; }
.st-key-idm-slide-bar [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
.idm-slide-subtitle { font-size: 1.05rem; color: #555; line-height: 1.3; margin-top: -0.6rem; }
.idm-slide-subtitle span { font-size: inherit !important; }
/* A slide's chart drawn twice (widgets.SLIDE_SIZES): for a 768-pixel-high screen and for a taller one.
   The other one is hidden without display:none, so that Plotly measures its legend while hidden and the
   slide stays right when the window moves to a screen of the other height. */
.st-key-idm-slide-chart-besar { flex: 0 0 0 !important; min-height: 0 !important;
  height: 0 !important; overflow: hidden !important; visibility: hidden !important; }
@media (min-height: 940px) {
  .st-key-idm-slide-chart-kecil { flex: 0 0 0 !important; min-height: 0 !important;
    height: 0 !important; overflow: hidden !important; visibility: hidden !important; }
  .st-key-idm-slide-chart-besar { flex: 1 1 0% !important; height: auto !important; overflow: visible !important;
    visibility: visible !important; }
  h1.idm-slide-title { font-size: 2.5rem !important; }
  .idm-slide-subtitle { font-size: 1.35rem; }
}
.idm-slide-text p { font-size: 1.55rem; line-height: 1.4; margin: 0.5rem 0; }
.idm-slide-text .idm-slide-lead { font-size: 1.9rem; font-weight: 600; margin-top: 1.4rem; }
</style>
"""


def setup() -> None:
    st.set_page_config(page_title="Dasbor IDM", page_icon="📊", layout="wide",
                       initial_sidebar_state="collapsed" if presenting() else "auto")
    st.markdown(CSS, unsafe_allow_html=True)
    if presenting():
        st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)


def region_link(chosen: Filters, target: str, **kept: str):
    """Where a click on a region of a map leads: the same page and filters with the region chosen
    (`target`: 'prov', 'kab' or 'kec'; finer choices dropped) and `kept` link values (the map's measure)."""
    base = {name: str(value) for name, value in chosen.as_params().items()}
    finer = {"prov": ("kab", "kec"), "kab": ("kec",), "kec": ()}[target]

    def link(code: str) -> str:
        params = {name: value for name, value in base.items() if name not in finer}
        params.update(kept)
        params[target] = code
        return "?" + urllib.parse.urlencode(params)
    return link


def chart_pair(name: str):
    """Two columns for two charts side by side on a wide screen, one under the other below 1600 px (CSS)."""
    with st.container(key=f"idm-pair-{name}"):
        return st.columns(2)


_PHONE = re.compile(r"Mobi|iPhone|iPod")  # what a phone's browser says (Android phones: 'Mobile')


def screen() -> str | None:
    """'phone' or 'wide' as the browser's User-Agent says, None when there is none (AppTest): a page sends a
    chart drawn for that screen only, not both (each is markup the browser parses)."""
    agent = st.context.headers.get("User-Agent") if st.context.headers else None
    if not agent:
        return None
    return "phone" if _PHONE.search(agent) else "wide"


def presenting() -> bool:
    """The link asks for presentation mode (`?mode=presentasi`)."""
    return st.query_params.get("mode") == PRESENTATION_MODE


def text(value: object) -> str:
    """Data (a name, a link value, a generated sentence) for st.markdown, st.title and labels: every
    markdown and HTML character escaped, so that it renders as the text it is: never a link, bold or tag.

    Escapes do not stop GitHub-flavoured markdown from turning a bare 'http://...', 'www.' or e-mail
    address into a link: a zero-width space inside each breaks the pattern and shows nothing."""
    escaped = _MARKDOWN.sub(r"\\\1", str(value))
    return _AUTOLINK.sub(lambda match: match.group(0)[0] + ZERO_WIDTH_SPACE + match.group(0)[1:], escaped)


# Choices kept for the session under this key (a plain dict of link parameter -> value): Streamlit drops a
# widget's own state when a page that does not draw it runs (Kelola data has no sidebar filters, Tren no
# map measure), and the choice must be there again on the way back.
KEPT = "pilihan"


def _kept() -> dict:
    return st.session_state.setdefault(KEPT, {})


def _requested() -> dict[str, str | None]:
    """The first run of a session takes the filters from the link; later runs from the widgets, or from the
    choices kept when a page without the sidebar ran in between."""
    if "filters_from_link" not in st.session_state:
        st.session_state["filters_from_link"] = True
        return {name: st.query_params.get(name) for name in filters.PARAMS}
    kept = _kept()
    return {name: st.session_state[name] if name in st.session_state else kept.get(name) for name in filters.PARAMS}


def linked(widget, label: str, options: list, *, key: str, default, **arguments):
    """Draw `widget` (st.radio, st.selectbox, st.segmented_control) keyed `key` and mirrored in the link as
    ?key=value: it starts from the link's value when that is one of `options`, else from the choice kept
    in this session, else `default`; every choice is written back to the link and kept. Returns the value.

    A list `default` makes it a widget of several choices (st.multiselect), in the link as ?key=a,b; link
    values that are not among `options`, repeated or beyond `max_selections` are left out with a notice,
    as the sidebar's filters do. Returns the list.
    """
    if isinstance(default, list):
        return _linked_choices(widget, label, options, key=key, default=default, **arguments)
    if key not in st.session_state:  # the session's first run of this widget, or back from another page
        by_text = {str(option): option for option in options}
        wanted = by_text.get(st.query_params.get(key, ""), _kept().get(key))
        st.session_state[key] = wanted if wanted in options else default
    value = widget(label, options, key=key, **arguments)
    if value is None:  # a segmented control clicked off
        value = default
    _kept()[key] = value
    st.query_params[key] = str(value)
    return value


def choices_from_link(written: str, options: list, *, param: str, limit: int | None = None
                      ) -> tuple[list, list[str]]:
    """The options a link value 'a,b,c' names, each once, in its order, at most `limit`; and a notice
    for every part left out (Indonesian, the value repeated as plain text)."""
    if len(written) > filters.MAX_PARAM_LENGTH:
        return [], [f"Nilai untuk '{param}' di tautan terlalu panjang ({fmt.count(len(written))} karakter) dan "
                    "diabaikan."]
    by_text = {str(option): option for option in options}
    chosen, unknown, over = [], [], []
    for part in (piece.strip() for piece in written.split(",")):
        if not part:
            continue
        if part not in by_text:
            unknown.append(part)
        elif by_text[part] in chosen:
            continue
        elif limit is not None and len(chosen) >= limit:
            over.append(part)
        else:
            chosen.append(by_text[part])
    notices = [f"Nilai '{filters.echo(part)}' untuk '{param}' di tautan tidak tersedia dan diabaikan."
               for part in unknown]
    if over:
        notices.append(f"Paling banyak {limit} pilihan untuk '{param}'; "
                       f"'{filters.echo(', '.join(over))}' di tautan diabaikan.")
    return chosen, notices


def _linked_choices(widget, label: str, options: list, *, key: str, default: list, **arguments) -> list:
    """`linked` for a widget of several choices (see there)."""
    notices: list[str] = []
    if key not in st.session_state:  # the session's first run of this widget, or back from another page
        written = st.query_params.get(key)
        if written is not None:
            wanted, notices = choices_from_link(written, options, param=key, limit=arguments.get("max_selections"))
        else:
            wanted = _kept().get(key, default)
        st.session_state[key] = [value for value in wanted if value in options]
    elif any(value not in options for value in st.session_state[key]):  # other options now (another province)
        st.session_state[key] = [value for value in st.session_state[key] if value in options]
    values = list(widget(label, options, key=key, **arguments))
    for notice in notices:
        st.toast(text(notice), icon=":material/link_off:")
        st.caption(f":material/link_off: {text(notice)}")
        st.session_state.setdefault("link_notices", []).append(notice)  # the sidebar lists it from the next run
    _kept()[key] = values
    if values:
        st.query_params[key] = ",".join(str(value) for value in values)
    else:
        st.query_params.pop(key, None)
    return values


def sidebar() -> Filters:
    """Draw the sidebar filters and keep the link in step with them.

    In presentation mode the filters come from the link alone and no widget is drawn."""
    navigation.through_the_router()
    catalog = cache.cached_database().catalog()
    chosen, notices = filters.resolve(_requested(), catalog)
    for name, value in {"prov": chosen.province, "tahun": chosen.year, "banding": chosen.compare_year,
                        "kab": chosen.regency or ALL, "kec": chosen.district or ALL}.items():
        st.session_state[name] = value
        _kept()[name] = value
    for notice in notices:
        st.toast(text(notice), icon=":material/link_off:")
        st.session_state.setdefault("link_notices", []).append(notice)
    if presenting():
        st.query_params.update(chosen.as_params())
        return chosen

    provinces = catalog.provinces()
    groups = [g for g in filters.group_choices(provinces) if filters.group_years(catalog, g)]
    # Indonesia first, then the provinces, the Kalimantan group last.
    province_options = [g for g in groups if g == filters.NATIONAL] + list(provinces) \
        + [g for g in groups if g != filters.NATIONAL]
    names = {**provinces, **{code: name for code, (name, _) in filters.GROUPS.items()}}
    years = filters.group_years(catalog, chosen.province) if chosen.is_group else catalog.years(chosen.province)

    def year_label(year: int) -> str:
        """'2024', '2021 (angka publikasi)', '2025 (Indeks Desa, angka publikasi)'."""
        marks = [rules.INDEKS_DESA] if rules.index_of(year) == rules.INDEKS_DESA else []
        marks += ["angka publikasi"] if years.get(year) == "publikasi" else []
        return f"{year} ({', '.join(marks)})" if marks else str(year)

    with st.sidebar:
        st.markdown("### Filter")
        st.selectbox("Provinsi", province_options, key="prov", format_func=names.get)
        st.selectbox("Tahun", sorted(years, reverse=True), key="tahun", format_func=year_label)
        compare = [y for y in sorted(years, reverse=True) if y != chosen.year]
        if compare:
            st.selectbox("Tahun pembanding", compare, key="banding", format_func=year_label,
                         placeholder="Tanpa pembanding")
        if not chosen.is_group:
            regencies = catalog.regencies(chosen.province)
            st.selectbox("Kabupaten/kota", [ALL, *regencies], key="kab",
                         format_func=lambda c: regencies.get(c, "Semua kabupaten/kota"))
            if chosen.regency:
                districts = catalog.districts(chosen.regency)
                st.selectbox("Kecamatan", [ALL, *districts], key="kec",
                             format_func=lambda c: districts.get(c, "Semua kecamatan"))
        for notice in st.session_state.get("link_notices", []):
            st.caption(f":material/link_off: {text(notice)}")

    st.query_params.update(chosen.as_params())
    for name in filters.PARAMS:
        if name not in chosen.as_params() and name in st.query_params:
            del st.query_params[name]
    return chosen


def header(chosen: Filters, title: str, caption: str) -> None:
    """A page's title and caption (data escaped), then the banners."""
    st.title(text(title))
    st.caption(text(caption))
    banners(chosen)


def banners(chosen: Filters) -> None:
    """Say where the numbers do not come from official village rows, and what cannot be exported."""
    db = cache.cached_database()
    meta = db.meta()
    if meta.get("dataset") == "demo":
        st.warning("**Data demo**: angka di dasbor ini dibuat untuk pengujian, bukan angka resmi Kemendes PDTT.",
                   icon=":material/science:")
    if not chosen.is_group and chosen.year_source == "desa":
        listed = db.data_years()
        listed = listed[(listed["province_code"] == chosen.province) & (listed["year"] == chosen.year)]
        published = db.published_summary(area=chosen.province, year=chosen.year)
        if not published.empty and pd.notna(published["villages"].iloc[0]) and not listed.empty \
                and int(listed["villages"].iloc[0]) < int(published["villages"].iloc[0]):
            st.warning(f"**Data parsial**: database memuat {fmt.count(int(listed['villages'].iloc[0]))} desa "
                       f"{text(chosen.province_name)} tahun {chosen.year}, sedangkan angka yang dipublikasikan "
                       f"mencatat {fmt.count(int(published['villages'].iloc[0]))} desa. Angka di halaman ini hanya "
                       "mencakup desa yang dimuat.", icon=":material/warning:")
    if chosen.year_source == "publikasi":
        cited = published_citation(chosen)
        cited = f" Sumber angka {chosen.year}: {text(cited)}." if cited else ""
        if rules.index_of(chosen.year) == rules.INDEKS_DESA:
            st.info(f"Tahun {chosen.year} diukur dengan Indeks Desa (Permendesa PDT 9/2024). Database belum memuat "
                    f"data Indeks Desa per desa untuk {text(chosen.province_name)}: yang tersedia jumlah desa per "
                    "status yang dipublikasikan (Kepmendes PDT 343/2025). Impor berkas Indeks Desa per desa di halaman "
                    f"Kelola data untuk grafik per kabupaten, kecamatan dan desa.{cited}", icon=":material/info:")
        else:
            st.info(f"Tahun {chosen.year} tidak memiliki data per desa untuk {text(chosen.province_name)}: yang "
                    "tersedia hanya angka tingkat provinsi yang dipublikasikan. Grafik per kabupaten, kecamatan dan "
                    f"desa kosong untuk tahun ini.{cited}", icon=":material/info:")
    problem = export.unavailable() or export.last_failure()
    if problem and not presenting():
        st.caption(f":material/image_not_supported: {text(problem)}")


def published_citation(chosen: Filters) -> str | None:
    """Where the province's (Indonesia's) published figures of the chosen year were published (the banner
    cites it)."""
    area = chosen.area if chosen.is_group else chosen.province
    published = cache.cached_database().published_summary(area=area, year=chosen.year)
    citation = published["source"].iloc[0] if not published.empty else None
    return citation if isinstance(citation, str) and citation else None


def status_badge(code: str | None, *, missing: str = "tanpa nilai") -> str:
    if not code:
        return f"<span class='idm-status' style='background:#999'>{missing}</span>"
    return (f"<span class='idm-status' style='background:{rules.STATUS_COLOURS[code]}'>"
            f"{rules.STATUS_LABELS[code]}</span>")


def count_card(*, label: str, value: int | None, colour: str, change: int | None = None,
               compare_year: int | str | None = None) -> str:
    """A coloured count (villages or regencies of one status) with its change from the comparison year."""
    if change is None:
        delta = ""
    elif change == 0:
        delta = f"<div class='d'>sama dengan {compare_year}</div>"
    else:
        delta = f"<div class='d'>{fmt.number(change, sign=True)} dari {compare_year}</div>"
    return (f"<div class='idm-card' style='border-left-color:{colour}'><div class='l'>{label}</div>"
            f"<div class='n'>{fmt.count(value)}</div>{delta}</div>")
