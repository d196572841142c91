"""The dashboard's filters and how a link's query parameters become valid filters.

Pure logic: the Streamlit frame (ui/frame.py) feeds it `st.query_params` or the widgets' values and
shows the notices; tests feed it dictionaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from idm import codes, config, fmt

KALIMANTAN = "KAL"  # the group of the five Kalimantan provinces, compared side by side
KALIMANTAN_PROVINCES = ("61", "62", "63", "64", "65")
KALIMANTAN_NAME = "Kalimantan (5 provinsi)"
NATIONAL = codes.NATIONAL  # all of Indonesia: the provinces compared, the office's own highlighted
NATIONAL_NAME = "Indonesia"
# The choices of the province filter that are groups of provinces: name and area (idm.codes).
GROUPS = {NATIONAL: (NATIONAL_NAME, codes.INDONESIA), KALIMANTAN: (KALIMANTAN_NAME, codes.KALIMANTAN)}

# Query parameter names, as they appear in a shared link.
PARAMS = ("prov", "tahun", "banding", "kab", "kec")
# No real link value comes near this (a code has 10 digits): a longer one is refused outright, and a
# value is echoed in a notice cut to ECHO_LENGTH characters (a 100 kB value stalled a browser tab).
MAX_PARAM_LENGTH = 100
ECHO_LENGTH = 40


class Catalog(Protocol):
    """What the database offers to choose from."""

    def provinces(self) -> dict[str, str]: ...  # code -> name, provinces with any data

    def years(self, province: str) -> dict[int, str]: ...  # year -> 'desa' | 'publikasi'

    def regencies(self, province: str) -> dict[str, str]: ...  # code -> name, with desa

    def districts(self, regency: str) -> dict[str, str]: ...


@dataclass(frozen=True)
class Filters:
    province: str
    province_name: str
    year: int
    year_source: str  # 'desa': village rows; 'publikasi': published province figures only
    compare_year: int | None
    compare_source: str | None
    regency: str | None = None
    regency_name: str | None = None
    district: str | None = None
    district_name: str | None = None
    home: str | None = None  # the office's own province, highlighted where provinces are compared

    @property
    def is_group(self) -> bool:
        """Several provinces side by side (Indonesia, the Kalimantan group) rather than one."""
        return self.province in GROUPS

    @property
    def is_national(self) -> bool:
        return self.province == NATIONAL

    @property
    def highlight(self) -> str | None:
        """The region drawn out among its peers: the chosen regency, else the office's own province
        among the provinces of a group."""
        if self.regency:
            return self.regency
        return self.home if self.is_group else None

    @property
    def area(self) -> str:
        """Code prefix of the selected area (see idm.codes)."""
        if self.district:
            return self.district
        if self.regency:
            return self.regency
        return GROUPS[self.province][1] if self.is_group else self.province

    @property
    def area_name(self) -> str:
        if self.district:
            return f"Kecamatan {self.district_name}"
        if self.regency:
            return codes.regency_name(self.regency, self.regency_name)
        return self.province_name

    @property
    def unit_word(self) -> str:
        """What the area's sub-regions are called: provinsi, kabupaten, kecamatan, desa."""
        return codes.unit_word(self.area)

    @property
    def context(self) -> str:
        """One line for a chart or an export: 'Kalimantan Selatan, Kab. Banjar, 2024 (pembanding 2023)'."""
        parts = [self.province_name]
        if self.regency:
            parts.append(self.regency_name)
        if self.district:
            parts.append(f"Kec. {self.district_name}")
        years = str(self.year) + (f" (pembanding {self.compare_year})" if self.compare_year else "")
        return ", ".join(parts) + ", " + years

    @property
    def slug(self) -> str:
        """For file names: 'kalsel-2024', 'kalsel-banjar-2024'."""
        parts = [fmt.slug(self.province, self.province_name)]
        if self.regency:
            parts.append(fmt.slug(self.regency, self.regency_name))
        if self.district:
            parts.append(fmt.slug(self.district, self.district_name))
        return "-".join([*parts, str(self.year)])

    def as_params(self) -> dict[str, str]:
        params = {"prov": self.province, "tahun": str(self.year)}
        if self.compare_year:
            params["banding"] = str(self.compare_year)
        if self.regency:
            params["kab"] = self.regency
        if self.district:
            params["kec"] = self.district
        return params


