"""Rebuild src/palmyra/data/actors.jsonl: every country and territory, then the hand-written groups.

The country rows below are facts (ISO 3166-1 alpha-3 codes, short names, demonyms, capitals and,
where certain, Wikidata ids) typed in for Palmyra; src/palmyra/data/README.md (## `actors.jsonl`)
lists the public references they were checked against. Non-state actors and organisations are hand-written in
src/palmyra/data/actor_groups.jsonl and merged after the countries, in file order, so the table is
rebuilt byte for byte:

    .venv/bin/python scripts/build_actors.py          # write actors.jsonl
    .venv/bin/python scripts/build_actors.py --check  # exit 1 if actors.jsonl is stale
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "palmyra" / "data"
VERSION = "1.0"
KEYS = ("id", "name", "type", "code", "sector", "wikidata", "kind", "aliases", "demonyms", "capitals", "coref")

# code | short name | other names | demonyms | capitals and seats of government (metonyms) | Wikidata
# Lists are ';'-separated, '-' is empty. Capitals that are also common names or ambiguous
# (Hamilton, Douglas, Stanley, Victoria, Male, ...) are left out on purpose.
COUNTRIES = """
ABW|Aruba|-|Aruban;Arubans|Oranjestad|-
AFG|Afghanistan|Islamic Republic of Afghanistan;Islamic Emirate of Afghanistan|Afghan;Afghans|Kabul|Q889
AGO|Angola|-|Angolan;Angolans|Luanda|Q916
AIA|Anguilla|-|Anguillan|-|-
ALA|Aland Islands|Åland Islands;Åland|-|Mariehamn|-
ALB|Albania|-|Albanian;Albanians|Tirana|Q222
AND|Andorra|-|Andorran;Andorrans|Andorra la Vella|Q228
ARE|United Arab Emirates|UAE;U.A.E.|Emirati;Emiratis|Abu Dhabi|Q878
ARG|Argentina|-|Argentine;Argentines;Argentinian;Argentinians|Buenos Aires;Casa Rosada|Q414
ARM|Armenia|-|Armenian;Armenians|Yerevan|Q399
ASM|American Samoa|-|American Samoan|Pago Pago|-
ATA|Antarctica|-|-|-|-
ATF|French Southern Territories|French Southern and Antarctic Lands|-|-|-
ATG|Antigua and Barbuda|Antigua|Antiguan;Antiguans|St. John's|-
AUS|Australia|Commonwealth of Australia|Australian;Australians|Canberra|Q408
AUT|Austria|-|Austrian;Austrians|Vienna|Q40
AZE|Azerbaijan|-|Azerbaijani;Azerbaijanis;Azeri;Azeris|Baku|Q227
BDI|Burundi|-|Burundian;Burundians|Gitega|Q967
BEL|Belgium|-|Belgian;Belgians|Brussels|Q31
BEN|Benin|-|Beninese|Porto-Novo|Q962
BES|Bonaire, Sint Eustatius and Saba|Caribbean Netherlands;Bonaire|-|-|-
BFA|Burkina Faso|Burkina|Burkinabe;Burkinabè|Ouagadougou|Q965
BGD|Bangladesh|-|Bangladeshi;Bangladeshis|Dhaka|Q902
BGR|Bulgaria|-|Bulgarian;Bulgarians|Sofia|Q219
BHR|Bahrain|-|Bahraini;Bahrainis|Manama|Q398
BHS|Bahamas|The Bahamas|Bahamian;Bahamians|Nassau|-
BIH|Bosnia and Herzegovina|Bosnia-Herzegovina;Bosnia|Bosnian;Bosnians|Sarajevo|Q225
BLM|Saint Barthelemy|Saint Barthélemy;St Barts|-|Gustavia|-
BLR|Belarus|Byelorussia|Belarusian;Belarusians;Belarussian|Minsk|Q184
BLZ|Belize|-|Belizean;Belizeans|Belmopan|-
BMU|Bermuda|-|Bermudian;Bermudians|-|-
BOL|Bolivia|Plurinational State of Bolivia|Bolivian;Bolivians|Sucre;La Paz|Q750
BRA|Brazil|-|Brazilian;Brazilians|Brasilia;Brasília|Q155
BRB|Barbados|-|Barbadian;Barbadians|Bridgetown|-
BRN|Brunei|Brunei Darussalam|Bruneian;Bruneians|Bandar Seri Begawan|-
BTN|Bhutan|-|Bhutanese|Thimphu|Q917
BVT|Bouvet Island|-|-|-|-
BWA|Botswana|-|Botswanan;Motswana;Batswana|Gaborone|Q963
CAF|Central African Republic|CAR|Central African;Central Africans|Bangui|Q929
CAN|Canada|-|Canadian;Canadians|Ottawa|Q16
CCK|Cocos Islands|Cocos (Keeling) Islands|-|-|-
CHE|Switzerland|Swiss Confederation|Swiss|Bern;Berne|Q39
CHL|Chile|-|Chilean;Chileans|Santiago|Q298
CHN|China|People's Republic of China;PRC|Chinese|Beijing|Q148
CIV|Ivory Coast|Côte d'Ivoire;Cote d'Ivoire|Ivorian;Ivorians|Yamoussoukro|Q1008
CMR|Cameroon|-|Cameroonian;Cameroonians|Yaounde;Yaoundé|Q1009
COD|Democratic Republic of the Congo|Democratic Republic of Congo;DR Congo;DRC;Congo-Kinshasa;Congo|Congolese|Kinshasa|Q974
COG|Republic of the Congo|Republic of Congo;Congo-Brazzaville|-|Brazzaville|Q971
COK|Cook Islands|-|Cook Islander;Cook Islanders|Avarua|-
COL|Colombia|-|Colombian;Colombians|Bogota;Bogotá|Q739
COM|Comoros|-|Comoran;Comorian;Comorians|Moroni|-
CPV|Cabo Verde|Cape Verde|Cape Verdean;Cape Verdeans;Cabo Verdean|Praia|-
CRI|Costa Rica|-|Costa Rican;Costa Ricans|San Jose;San José|Q800
CUB|Cuba|-|Cuban;Cubans|Havana|Q241
CUW|Curacao|Curaçao|-|Willemstad|-
CXR|Christmas Island|-|-|-|-
CYM|Cayman Islands|-|Caymanian;Caymanians|George Town|-
CYP|Cyprus|-|Cypriot;Cypriots|Nicosia|Q229
CZE|Czechia|Czech Republic|Czech;Czechs|Prague|Q213
DEU|Germany|Federal Republic of Germany|German;Germans|Berlin|Q183
DJI|Djibouti|-|Djiboutian;Djiboutians|-|Q977
DMA|Dominica|-|-|Roseau|-
DNK|Denmark|-|Danish;Dane;Danes|Copenhagen|Q35
DOM|Dominican Republic|-|Dominican;Dominicans|Santo Domingo|-
DZA|Algeria|-|Algerian;Algerians|Algiers|Q262
ECU|Ecuador|-|Ecuadorian;Ecuadorians;Ecuadorean|Quito|Q736
EGY|Egypt|Arab Republic of Egypt|Egyptian;Egyptians|Cairo|Q79
ERI|Eritrea|-|Eritrean;Eritreans|Asmara|Q986
ESH|Western Sahara|Sahrawi Arab Democratic Republic|Sahrawi;Sahrawis|-|-
ESP|Spain|-|Spanish;Spaniard;Spaniards|Madrid|Q29
EST|Estonia|-|Estonian;Estonians|Tallinn|Q191
ETH|Ethiopia|-|Ethiopian;Ethiopians|Addis Ababa|Q115
FIN|Finland|-|Finnish;Finn;Finns|Helsinki|Q33
FJI|Fiji|-|Fijian;Fijians|Suva|-
FLK|Falkland Islands|Falklands;Malvinas|Falkland Islander;Falkland Islanders|-|-
FRA|France|French Republic|French;Frenchman;Frenchmen;Frenchwoman|Paris;Elysee;Élysée;Elysee Palace;Élysée Palace;Quai d'Orsay|Q142
FRO|Faroe Islands|Faroes|Faroese|Torshavn;Tórshavn|-
FSM|Micronesia|Federated States of Micronesia|Micronesian;Micronesians|Palikir|-
GAB|Gabon|-|Gabonese|Libreville|Q1000
GBR|United Kingdom|UK;U.K.;Britain;Great Britain|British;Briton;Britons|London;Downing Street;Whitehall;Westminster|Q145
GEO|Georgia|-|Georgian;Georgians|Tbilisi|Q230
GGY|Guernsey|-|-|St Peter Port|-
GHA|Ghana|-|Ghanaian;Ghanaians|Accra|Q117
GIB|Gibraltar|-|Gibraltarian;Gibraltarians|-|-
GIN|Guinea|Guinea-Conakry|Guinean;Guineans|Conakry|Q1006
GLP|Guadeloupe|-|-|Basse-Terre|-
GMB|Gambia|The Gambia|Gambian;Gambians|Banjul|Q1005
GNB|Guinea-Bissau|-|Bissau-Guinean;Bissau-Guineans|Bissau|Q1007
GNQ|Equatorial Guinea|-|Equatorial Guinean;Equatoguinean|Malabo|-
GRC|Greece|Hellenic Republic|Greek;Greeks|Athens|Q41
GRD|Grenada|-|Grenadian;Grenadians|St. George's|-
GRL|Greenland|-|Greenlander;Greenlanders;Greenlandic|Nuuk|-
GTM|Guatemala|-|Guatemalan;Guatemalans|Guatemala City|Q774
GUF|French Guiana|-|-|Cayenne|-
GUM|Guam|-|Guamanian;Guamanians|Hagatna;Hagåtña|-
GUY|Guyana|-|Guyanese|-|-
HKG|Hong Kong|Hong Kong SAR|Hongkonger;Hongkongers|-|-
HMD|Heard Island and McDonald Islands|-|-|-|-
HND|Honduras|-|Honduran;Hondurans|Tegucigalpa|Q783
HRV|Croatia|-|Croatian;Croatians;Croat;Croats|Zagreb|Q224
HTI|Haiti|-|Haitian;Haitians|Port-au-Prince|Q790
HUN|Hungary|-|Hungarian;Hungarians|Budapest|Q28
IDN|Indonesia|-|Indonesian;Indonesians|Jakarta|Q252
IMN|Isle of Man|-|Manx|-|-
IND|India|Republic of India|Indian;Indians|New Delhi|Q668
IOT|British Indian Ocean Territory|Chagos Islands|-|-|-
IRL|Ireland|Republic of Ireland|Irish|Dublin|Q27
IRN|Iran|Islamic Republic of Iran;Islamic Republic|Iranian;Iranians|Tehran;Teheran|Q794
IRQ|Iraq|-|Iraqi;Iraqis|Baghdad|Q796
ISL|Iceland|-|Icelandic;Icelander;Icelanders|Reykjavik;Reykjavík|Q189
ISR|Israel|State of Israel|Israeli;Israelis|Jerusalem;Tel Aviv;Knesset|Q801
ITA|Italy|-|Italian;Italians|Rome|Q38
JAM|Jamaica|-|Jamaican;Jamaicans|Kingston|Q766
JEY|Jersey|-|-|Saint Helier;St Helier|-
JOR|Jordan|Hashemite Kingdom of Jordan|Jordanian;Jordanians|Amman|Q810
JPN|Japan|-|Japanese|Tokyo|Q17
KAZ|Kazakhstan|-|Kazakh;Kazakhs;Kazakhstani;Kazakhstanis|Astana;Nur-Sultan|Q232
KEN|Kenya|-|Kenyan;Kenyans|Nairobi|Q114
KGZ|Kyrgyzstan|Kyrgyz Republic;Kirghizia|Kyrgyz;Kyrgyzstani|Bishkek|Q813
KHM|Cambodia|Kampuchea|Cambodian;Cambodians;Khmer;Kampuchean|Phnom Penh|Q424
KIR|Kiribati|-|I-Kiribati|Tarawa|-
KNA|Saint Kitts and Nevis|St Kitts and Nevis|Kittitian;Nevisian|Basseterre|-
KOR|South Korea|Republic of Korea|South Korean;South Koreans;Korean;Koreans|Seoul|Q884
KWT|Kuwait|-|Kuwaiti;Kuwaitis|Kuwait City|Q817
LAO|Laos|Lao PDR;Lao People's Democratic Republic|Lao;Laotian;Laotians|Vientiane|Q819
LBN|Lebanon|-|Lebanese|Beirut|Q822
LBR|Liberia|-|Liberian;Liberians|Monrovia|Q1014
LBY|Libya|-|Libyan;Libyans|Tripoli|Q1016
LCA|Saint Lucia|St Lucia|Saint Lucian;Saint Lucians|Castries|-
LIE|Liechtenstein|-|Liechtensteiner;Liechtensteiners|Vaduz|-
LKA|Sri Lanka|Ceylon|Sri Lankan;Sri Lankans|Colombo;Sri Jayawardenepura Kotte|Q854
LSO|Lesotho|-|Basotho;Mosotho|Maseru|-
LTU|Lithuania|-|Lithuanian;Lithuanians|Vilnius|Q37
LUX|Luxembourg|-|Luxembourgish;Luxembourger;Luxembourgers|-|Q32
LVA|Latvia|-|Latvian;Latvians|Riga|Q211
MAC|Macao|Macau|Macanese|-|-
MAF|Saint Martin|Saint-Martin|-|Marigot|-
MAR|Morocco|-|Moroccan;Moroccans|Rabat|Q1028
MCO|Monaco|-|Monegasque;Monégasque|-|-
MDA|Moldova|Republic of Moldova|Moldovan;Moldovans|Chisinau;Chișinău|Q217
MDG|Madagascar|-|Malagasy|Antananarivo|Q1019
MDV|Maldives|-|Maldivian;Maldivians|-|-
MEX|Mexico|-|Mexican;Mexicans|Mexico City|Q96
MHL|Marshall Islands|-|Marshallese|Majuro|-
MKD|North Macedonia|Macedonia|Macedonian;Macedonians|Skopje|Q221
MLI|Mali|-|Malian;Malians|Bamako|Q912
MLT|Malta|-|Maltese|Valletta|Q233
MMR|Myanmar|Burma|Burmese|Nay Pyi Taw;Naypyidaw;Naypyitaw|Q836
MNE|Montenegro|-|Montenegrin;Montenegrins|Podgorica|Q236
MNG|Mongolia|-|Mongolian;Mongolians|Ulaanbaatar;Ulan Bator|Q711
MNP|Northern Mariana Islands|-|-|Saipan|-
MOZ|Mozambique|-|Mozambican;Mozambicans|Maputo|Q1029
MRT|Mauritania|-|Mauritanian;Mauritanians|Nouakchott|Q1025
MSR|Montserrat|-|-|-|-
MTQ|Martinique|-|-|Fort-de-France|-
MUS|Mauritius|-|Mauritian;Mauritians|Port Louis|-
MWI|Malawi|-|Malawian;Malawians|Lilongwe|Q1020
MYS|Malaysia|-|Malaysian;Malaysians|Kuala Lumpur;Putrajaya|Q833
MYT|Mayotte|-|-|Mamoudzou|-
NAM|Namibia|-|Namibian;Namibians|Windhoek|Q1030
NCL|New Caledonia|-|New Caledonian;Kanak|Noumea;Nouméa|-
NER|Niger|-|Nigerien;Nigeriens|Niamey|Q1032
NFK|Norfolk Island|-|-|-|-
NGA|Nigeria|-|Nigerian;Nigerians|Abuja|Q1033
NIC|Nicaragua|-|Nicaraguan;Nicaraguans|Managua|Q811
NIU|Niue|-|Niuean|Alofi|-
NLD|Netherlands|Holland;The Netherlands|Dutch|Amsterdam|Q55
NOR|Norway|-|Norwegian;Norwegians|Oslo|Q20
NPL|Nepal|-|Nepali;Nepalis;Nepalese|Kathmandu|Q837
NRU|Nauru|-|Nauruan|Yaren|-
NZL|New Zealand|-|New Zealander;New Zealanders|Wellington|Q664
OMN|Oman|Sultanate of Oman|Omani;Omanis|Muscat|Q842
PAK|Pakistan|Islamic Republic of Pakistan|Pakistani;Pakistanis|Islamabad|Q843
PAN|Panama|-|Panamanian;Panamanians|Panama City|Q804
PCN|Pitcairn|Pitcairn Islands|-|Adamstown|-
PER|Peru|-|Peruvian;Peruvians|Lima|Q419
PHL|Philippines|The Philippines|Filipino;Filipinos;Philippine|Manila|Q928
PLW|Palau|-|Palauan|Ngerulmud|-
PNG|Papua New Guinea|-|Papua New Guinean;Papua New Guineans|Port Moresby|Q691
POL|Poland|-|Polish;Pole;Poles|Warsaw|Q36
PRI|Puerto Rico|-|Puerto Rican;Puerto Ricans|San Juan|-
PRK|North Korea|DPRK;Democratic People's Republic of Korea|North Korean;North Koreans|Pyongyang|Q423
PRT|Portugal|-|Portuguese|Lisbon|Q45
PRY|Paraguay|-|Paraguayan;Paraguayans|Asuncion;Asunción|Q733
PSE|Palestine|State of Palestine;Palestinian territories;Palestinian Territory;occupied Palestinian territories|Palestinian;Palestinians|Ramallah;East Jerusalem|Q219060
PYF|French Polynesia|-|-|Papeete|-
QAT|Qatar|-|Qatari;Qataris|Doha|Q846
REU|Reunion|Réunion|-|Saint-Denis|-
ROU|Romania|-|Romanian;Romanians|Bucharest|Q218
RUS|Russia|Russian Federation|Russian;Russians|Moscow;Kremlin;State Duma|Q159
RWA|Rwanda|-|Rwandan;Rwandans|Kigali|Q1037
SAU|Saudi Arabia|Kingdom of Saudi Arabia|Saudi;Saudis;Saudi Arabian;Saudi Arabians|Riyadh|Q851
SDN|Sudan|Republic of the Sudan|Sudanese|Khartoum;Port Sudan|Q1049
SEN|Senegal|-|Senegalese|Dakar|Q1041
SGP|Singapore|-|Singaporean;Singaporeans|-|Q334
SGS|South Georgia and the South Sandwich Islands|South Georgia|-|-|-
SHN|Saint Helena|Saint Helena, Ascension and Tristan da Cunha;St Helena|-|-|-
SJM|Svalbard and Jan Mayen|Svalbard|-|Longyearbyen|-
SLB|Solomon Islands|-|Solomon Islander;Solomon Islanders|Honiara|-
SLE|Sierra Leone|-|Sierra Leonean;Sierra Leoneans|Freetown|Q1044
SLV|El Salvador|-|Salvadoran;Salvadorans;Salvadorian|San Salvador|Q792
SMR|San Marino|-|Sammarinese|-|-
SOM|Somalia|Federal Republic of Somalia|Somali;Somalis;Somalian;Somalians|Mogadishu|Q1045
SPM|Saint Pierre and Miquelon|-|-|Saint-Pierre|-
SRB|Serbia|-|Serbian;Serbians;Serb;Serbs|Belgrade|Q403
SSD|South Sudan|-|South Sudanese|Juba|Q958
STP|Sao Tome and Principe|São Tomé and Príncipe|Santomean|Sao Tome;São Tomé|-
SUR|Suriname|Surinam|Surinamese|Paramaribo|-
SVK|Slovakia|Slovak Republic|Slovak;Slovaks;Slovakian|Bratislava|Q214
SVN|Slovenia|-|Slovenian;Slovenians;Slovene;Slovenes|Ljubljana|Q215
SWE|Sweden|-|Swedish;Swede;Swedes|Stockholm|Q34
SWZ|Eswatini|Swaziland|Swazi;Swazis;Emaswati|Mbabane;Lobamba|-
SXM|Sint Maarten|-|-|Philipsburg|-
SYC|Seychelles|-|Seychellois|-|-
SYR|Syria|Syrian Arab Republic;Assad regime;Assad government|Syrian;Syrians|Damascus|Q858
TCA|Turks and Caicos Islands|Turks and Caicos|-|Cockburn Town|-
TCD|Chad|-|Chadian;Chadians|N'Djamena;Ndjamena|Q657
TGO|Togo|-|Togolese|Lome;Lomé|Q945
THA|Thailand|Siam|Thai;Thais|Bangkok|Q869
TJK|Tajikistan|-|Tajik;Tajiks;Tajikistani|Dushanbe|Q863
TKL|Tokelau|-|Tokelauan|-|-
TKM|Turkmenistan|-|Turkmen;Turkmens|Ashgabat|Q874
TLS|Timor-Leste|East Timor;Timor Leste|Timorese;East Timorese|Dili|-
TON|Tonga|-|Tongan;Tongans|Nuku'alofa|-
TTO|Trinidad and Tobago|Trinidad|Trinidadian;Trinidadians;Tobagonian|Port of Spain|-
TUN|Tunisia|-|Tunisian;Tunisians|Tunis|Q948
TUR|Turkey|Türkiye;Turkiye;Republic of Turkey|Turkish;Turk;Turks|Ankara|Q43
TUV|Tuvalu|-|Tuvaluan;Tuvaluans|Funafuti|-
TWN|Taiwan|Republic of China|Taiwanese|Taipei|Q865
TZA|Tanzania|United Republic of Tanzania|Tanzanian;Tanzanians|Dodoma|Q924
UGA|Uganda|-|Ugandan;Ugandans|Kampala|Q1036
UKR|Ukraine|the Ukraine|Ukrainian;Ukrainians|Kyiv;Kiev|Q212
UMI|United States Minor Outlying Islands|-|-|-|-
URY|Uruguay|-|Uruguayan;Uruguayans|Montevideo|Q77
USA|United States|US;U.S.;USA;U.S.A.;United States of America|American;Americans|Washington;White House;Pentagon;State Department;Capitol Hill|Q30
UZB|Uzbekistan|-|Uzbek;Uzbeks;Uzbekistani|Tashkent|Q265
VAT|Vatican|Holy See;Vatican City|-|-|-
VCT|Saint Vincent and the Grenadines|St Vincent and the Grenadines;Saint Vincent|Vincentian;Vincentians|Kingstown|-
VEN|Venezuela|Bolivarian Republic of Venezuela|Venezuelan;Venezuelans|Caracas|Q717
VGB|British Virgin Islands|-|-|Road Town|-
VIR|U.S. Virgin Islands|US Virgin Islands|-|Charlotte Amalie|-
VNM|Vietnam|Viet Nam|Vietnamese|Hanoi|Q881
VUT|Vanuatu|-|Ni-Vanuatu|Port Vila|-
WLF|Wallis and Futuna|-|-|Mata Utu;Mata-Utu|-
WSM|Samoa|-|Samoan;Samoans|Apia|-
XKX|Kosovo|Republic of Kosovo|Kosovar;Kosovars;Kosovan|Pristina;Prishtina|Q1246
YEM|Yemen|-|Yemeni;Yemenis|Sanaa;Sana'a;Aden|Q805
ZAF|South Africa|-|South African;South Africans|Pretoria|Q258
ZMB|Zambia|-|Zambian;Zambians|Lusaka|Q953
ZWE|Zimbabwe|-|Zimbabwean;Zimbabweans|Harare|Q954
"""


def slug(name: str) -> str:
    """'Democratic Republic of the Congo' -> 'democratic-republic-of-the-congo'."""
    text = name.lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _items(field: str) -> list[str]:
    return [] if field.strip() == "-" else [item.strip() for item in field.split(";") if item.strip()]


def country_rows() -> list[dict]:
    """One record per row of COUNTRIES: type country, sector GOV, ACLED inter code 1 (state forces)."""
    rows = []
    for line in COUNTRIES.strip().splitlines():
        code, name, aliases, demonyms, capitals, qid = (part.strip() for part in line.split("|"))
        rows.append(
            {
                "id": slug(name),
                "name": name,
                "type": "country",
                "code": code,
                "sector": "GOV",
                "wikidata": None if qid == "-" else qid,
                "kind": 1,
                "aliases": _items(aliases),
                "demonyms": _items(demonyms),
                "capitals": _items(capitals),
                "coref": [],
            }
        )
    return rows


def group_rows(path: Path) -> list[dict]:
    """The hand-written entries, completed with empty lists, keys in table order."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        if "table" in record:  # header line
            continue
        missing = {"id", "name", "type", "code"} - record.keys()
        if missing:
            raise SystemExit(f"{path}:{number}: missing {sorted(missing)}")
        full = {key: record.get(key, [] if key in ("aliases", "demonyms", "capitals", "coref") else None) for key in KEYS}
        rows.append(full)
    return rows


def build(groups: Path = DATA / "actor_groups.jsonl") -> str:
    """The text of actors.jsonl: a header line, the countries by code, then the groups."""
    header = {
        "table": "actors",
        "version": VERSION,
        "built_by": "scripts/build_actors.py",
        "columns": list(KEYS),
    }
    countries = sorted(country_rows(), key=lambda row: row["code"])
    lines = [json.dumps(header, ensure_ascii=False)]
    lines += [json.dumps(row, ensure_ascii=False) for row in countries + group_rows(groups)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that actors.jsonl is up to date")
    parser.add_argument("--out", type=Path, default=DATA / "actors.jsonl")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run scripts/build_actors.py", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({text.count(chr(10)) - 1} actors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