def group_years(catalog: Catalog, group: str) -> dict[int, str]:
    """Years in which every province of a group that has village rows in some year has them: a group's
    figure is never the mean of the few provinces one regional file happens to cover. Indonesia adds
    the years with only its published national figures ('publikasi')."""
    provinces = catalog.provinces()
    members = [p for p in (KALIMANTAN_PROVINCES if group == KALIMANTAN else provinces) if p in provinces]
    village_years = {p: {y for y, s in catalog.years(p).items() if s == "desa"} for p in members}
    with_rows = [years for years in village_years.values() if years]
    common = set.intersection(*with_rows) if with_rows else set()
    years = dict.fromkeys(common, "desa")
    if group == NATIONAL:  # Indonesia's own published figures (the Indeks Desa 2025 counts) in other years
        years.update({y: s for y, s in catalog.years(NATIONAL).items() if s == "publikasi" and y not in years})
    return dict(sorted(years.items()))


def group_choices(provinces: dict[str, str]) -> list[str]:
    """The groups the province filter offers for these provinces."""
    choices = []
    if len(provinces) > 1:
        choices.append(NATIONAL)
    if sum(p in provinces for p in KALIMANTAN_PROVINCES) > 1:
        choices.append(KALIMANTAN)
    return choices


def resolve(requested: dict[str, str | None], catalog: Catalog, *, home: str | None = None
            ) -> tuple[Filters, list[str]]:
    """Valid filters from requested values; every value that had to fall back gets an Indonesian notice.

    home: the office's own province, the default and the one highlighted among provinces.
    """
    notices: list[str] = []
    provinces = catalog.provinces()
    if not provinces:
        raise LookupError("database tidak berisi data IDM")
    home = home or config.home_province()

    def fallback(param: str, value: object, default_text: str) -> None:
        notices.append(f"Nilai '{echo(value)}' untuk '{param}' di tautan tidak tersedia; ditampilkan {default_text}.")

    for name, value in list(requested.items()):
        if isinstance(value, str) and len(value) > MAX_PARAM_LENGTH:
            notices.append(f"Nilai untuk '{name}' di tautan terlalu panjang ({fmt.count(len(value))} karakter) dan "
                           "diabaikan.")
            requested = {**requested, name: None}

    province = (requested.get("prov") or "").strip().upper()
    if province and codes.is_national(province):  # 'ID' in an older link
        province = NATIONAL
    groups = group_choices(provinces)
    if province in groups and not group_years(catalog, province):
        groups.remove(province)  # no year in which the whole group has village rows
    if province not in set(provinces) | set(groups):
        default = home if home in provinces else sorted(provinces)[0]
        if province:
            fallback("prov", requested.get("prov"), provinces[default])
        province = default
    is_group = province in GROUPS
    years = group_years(catalog, province) if is_group else catalog.years(province)
    if not years:
        raise LookupError(f"tidak ada tahun data untuk {province}")

    year = _year(requested.get("tahun"), years)
    if year is None:
        year = max(years)
        if requested.get("tahun"):
            fallback("tahun", requested.get("tahun"), f"tahun {year}")

    earlier = sorted((y for y in years if y < year), reverse=True)
    compare_default = earlier[0] if earlier else None
    compare_year = _year(requested.get("banding"), years)
    if compare_year == year or compare_year is None:
        if requested.get("banding") and compare_default:
            fallback("banding", requested.get("banding"), f"pembanding {compare_default}")
        compare_year = compare_default

    regency = regency_name = district = district_name = None
    if not is_group:
        regencies = catalog.regencies(province)
        wanted = codes.clean(requested.get("kab"))
        if wanted in regencies:
            regency, regency_name = wanted, regencies[wanted]
            districts = catalog.districts(regency)
            wanted_district = codes.clean(requested.get("kec"))
            if wanted_district in districts:
                district, district_name = wanted_district, districts[wanted_district]
            elif wanted_district:
                fallback("kec", requested.get("kec"), "semua kecamatan")
        elif wanted:
            fallback("kab", requested.get("kab"), "semua kabupaten")

    filters = Filters(
        province=province,
        province_name=GROUPS[province][0] if is_group else provinces[province],
        year=year,
        year_source=years[year],
        compare_year=compare_year,
        compare_source=years.get(compare_year) if compare_year else None,
        regency=regency,
        regency_name=regency_name,
        district=district,
        district_name=district_name,
        home=home,
    )
    return filters, notices


def echo(value: object) -> str:
    """A link value as a notice may repeat it: plain text, cut to ECHO_LENGTH characters."""
    flat = " ".join(str(value).split())
    return flat if len(flat) <= ECHO_LENGTH else flat[: ECHO_LENGTH - 1] + "…"


def _year(value: object, years: dict[int, str]) -> int | None:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if year in years else None
