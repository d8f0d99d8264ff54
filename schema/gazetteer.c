/* gazetteer.c: silk's facet vocabularies — ISO 3166-1 names (compiled in
 * from Debian's iso-codes), the project's country aliases, demonyms and
 * blocked look-alikes, dateline places, and ministry names, titles and
 * acronyms — in hash tables keyed by analyser norms joined with spaces.
 * See docs/facets.md for every decision recorded in the tables below.
 */
#include "gazetteer.h"
#include "gazetteer_int.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the tables ---------------------------------------------------- */

typedef struct iso_row {
    const char *a2, *a3, *name, *official, *common;
} iso_row;

static const iso_row iso_rows[] = {
#include "iso3166.inc"
};
#define N_ISO (sizeof iso_rows / sizeof iso_rows[0])

/* One name in a hand-written table: its text, the value it yields (NULL:
 * a blocked look-alike that yields nothing), the rule and flags. */
typedef struct name_row {
    const char *name;
    const char *value;
    const char *rule;
    unsigned flags;
} name_row;

#define CAP SILK_GZ_CAP
#define ALLCAPS (SILK_GZ_CAP | SILK_GZ_ALLCAPS)
/* Extraction never yields it; a user's `country:` still resolves it. */
#define USER_ONLY 0x100u

/* The project's own country aliases: what ISO lacks or writes
 * differently, demonyms that reliably mean the country, historical names
 * (Reuters-21578 is from 1987), and blocked look-alikes that must win the
 * longest match so that the country inside them is not found. Registered
 * before the ISO names, so they take precedence. */
static const name_row country_aliases[] = {
    /* names ISO writes differently */
    {"Laos", "LA", "alias", CAP}, {"Lao", "LA", "alias", CAP},
    {"Lao PDR", "LA", "alias", CAP}, {"Laotian", "LA", "demonym", CAP},
    {"Vietnam", "VN", "alias", CAP}, {"Vietnamese", "VN", "demonym", CAP},
    {"Russia", "RU", "alias", CAP}, {"Russian", "RU", "demonym", CAP},
    {"Russians", "RU", "demonym", CAP},
    {"Soviet Union", "RU", "alias", CAP}, {"Soviet", "RU", "demonym", CAP},
    {"Soviets", "RU", "demonym", CAP}, {"USSR", "RU", "alias", ALLCAPS},
    {"Korea", "KR", "alias", CAP}, {"South Korea", "KR", "alias", CAP},
    {"Korean", "KR", "demonym", CAP}, {"South Korean", "KR", "demonym", CAP},
    {"Republic of Korea", "KR", "alias", CAP},
    {"North Korea", "KP", "alias", CAP}, {"North Korean", "KP", "demonym", CAP},
    {"DPRK", "KP", "alias", ALLCAPS},
    {"Iran", "IR", "alias", CAP}, {"Iranian", "IR", "demonym", CAP},
    {"Syria", "SY", "alias", CAP}, {"Syrian", "SY", "demonym", CAP},
    {"Taiwan", "TW", "alias", CAP}, {"Taiwanese", "TW", "demonym", CAP},
    {"Chinese Taipei", "TW", "alias", CAP},
    {"Republic of China", "TW", "alias", CAP},
    {"Bolivia", "BO", "alias", CAP}, {"Bolivian", "BO", "demonym", CAP},
    {"Venezuela", "VE", "alias", CAP}, {"Venezuelan", "VE", "demonym", CAP},
    {"Tanzania", "TZ", "alias", CAP}, {"Tanzanian", "TZ", "demonym", CAP},
    {"Moldova", "MD", "alias", CAP},
    {"Czech Republic", "CZ", "alias", CAP}, {"Czech", "CZ", "demonym", CAP},
    {"Czechoslovakia", "CZ", "alias", CAP},
    {"Czechoslovak", "CZ", "demonym", CAP},
    {"UAE", "AE", "alias", ALLCAPS}, {"U.A.E.", "AE", "alias", ALLCAPS},
    {"Emirates", "AE", "alias", CAP}, {"Emirati", "AE", "demonym", CAP},
    {"UK", "GB", "alias", ALLCAPS}, {"U.K.", "GB", "alias", ALLCAPS},
    {"Britain", "GB", "alias", CAP}, {"Great Britain", "GB", "alias", CAP},
    {"British", "GB", "demonym", CAP}, {"Britons", "GB", "demonym", CAP},
    {"England", "GB", "alias", CAP}, {"Scotland", "GB", "alias", CAP},
    {"Wales", "GB", "alias", CAP}, {"Northern Ireland", "GB", "alias", CAP},
    {"US", "US", "alias", ALLCAPS}, {"U.S.", "US", "alias", ALLCAPS},
    {"USA", "US", "alias", ALLCAPS}, {"U.S.A.", "US", "alias", ALLCAPS},
    {"America", "US", "alias", CAP}, {"American", "US", "demonym", CAP},
    {"Americans", "US", "demonym", CAP},
    {"Holland", "NL", "alias", CAP}, {"Dutch", "NL", "demonym", CAP},
    {"Burma", "MM", "alias", CAP}, {"Burmese", "MM", "demonym", CAP},
    {"Ivory Coast", "CI", "alias", CAP}, {"Cote d'Ivoire", "CI", "alias", CAP},
    {"Ivorian", "CI", "demonym", CAP},
    {"Macau", "MO", "alias", CAP}, {"Macanese", "MO", "demonym", CAP},
    {"Hongkong", "HK", "alias", CAP},
    {"Turkey", "TR", "alias", CAP}, {"Turkish", "TR", "demonym", CAP},
    {"Macedonia", "MK", "alias", CAP}, {"Bosnia", "BA", "alias", CAP},
    {"Trinidad", "TT", "alias", CAP}, {"Antigua", "AG", "alias", CAP},
    {"Brunei", "BN", "alias", CAP}, {"Cape Verde", "CV", "alias", CAP},
    {"Swaziland", "SZ", "alias", CAP}, {"East Timor", "TL", "alias", CAP},
    {"Vatican", "VA", "alias", CAP}, {"Falklands", "FK", "alias", CAP},
    {"Malvinas", "FK", "alias", CAP}, {"Palestine", "PS", "alias", CAP},
    {"Micronesia", "FM", "alias", CAP}, {"The Gambia", "GM", "alias", CAP},
    {"St Lucia", "LC", "alias", CAP}, {"St. Lucia", "LC", "alias", CAP},
    /* the Congos: ISO's short name "Congo" is the Republic (Brazzaville),
       as in Reuters; the DRC needs its full name, DRC or Zaire */
    {"Congo", "CG", "alias", CAP}, {"Congo-Brazzaville", "CG", "alias", CAP},
    {"Democratic Republic of Congo", "CD", "alias", CAP},
    {"Democratic Republic of the Congo", "CD", "alias", CAP},
    {"DR Congo", "CD", "alias", CAP}, {"DRC", "CD", "alias", ALLCAPS},
    {"Congo-Kinshasa", "CD", "alias", CAP}, {"Zaire", "CD", "alias", CAP},
    {"Zairean", "CD", "demonym", CAP},
    /* historical names (1987 news) */
    {"West Germany", "DE", "alias", CAP}, {"East Germany", "DE", "alias", CAP},
    {"West German", "DE", "demonym", CAP}, {"East German", "DE", "demonym", CAP},
    {"GDR", "DE", "alias", ALLCAPS}, {"FRG", "DE", "alias", ALLCAPS},
    {"Yugoslavia", "RS", "alias", CAP}, {"Yugoslav", "RS", "demonym", CAP},
    {"Kampuchea", "KH", "alias", CAP}, {"Upper Volta", "BF", "alias", CAP},
    {"Western Samoa", "WS", "alias", CAP}, {"Ceylon", "LK", "alias", CAP},
    {"Rhodesia", "ZW", "alias", CAP},
    {"Netherlands Antilles", "CW", "alias", CAP},
    {"North Yemen", "YE", "alias", CAP}, {"South Yemen", "YE", "alias", CAP},
    /* China: "Chinese" is very frequent in the corpus and denotes China;
       "Sino" only before a country or a hyphen (Sino-Japanese, Sino
       Mongolia Russian); "Chinas" is "China's" with its apostrophe lost */
    {"Chinese", "CN", "demonym", CAP}, {"Sino", "CN", "sino", CAP | SILK_GZ_SINO},
    {"Chinas", "CN", "alias", CAP}, {"PRC", "CN", "alias", ALLCAPS},
    {"Inner Mongolia", "CN", "alias", CAP},
    /* demonyms that reliably mean their country */
    {"Japanese", "JP", "demonym", CAP}, {"French", "FR", "demonym", CAP},
    {"German", "DE", "demonym", CAP}, {"Germans", "DE", "demonym", CAP},
    {"Pakistani", "PK", "demonym", CAP}, {"Malaysian", "MY", "demonym", CAP},
    {"Indonesian", "ID", "demonym", CAP}, {"Indian", "IN", "demonym", CAP},
    {"Brazilian", "BR", "demonym", CAP}, {"Mexican", "MX", "demonym", CAP},
    {"Canadian", "CA", "demonym", CAP}, {"Australian", "AU", "demonym", CAP},
    {"Italian", "IT", "demonym", CAP}, {"Spanish", "ES", "demonym", CAP},
    {"Belgian", "BE", "demonym", CAP}, {"Swiss", "CH", "demonym", CAP},
    {"Swedish", "SE", "demonym", CAP}, {"Norwegian", "NO", "demonym", CAP},
    {"Danish", "DK", "demonym", CAP}, {"Finnish", "FI", "demonym", CAP},
    {"Polish", "PL", "demonym", CAP}, {"Greek", "GR", "demonym", CAP},
    {"Egyptian", "EG", "demonym", CAP}, {"Israeli", "IL", "demonym", CAP},
    {"Israelis", "IL", "demonym", CAP}, {"Iraqi", "IQ", "demonym", CAP},
    {"Saudi", "SA", "demonym", CAP}, {"Kuwaiti", "KW", "demonym", CAP},
    {"Nigerian", "NG", "demonym", CAP}, {"Nigerien", "NE", "demonym", CAP},
    {"Kenyan", "KE", "demonym", CAP}, {"South African", "ZA", "demonym", CAP},
    {"Argentine", "AR", "demonym", CAP}, {"Argentinian", "AR", "demonym", CAP},
    {"Chilean", "CL", "demonym", CAP}, {"Peruvian", "PE", "demonym", CAP},
    {"Colombian", "CO", "demonym", CAP}, {"Ecuadorean", "EC", "demonym", CAP},
    {"Ecuadorian", "EC", "demonym", CAP}, {"Cuban", "CU", "demonym", CAP},
    {"Philippine", "PH", "demonym", CAP}, {"Filipino", "PH", "demonym", CAP},
    {"Thai", "TH", "demonym", CAP}, {"Singaporean", "SG", "demonym", CAP},
    {"Bangladeshi", "BD", "demonym", CAP}, {"Sri Lankan", "LK", "demonym", CAP},
    {"Nepalese", "NP", "demonym", CAP}, {"Afghan", "AF", "demonym", CAP},
    {"Portuguese", "PT", "demonym", CAP}, {"Austrian", "AT", "demonym", CAP},
    {"Irish", "IE", "demonym", CAP}, {"Hungarian", "HU", "demonym", CAP},
    {"Slovak", "SK", "demonym", CAP}, {"Romanian", "RO", "demonym", CAP},
    {"Bulgarian", "BG", "demonym", CAP}, {"Ukrainian", "UA", "demonym", CAP},
    {"Belarusian", "BY", "demonym", CAP}, {"Kazakh", "KZ", "demonym", CAP},
    {"Uzbek", "UZ", "demonym", CAP}, {"Mongolian", "MN", "demonym", CAP},
    {"Cambodian", "KH", "demonym", CAP}, {"Qatari", "QA", "demonym", CAP},
    {"Omani", "OM", "demonym", CAP}, {"Yemeni", "YE", "demonym", CAP},
    {"Lebanese", "LB", "demonym", CAP}, {"Jordanian", "JO", "demonym", CAP},
    {"Libyan", "LY", "demonym", CAP}, {"Tunisian", "TN", "demonym", CAP},
    {"Algerian", "DZ", "demonym", CAP}, {"Moroccan", "MA", "demonym", CAP},
    {"Sudanese", "SD", "demonym", CAP}, {"Ethiopian", "ET", "demonym", CAP},
    {"Ghanaian", "GH", "demonym", CAP}, {"Zambian", "ZM", "demonym", CAP},
    {"Zimbabwean", "ZW", "demonym", CAP}, {"Ugandan", "UG", "demonym", CAP},
    {"Angolan", "AO", "demonym", CAP}, {"Mozambican", "MZ", "demonym", CAP},
    {"Senegalese", "SN", "demonym", CAP}, {"Cameroonian", "CM", "demonym", CAP},
    {"New Zealander", "NZ", "demonym", CAP}, {"Icelandic", "IS", "demonym", CAP},
    {"Maltese", "MT", "demonym", CAP}, {"Cypriot", "CY", "demonym", CAP},
    {"Jamaican", "JM", "demonym", CAP}, {"Panamanian", "PA", "demonym", CAP},
    {"Uruguayan", "UY", "demonym", CAP}, {"Paraguayan", "PY", "demonym", CAP},
    {"Costa Rican", "CR", "demonym", CAP}, {"Nicaraguan", "NI", "demonym", CAP},
    {"Honduran", "HN", "demonym", CAP}, {"Guatemalan", "GT", "demonym", CAP},
    {"Salvadorean", "SV", "demonym", CAP}, {"Salvadoran", "SV", "demonym", CAP},
    {"Dominican", "DO", "demonym", CAP}, {"Haitian", "HT", "demonym", CAP},
    {"Bahraini", "BH", "demonym", CAP}, {"Slovenian", "SI", "demonym", CAP},
    {"Croatian", "HR", "demonym", CAP}, {"Serbian", "RS", "demonym", CAP},
    {"Bosnian", "BA", "demonym", CAP}, {"Albanian", "AL", "demonym", CAP},
    {"Estonian", "EE", "demonym", CAP}, {"Latvian", "LV", "demonym", CAP},
    {"Lithuanian", "LT", "demonym", CAP}, {"Armenian", "AM", "demonym", CAP},
    {"Azerbaijani", "AZ", "demonym", CAP}, {"Tajik", "TJ", "demonym", CAP},
    {"Fijian", "FJ", "demonym", CAP}, {"Luxembourger", "LU", "demonym", CAP},
    /* ambiguous: a person's name as often as a country */
    {"Jordan", "JO", "iso-name", CAP | SILK_GZ_PERSON},
    {"Chad", "TD", "iso-name", CAP | SILK_GZ_PERSON},
    {"Israel", "IL", "iso-name", CAP | SILK_GZ_PERSON},
    /* Georgia: in news as often the US state as the country (always the
       state in Reuters-21578); only unambiguous forms yield GE */
    {"Georgia", "GE", "blocked", USER_ONLY},
    {"Republic of Georgia", "GE", "alias", CAP},
    /* blocked look-alikes: the longest match wins and yields nothing */
    {"Uruguay Round", NULL, "blocked", CAP},
    {"New Jersey", NULL, "blocked", CAP}, {"Jersey City", NULL, "blocked", CAP},
    {"New Mexico", NULL, "blocked", CAP}, {"Gulf of Mexico", NULL, "blocked", CAP},
    {"New South Wales", NULL, "blocked", CAP}, {"New England", NULL, "blocked", CAP},
    {"New Guinea", NULL, "blocked", CAP}, {"Indochina", NULL, "blocked", CAP},
    {"Indo-China", NULL, "blocked", CAP}, {"Indo China", NULL, "blocked", CAP},
    {"Latin America", NULL, "blocked", CAP}, {"Latin American", NULL, "blocked", CAP},
    {"South America", NULL, "blocked", CAP}, {"South American", NULL, "blocked", CAP},
    {"North America", NULL, "blocked", CAP}, {"North American", NULL, "blocked", CAP},
    {"Central America", NULL, "blocked", CAP}, {"Central American", NULL, "blocked", CAP},
    {"Inter-American", NULL, "blocked", CAP}, {"Pan American", NULL, "blocked", CAP},
    {"Native American", NULL, "blocked", CAP},
    {"Indian Ocean", NULL, "blocked", CAP}, {"West Indian", NULL, "blocked", CAP},
    {"American Indian", NULL, "blocked", CAP}, {"West Indies", NULL, "blocked", CAP},
    {"British Columbia", NULL, "blocked", CAP},
    {"Virgin Islands", NULL, "blocked", CAP},
    {"Panama Canal", "PA", "alias", CAP},
    {"French Polynesia", "PF", "iso-name", CAP},
    {"British Virgin Islands", "VG", "iso-official", CAP},
    {"US Virgin Islands", "VI", "alias", CAP},
    {"U.S. Virgin Islands", "VI", "alias", CAP},
};

/* Display names where ISO's own reads badly in a list of results. */
static const struct { const char *a2, *name; } display_overrides[] = {
    {"RU", "Russia"}, {"CD", "DR Congo"}, {"CG", "Congo"},
    {"SH", "Saint Helena"}, {"BQ", "Caribbean Netherlands"},
    {"VG", "British Virgin Islands"}, {"VI", "US Virgin Islands"},
    {"FM", "Micronesia"}, {"PS", "Palestine"}, {"TR", "Turkey"},
};

/* Dateline places: big news cities, US states and Canadian provinces
 * (as written after a comma in a dateline: "ROCHESTER, N.Y."). Country
 * names resolve through the country table. */
static const struct { const char *name, *a2; } places[] = {
    /* US cities */
    {"New York", "US"}, {"Washington", "US"}, {"Chicago", "US"},
    {"Houston", "US"}, {"Los Angeles", "US"}, {"Dallas", "US"},
    {"Minneapolis", "US"}, {"Detroit", "US"}, {"Boston", "US"},
    {"Miami", "US"}, {"Atlanta", "US"}, {"San Francisco", "US"},
    {"Denver", "US"}, {"Pittsburgh", "US"}, {"Philadelphia", "US"},
    {"Cleveland", "US"}, {"Kansas City", "US"}, {"St. Louis", "US"},
    {"St Louis", "US"}, {"Stamford", "US"}, {"Cincinnati", "US"},
    {"Portland", "US"}, {"Milwaukee", "US"}, {"Irvine", "US"},
    {"San Diego", "US"}, {"Akron", "US"}, {"Seattle", "US"},
    {"Rochester", "US"}, {"San Mateo", "US"}, {"Columbus", "US"},
    {"Fort Worth", "US"}, {"Phoenix", "US"}, {"Oklahoma City", "US"},
    {"Boca Raton", "US"}, {"Tulsa", "US"}, {"Greenwich", "US"},
    {"San Antonio", "US"}, {"Indianapolis", "US"}, {"Dayton", "US"},
    {"Charlotte", "US"}, {"Beverly Hills", "US"}, {"Tampa", "US"},
    {"Palo Alto", "US"}, {"Salt Lake City", "US"}, {"St. Paul", "US"},
    {"Hartford", "US"}, {"Nashville", "US"}, {"Memphis", "US"},
    {"Wilmington", "US"}, {"Las Vegas", "US"}, {"Santa Clara", "US"},
    {"Austin", "US"}, {"New Orleans", "US"}, {"Fort Lauderdale", "US"},
    {"Jacksonville", "US"}, {"White Plains", "US"}, {"Baltimore", "US"},
    {"Newark", "US"}, {"Providence", "US"}, {"Omaha", "US"},
    {"Louisville", "US"}, {"Orlando", "US"}, {"Des Moines", "US"},
    {"Sacramento", "US"}, {"Buffalo", "US"}, {"Albany", "US"},
    {"Silicon Valley", "US"}, {"Honolulu", "US"}, {"Anchorage", "US"},
    /* US states, names and abbreviations */
    {"Alabama", "US"}, {"Ala.", "US"}, {"Alaska", "US"}, {"Arizona", "US"},
    {"Ariz.", "US"}, {"Arkansas", "US"}, {"Ark.", "US"},
    {"California", "US"}, {"Calif.", "US"}, {"Calif", "US"},
    {"Colorado", "US"}, {"Colo.", "US"}, {"Connecticut", "US"},
    {"Conn.", "US"}, {"Conn", "US"}, {"Delaware", "US"}, {"Del.", "US"},
    {"Florida", "US"}, {"Fla.", "US"}, {"Fla", "US"}, {"Georgia", "US"},
    {"Ga.", "US"}, {"Hawaii", "US"}, {"Idaho", "US"}, {"Illinois", "US"},
    {"Ill.", "US"}, {"Ill", "US"}, {"Indiana", "US"}, {"Ind.", "US"},
    {"Iowa", "US"}, {"Kansas", "US"}, {"Kan.", "US"}, {"Kentucky", "US"},
    {"Ky.", "US"}, {"Louisiana", "US"}, {"La.", "US"}, {"Maine", "US"},
    {"Maryland", "US"}, {"Md.", "US"}, {"Massachusetts", "US"},
    {"Mass.", "US"}, {"Mass", "US"}, {"Michigan", "US"}, {"Mich.", "US"},
    {"Mich", "US"}, {"Minnesota", "US"}, {"Minn.", "US"},
    {"Mississippi", "US"}, {"Miss.", "US"}, {"Missouri", "US"},
    {"Mo.", "US"}, {"Montana", "US"}, {"Mont.", "US"}, {"Nebraska", "US"},
    {"Neb.", "US"}, {"Nevada", "US"}, {"Nev.", "US"},
    {"New Hampshire", "US"}, {"N.H.", "US"}, {"New Jersey", "US"},
    {"N.J.", "US"}, {"New Mexico", "US"}, {"N.M.", "US"}, {"N.Y.", "US"},
    {"North Carolina", "US"}, {"N.C.", "US"}, {"North Dakota", "US"},
    {"N.D.", "US"}, {"Ohio", "US"}, {"Oklahoma", "US"}, {"Okla.", "US"},
    {"Oregon", "US"}, {"Ore.", "US"}, {"Pennsylvania", "US"}, {"Pa.", "US"},
    {"Pa", "US"}, {"Penn.", "US"}, {"Rhode Island", "US"}, {"R.I.", "US"},
    {"South Carolina", "US"}, {"S.C.", "US"}, {"South Dakota", "US"},
    {"S.D.", "US"}, {"Tennessee", "US"}, {"Tenn.", "US"}, {"Texas", "US"},
    {"Tex.", "US"}, {"Utah", "US"}, {"Vermont", "US"}, {"Vt.", "US"},
    {"Virginia", "US"}, {"Va.", "US"}, {"Va", "US"}, {"W.Va.", "US"},
    {"W. Va.", "US"}, {"West Virginia", "US"}, {"Wash.", "US"},
    {"Wisconsin", "US"}, {"Wis.", "US"}, {"Wyoming", "US"}, {"Wyo.", "US"},
    {"D.C.", "US"},
    /* Canada */
    {"Toronto", "CA"}, {"Montreal", "CA"}, {"Ottawa", "CA"},
    {"Calgary", "CA"}, {"Vancouver", "CA"}, {"Winnipeg", "CA"},
    {"Edmonton", "CA"}, {"Halifax", "CA"}, {"Regina", "CA"},
    {"Saskatoon", "CA"}, {"Ontario", "CA"}, {"Ont.", "CA"},
    {"Quebec", "CA"}, {"Que.", "CA"}, {"Alberta", "CA"}, {"Alta.", "CA"},
    {"British Columbia", "CA"}, {"B.C.", "CA"}, {"Manitoba", "CA"},
    {"Saskatchewan", "CA"}, {"Sask.", "CA"}, {"Nova Scotia", "CA"},
    {"New Brunswick", "CA"}, {"Newfoundland", "CA"},
    /* Australia */
    {"Sydney", "AU"}, {"Melbourne", "AU"}, {"Canberra", "AU"},
    {"Adelaide", "AU"}, {"Perth", "AU"}, {"Brisbane", "AU"},
    {"New South Wales", "AU"}, {"N.S.W.", "AU"}, {"Queensland", "AU"},
    {"Western Australia", "AU"}, {"Victoria", "AU"},
    /* the rest of the world */
    {"London", "GB"}, {"Manchester", "GB"}, {"Edinburgh", "GB"},
    {"Glasgow", "GB"}, {"Liverpool", "GB"}, {"Leeds", "GB"},
    {"Tokyo", "JP"}, {"Osaka", "JP"}, {"Nagoya", "JP"}, {"Yokohama", "JP"},
    {"Kobe", "JP"}, {"Paris", "FR"}, {"Marseille", "FR"}, {"Lyon", "FR"},
    {"Brussels", "BE"}, {"Antwerp", "BE"}, {"Frankfurt", "DE"},
    {"Bonn", "DE"}, {"Berlin", "DE"}, {"Hamburg", "DE"}, {"Munich", "DE"},
    {"Wiesbaden", "DE"}, {"Duesseldorf", "DE"}, {"Dusseldorf", "DE"},
    {"Cologne", "DE"}, {"Stuttgart", "DE"}, {"Wolfsburg", "DE"},
    {"Hanover", "DE"}, {"Essen", "DE"}, {"Ludwigshafen", "DE"},
    {"Leverkusen", "DE"}, {"Zurich", "CH"}, {"Geneva", "CH"},
    {"Berne", "CH"}, {"Bern", "CH"}, {"Basle", "CH"}, {"Basel", "CH"},
    {"Peking", "CN"}, {"Beijing", "CN"}, {"Shanghai", "CN"},
    {"Shenzhen", "CN"}, {"Guangzhou", "CN"}, {"Tianjin", "CN"},
    {"Chongqing", "CN"}, {"Wuhan", "CN"}, {"Xiamen", "CN"}, {"Dalian", "CN"},
    {"Manila", "PH"}, {"Taipei", "TW"}, {"Kaohsiung", "TW"},
    {"Wellington", "NZ"}, {"Auckland", "NZ"}, {"Taupo", "NZ"},
    {"Christchurch", "NZ"}, {"Rome", "IT"}, {"Milan", "IT"}, {"Turin", "IT"},
    {"Naples", "IT"}, {"Stockholm", "SE"}, {"Gothenburg", "SE"},
    {"Amsterdam", "NL"}, {"Rotterdam", "NL"}, {"The Hague", "NL"},
    {"Hague", "NL"}, {"Eindhoven", "NL"}, {"Madrid", "ES"},
    {"Barcelona", "ES"}, {"Bilbao", "ES"}, {"Jakarta", "ID"},
    {"Rio de Janeiro", "BR"}, {"Sao Paulo", "BR"}, {"Brasilia", "BR"},
    {"Salvador", "BR"}, {"Seoul", "KR"}, {"Kuala Lumpur", "MY"},
    {"Buenos Aires", "AR"}, {"Bangkok", "TH"}, {"Johannesburg", "ZA"},
    {"Pretoria", "ZA"}, {"Cape Town", "ZA"}, {"Caracas", "VE"},
    {"New Delhi", "IN"}, {"Delhi", "IN"}, {"Bombay", "IN"}, {"Mumbai", "IN"},
    {"Calcutta", "IN"}, {"Madras", "IN"}, {"Helsinki", "FI"},
    {"Moscow", "RU"}, {"Leningrad", "RU"}, {"Belgrade", "RS"},
    {"Quito", "EC"}, {"Abu Dhabi", "AE"}, {"Dubai", "AE"}, {"Dhaka", "BD"},
    {"Baghdad", "IQ"}, {"Copenhagen", "DK"}, {"Bogota", "CO"},
    {"Vienna", "AT"}, {"Oslo", "NO"}, {"Colombo", "LK"}, {"Lima", "PE"},
    {"Ankara", "TR"}, {"Istanbul", "TR"}, {"Lusaka", "ZM"},
    {"Nicosia", "CY"}, {"Nairobi", "KE"}, {"Abidjan", "CI"},
    {"Mexico City", "MX"}, {"Harare", "ZW"}, {"Athens", "GR"},
    {"Lagos", "NG"}, {"La Paz", "BO"}, {"Dar es Salaam", "TZ"},
    {"Dublin", "IE"}, {"Lisbon", "PT"}, {"Porto", "PT"}, {"Cairo", "EG"},
    {"Beirut", "LB"}, {"Budapest", "HU"}, {"Kampala", "UG"},
    {"Riyadh", "SA"}, {"Jeddah", "SA"}, {"Karachi", "PK"},
    {"Islamabad", "PK"}, {"Lahore", "PK"}, {"Warsaw", "PL"},
    {"Prague", "CZ"}, {"Bucharest", "RO"}, {"Sofia", "BG"},
    {"Tehran", "IR"}, {"Tel Aviv", "IL"}, {"Jerusalem", "IL"},
    {"Amman", "JO"}, {"Damascus", "SY"}, {"Tripoli", "LY"},
    {"Algiers", "DZ"}, {"Tunis", "TN"}, {"Rabat", "MA"},
    {"Casablanca", "MA"}, {"Khartoum", "SD"}, {"Addis Ababa", "ET"},
    {"Accra", "GH"}, {"Dakar", "SN"}, {"Kinshasa", "CD"},
    {"Brazzaville", "CG"}, {"Luanda", "AO"}, {"Maputo", "MZ"},
    {"Gaborone", "BW"}, {"Windhoek", "NA"}, {"Doha", "QA"},
    {"Muscat", "OM"}, {"Manama", "BH"}, {"Santiago", "CL"},
    {"Montevideo", "UY"}, {"Asuncion", "PY"}, {"Panama City", "PA"},
    {"San Salvador", "SV"}, {"Guatemala City", "GT"},
    {"Tegucigalpa", "HN"}, {"Managua", "NI"}, {"Havana", "CU"},
    {"Kingston", "JM"}, {"Port of Spain", "TT"}, {"Bridgetown", "BB"},
    {"Nassau", "BS"}, {"Hanoi", "VN"}, {"Ho Chi Minh City", "VN"},
    {"Saigon", "VN"}, {"Vientiane", "LA"}, {"Phnom Penh", "KH"},
    {"Rangoon", "MM"}, {"Yangon", "MM"}, {"Kathmandu", "NP"},
    {"Ulan Bator", "MN"}, {"Ulaanbaatar", "MN"}, {"Pyongyang", "KP"},
    {"Kabul", "AF"}, {"Tashkent", "UZ"}, {"Almaty", "KZ"},
    {"Kiev", "UA"}, {"Kyiv", "UA"}, {"Minsk", "BY"}, {"Riga", "LV"},
    {"Tallinn", "EE"}, {"Vilnius", "LT"}, {"Reykjavik", "IS"},
    {"Valletta", "MT"}, {"Tbilisi", "GE"}, {"Yerevan", "AM"},
    {"Baku", "AZ"}, {"Belfast", "GB"},
};

/* Ministry display names, one per slug. */
typedef struct ministry_row {
    const char *slug, *name;
} ministry_row;

static const ministry_row ministries[] = {
    {"commerce", "Ministry of Commerce"},
    {"foreign-affairs", "Ministry of Foreign Affairs"},
    {"finance", "Ministry of Finance"},
    {"trade", "Ministry of Trade"},
    {"industry", "Ministry of Industry"},
    {"industry-and-information-technology",
     "Ministry of Industry and Information Technology"},
    {"economy", "Ministry of Economy"},
    {"planning", "Ministry of Planning"},
    {"energy", "Ministry of Energy"},
    {"natural-resources", "Ministry of Natural Resources"},
    {"ecology-and-environment", "Ministry of Ecology and Environment"},
    {"science-and-technology", "Ministry of Science and Technology"},
    {"education", "Ministry of Education"},
    {"health", "Ministry of Health / National Health Commission"},
    {"culture-and-tourism", "Ministry of Culture and Tourism"},
    {"public-security", "Ministry of Public Security"},
    {"state-security", "Ministry of State Security"},
    {"civil-affairs", "Ministry of Civil Affairs"},
    {"justice", "Ministry of Justice"},
    {"human-resources-and-social-security",
     "Ministry of Human Resources and Social Security"},
    {"labour", "Ministry of Labour"},
    {"housing-and-urban-rural-development",
     "Ministry of Housing and Urban-Rural Development"},
    {"water-resources", "Ministry of Water Resources"},
    {"emergency-management", "Ministry of Emergency Management"},
    {"veterans-affairs", "Ministry of Veterans Affairs"},
    {"national-defense", "Ministry of National Defense"},
    {"interior", "Ministry of the Interior"},
    {"transport", "Ministry of Transport"},
    {"agriculture", "Ministry of Agriculture"},
    {"state-council", "State Council"},
    {"state-council-information-office", "State Council Information Office"},
    {"development-and-reform", "National Development and Reform Commission"},
    {"central-bank", "People's Bank of China"},
    {"customs", "General Administration of Customs"},
    {"state-owned-assets",
     "State-owned Assets Supervision and Administration Commission"},
    {"market-regulation", "State Administration for Market Regulation"},
    {"statistics", "National Bureau of Statistics"},
    {"foreign-exchange", "State Administration of Foreign Exchange"},
};
#define N_MINISTRIES (sizeof ministries / sizeof ministries[0])

/* Portfolios: the words that name a ministry's field in "Ministry of P",
 * "P Ministry", "Minister of P", "P Minister", "Department of P",
 * "Secretary of P", ... (see ministry_forms). A foreign body with the same
 * portfolio shares the slug: `ministry:commerce` finds the US Commerce
 * Department too; combine with `country:` to tell them apart. First
 * listed wins where two phrases would make the same name. */
static const struct { const char *phrase, *slug; } portfolios[] = {
    {"commerce", "commerce"},
    {"foreign economic relations and trade", "commerce"},
    {"foreign trade and economic cooperation", "commerce"},
    {"commerce and industry", "commerce"},
    {"foreign affairs", "foreign-affairs"}, {"foreign", "foreign-affairs"},
    {"external affairs", "foreign-affairs"},
    {"external relations", "foreign-affairs"},
    {"foreign relations", "foreign-affairs"},
    {"finance", "finance"}, {"treasury", "finance"},
    {"finance and economy", "finance"}, {"economy and finance", "finance"},
    {"trade", "trade"}, {"foreign trade", "trade"},
    {"international trade", "trade"},
    {"international trade and industry", "trade"},
    {"trade and industry", "trade"}, {"industry and trade", "trade"},
    {"economy trade and industry", "trade"},
    {"industry and information technology",
     "industry-and-information-technology"},
    {"industry", "industry"}, {"industries", "industry"},
    {"economy", "economy"}, {"economic affairs", "economy"},
    {"economics", "economy"}, {"economic", "economy"},
    {"planning", "planning"}, {"national planning", "planning"},
    {"energy", "energy"}, {"petroleum", "energy"}, {"oil", "energy"},
    {"mines and energy", "energy"}, {"energy and mines", "energy"},
    {"petroleum and mineral resources", "energy"},
    {"natural resources", "natural-resources"},
    {"land and resources", "natural-resources"},
    {"mines", "natural-resources"}, {"mining", "natural-resources"},
    {"ecology and environment", "ecology-and-environment"},
    {"environment", "ecology-and-environment"},
    {"environmental protection", "ecology-and-environment"},
    {"environment protection", "ecology-and-environment"},
    {"science and technology", "science-and-technology"},
    {"science", "science-and-technology"},
    {"education", "education"},
    {"health", "health"}, {"public health", "health"},
    {"health and welfare", "health"}, {"health and family planning", "health"},
    {"health and human services", "health"},
    {"health labour and welfare", "health"},
    {"culture and tourism", "culture-and-tourism"},
    {"culture", "culture-and-tourism"}, {"tourism", "culture-and-tourism"},
    {"public security", "public-security"},
    {"state security", "state-security"},
    {"civil affairs", "civil-affairs"},
    {"justice", "justice"}, {"law", "justice"}, {"law and justice", "justice"},
    {"human resources and social security",
     "human-resources-and-social-security"},
    {"labour and social security", "human-resources-and-social-security"},
    {"personnel", "human-resources-and-social-security"},
    {"labour", "labour"}, {"labor", "labour"}, {"employment", "labour"},
    {"housing and urban-rural development",
     "housing-and-urban-rural-development"},
    {"housing and urban development", "housing-and-urban-rural-development"},
    {"construction", "housing-and-urban-rural-development"},
    {"housing", "housing-and-urban-rural-development"},
    {"water resources", "water-resources"}, {"water", "water-resources"},
    {"emergency management", "emergency-management"},
    {"veterans affairs", "veterans-affairs"},
    {"veterans' affairs", "veterans-affairs"},
    {"national defense", "national-defense"},
    {"national defence", "national-defense"},
    {"defense", "national-defense"}, {"defence", "national-defense"},
    {"interior", "interior"}, {"home affairs", "interior"},
    {"internal affairs", "interior"},
    {"transport", "transport"}, {"transportation", "transport"},
    {"transport and communications", "transport"},
    {"agriculture", "agriculture"},
    {"agriculture and rural affairs", "agriculture"},
    {"agriculture and forestry", "agriculture"},
    {"agriculture forestry and fisheries", "agriculture"},
    {"agriculture and fisheries", "agriculture"},
    {"agriculture and rural development", "agriculture"},
    {"farm", "agriculture"},
};

/* The forms a portfolio phrase P takes. "%s" is P. Ministry forms match
 * in any case ("the finance ministry"); department and secretary forms
 * need a capital (a company has a "finance department" too). */
static const struct { const char *fmt, *rule; unsigned flags; } ministry_forms[] = {
    {"ministry of %s", "ministry-name", 0},
    {"ministry of the %s", "ministry-name", 0},
    {"ministry for %s", "ministry-name", 0},
    {"%s ministry", "ministry-name", 0},
    {"%s ministries", "ministry-name", 0},
    {"department of %s", "ministry-name", CAP},
    {"department of the %s", "ministry-name", CAP},
    {"department for %s", "ministry-name", CAP},
    {"%s department", "ministry-name", CAP},
    {"minister of %s", "official-title", SILK_GZ_TITLE},
    {"minister of the %s", "official-title", SILK_GZ_TITLE},
    {"minister for %s", "official-title", SILK_GZ_TITLE},
    {"minister of state for %s", "official-title", SILK_GZ_TITLE},
    {"%s minister", "official-title", SILK_GZ_TITLE},
    {"%s ministers", "official-title", SILK_GZ_TITLE},
    {"%s vice minister", "official-title", 0},
    {"%s deputy minister", "official-title", 0},
    {"%s vice-minister", "official-title", 0},
    {"secretary of %s", "official-title", CAP | SILK_GZ_TITLE},
    {"secretary of the %s", "official-title", CAP | SILK_GZ_TITLE},
    {"secretary for %s", "official-title", CAP | SILK_GZ_TITLE},
    {"secretary of state for %s", "official-title", CAP | SILK_GZ_TITLE},
    {"%s secretary", "official-title", CAP | SILK_GZ_TITLE},
};

/* Ministry-level bodies, acronyms and names that fit no form. */
static const name_row ministry_names[] = {
    {"MOFCOM", "commerce", "acronym", CAP}, {"MOFTEC", "commerce", "acronym", CAP},
    {"MOFERT", "commerce", "acronym", CAP},
    {"China International Trade Representative", "commerce", "official-title",
     CAP | SILK_GZ_TITLE},
    {"State Department", "foreign-affairs", "ministry-name", CAP},
    {"Department of State", "foreign-affairs", "ministry-name", CAP},
    {"Secretary of State", "foreign-affairs", "official-title", CAP | SILK_GZ_TITLE},
    {"Foreign Office", "foreign-affairs", "ministry-name", CAP},
    {"MOF", "finance", "acronym", ALLCAPS},
    {"Exchequer", "finance", "ministry-name", CAP},
    {"MITI", "trade", "acronym", CAP}, {"METI", "trade", "acronym", CAP},
    {"DTI", "trade", "acronym", ALLCAPS}, {"USTR", "trade", "acronym", CAP},
    {"Trade Representative", "trade", "official-title", CAP | SILK_GZ_TITLE},
    {"MIIT", "industry-and-information-technology", "acronym", CAP},
    {"Economic Planning Agency", "planning", "body-name", CAP},
    {"National Health Commission", "health", "body-name", CAP},
    {"National Health and Family Planning Commission", "health", "body-name", CAP},
    {"Home Office", "interior", "ministry-name", CAP},
    {"Pentagon", "national-defense", "ministry-name", CAP},
    {"USDA", "agriculture", "acronym", CAP}, {"MAFF", "agriculture", "acronym", CAP},
    {"State Council", "state-council", "body-name", CAP},
    {"General Office of the State Council", "state-council", "body-name", CAP},
    {"State Council Information Office", "state-council-information-office",
     "body-name", CAP},
    {"Information Office of the State Council",
     "state-council-information-office", "body-name", CAP},
    {"SCIO", "state-council-information-office", "acronym", CAP},
    {"National Development and Reform Commission", "development-and-reform",
     "body-name", CAP},
    {"State Development and Reform Commission", "development-and-reform",
     "body-name", CAP},
    {"State Development Planning Commission", "development-and-reform",
     "body-name", CAP},
    {"State Planning Commission", "development-and-reform", "body-name", CAP},
    {"NDRC", "development-and-reform", "acronym", CAP},
    {"People's Bank of China", "central-bank", "body-name", CAP},
    {"PBOC", "central-bank", "acronym", CAP}, {"PBC", "central-bank", "acronym", ALLCAPS},
    {"General Administration of Customs", "customs", "body-name", CAP},
    {"Customs General Administration", "customs", "body-name", CAP},
    {"GACC", "customs", "acronym", CAP},
    {"State-owned Assets Supervision and Administration Commission",
     "state-owned-assets", "body-name", CAP},
    {"SASAC", "state-owned-assets", "acronym", CAP},
    {"State Administration for Market Regulation", "market-regulation",
     "body-name", CAP},
    {"SAMR", "market-regulation", "acronym", CAP},
    {"National Bureau of Statistics", "statistics", "body-name", CAP},
    {"State Statistical Bureau", "statistics", "body-name", CAP},
    {"State Administration of Foreign Exchange", "foreign-exchange",
     "body-name", CAP},
    /* officials' titles that name no portfolio: blocked, so that
       "Minister of State" is not read as a State Department */
    {"Minister of State", NULL, "blocked", 0},
    {"Prime Minister", NULL, "blocked", 0},
};

/* ---- hash tables ------------------------------------------------------ */

typedef struct slot {
    const char *key;   /* in the gazetteer's arena; NULL = empty slot */
    uint32_t len, hash;
    silk_gz_entry_t e;
} slot;

typedef struct table {
    slot *slots;
    size_t cap, n;     /* cap: a power of two */
} table;

/* Arena chunk size: all keys of all tables fit in a few chunks. */
#define ARENA_CHUNK 65536

typedef struct chunk {
    struct chunk *next;
    size_t used;
    char data[ARENA_CHUNK];
} chunk;

/* The tables, each built on first use: building runs the analyser over
 * about a thousand names (some milliseconds), which a silk-query that
 * only prints display names never needs. */
#define N_TABLES 3

struct silk_gazetteer {
    silk_analyzer_t *a;
    table t[N_TABLES];     /* SILK_GZ_COUNTRY, SILK_GZ_MINISTRY, places */
    bool built[N_TABLES];  /* t[i] has been built (or its build failed) */
    chunk *arena;
    const char *display[26 * 26];  /* alpha-2 -> display name */
    char *scratch;         /* key being built */
    size_t scratch_len, scratch_cap;
    bool oom;
};

#define PLACES 2

uint32_t silk_gazetteer__hash(uint32_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

size_t silk_gazetteer__strip_possessive(const char *norm, size_t n)
{
    if (n > 2 && norm[n - 2] == '\'' && norm[n - 1] == 's')
        return n - 2;
    if (n > 1 && norm[n - 1] == '\'')
        return n - 1;
    return n;
}

/* Copy n bytes into the arena, NUL-terminated; NULL if memory ran out. */
static const char *arena_copy(silk_gazetteer_t *g, const char *s, size_t n)
{
    if (n + 1 > ARENA_CHUNK)
        return NULL;
    if (!g->arena || g->arena->used + n + 1 > ARENA_CHUNK) {
        chunk *c = malloc(sizeof *c);
        if (!c)
            return NULL;
        c->next = g->arena;
        c->used = 0;
        g->arena = c;
    }
    char *p = g->arena->data + g->arena->used;
    memcpy(p, s, n);
    p[n] = '\0';
    g->arena->used += n + 1;
    return p;
}

/* The slot for key in t: its own, or the empty one where it would go. */
static slot *table_probe(const table *t, const char *key, size_t n, uint32_t h)
{
    size_t mask = t->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        slot *s = &t->slots[i];
        if (!s->key || (s->hash == h && s->len == n && memcmp(s->key, key, n) == 0))
            return s;
    }
}

/* Double t's capacity; false if memory ran out (t unchanged). */
static bool table_grow(table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    slot *old = t->slots;
    size_t old_cap = t->cap;
    t->slots = calloc(cap, sizeof *t->slots);
    if (!t->slots) {
        t->slots = old;
        return false;
    }
    t->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *table_probe(t, old[i].key, old[i].len, old[i].hash) = old[i];
    free(old);
    return true;
}

/* The slot for key, created empty (flags 0) if new; NULL if memory ran
 * out. */
static slot *table_get(silk_gazetteer_t *g, table *t, const char *key, size_t n)
{
    if ((t->n + 1) * 2 > t->cap && !table_grow(t))
        return NULL;
    uint32_t h = silk_gazetteer__hash(SILK_GZ_HASH_INIT, key, n);
    slot *s = table_probe(t, key, n, h);
    if (!s->key) {
        const char *k = arena_copy(g, key, n);
        if (!k)
            return NULL;
        s->key = k;
        s->len = (uint32_t)n;
        s->hash = h;
        memset(&s->e, 0, sizeof s->e);
        t->n++;
    }
    return s;
}

static bool need_table(silk_gazetteer_t *g, unsigned v);

const silk_gz_entry_t *silk_gazetteer__find(const silk_gazetteer_t *g,
                                            silk_gz_vocab_t v,
                                            const char *key, size_t n,
                                            uint32_t h)
{
    /* g is const to callers: building a table on first use does not
     * change what any lookup answers. g itself was malloc'ed, never a
     * const object, so writing through it is defined. */
    if ((unsigned)v >= N_TABLES || !need_table((silk_gazetteer_t *)g, v))
        return NULL;
    const table *t = &g->t[v];
    if (!t->cap)
        return NULL;
    const slot *s = table_probe(t, key, n, h);
    return s->key ? &s->e : NULL;
}

/* ---- keys ------------------------------------------------------------- */

/* Analyser callback: append the token's norm (possessive stripped) to the
 * scratch key, space-separated. */
static int key_token(void *ctx, const silk_token_t *tok)
{
    silk_gazetteer_t *g = ctx;
    size_t n = silk_gazetteer__strip_possessive(tok->norm, tok->norm_len);
    if (n == 0)
        return 0;
    if (g->scratch_len + n + 2 > g->scratch_cap) {
        size_t cap = (g->scratch_len + n + 2) * 2;
        char *p = realloc(g->scratch, cap);
        if (!p) {
            g->oom = true;
            return 1;
        }
        g->scratch = p;
        g->scratch_cap = cap;
    }
    if (g->scratch_len)
        g->scratch[g->scratch_len++] = ' ';
    memcpy(g->scratch + g->scratch_len, tok->norm, n);
    g->scratch_len += n;
    return 0;
}

/* The key of name (as the analyser reads it) in g->scratch; its length, 0
 * if the name has no tokens or memory ran out. A leading "the" is
 * dropped ("the State of Eritrea"). */
static size_t make_key(silk_gazetteer_t *g, const char *name, size_t len)
{
    g->scratch_len = 0;
    if (silk_analyzer_run(g->a, name, len, 0, key_token, g) != 0)
        return 0;
    if (g->scratch_len > 4 && memcmp(g->scratch, "the ", 4) == 0) {
        memmove(g->scratch, g->scratch + 4, g->scratch_len - 4);
        g->scratch_len -= 4;
    }
    return g->scratch_len;
}

/* Add name to vocabulary v unless its key is taken (first wins). text and
 * user are the values (either may be NULL). Marks every proper prefix of
 * the key as SILK_GZ_LONGER. False only if memory ran out. */
static bool add_name(silk_gazetteer_t *g, silk_gz_vocab_t v, const char *name,
                     size_t name_len, const char *text, const char *user,
                     const char *rule, unsigned flags)
{
    size_t n = make_key(g, name, name_len);
    if (g->oom)
        return false;
    if (n == 0)
        return true;
    slot *s = table_get(g, &g->t[v], g->scratch, n);
    if (!s)
        return false;
    if (!(s->e.flags & SILK_GZ_ENTRY)) {
        s->e.text_value = text;
        s->e.user_value = user;
        s->e.rule = rule;
        s->e.flags |= SILK_GZ_ENTRY | (flags & 0xffu & ~SILK_GZ_LONGER);
        if (strcmp(rule, "blocked") == 0)
            s->e.flags |= SILK_GZ_BLOCK;
    } else if (!s->e.user_value) {
        s->e.user_value = user;
    }
    for (size_t i = 0; i < n; i++) {
        if (g->scratch[i] != ' ')
            continue;
        slot *p = table_get(g, &g->t[v], g->scratch, i);
        if (!p)
            return false;
        p->e.flags |= SILK_GZ_LONGER;
    }
    return true;
}

/* Add a NUL-terminated name that yields value both in text and for a
 * user, unless flags has USER_ONLY. */
static bool add(silk_gazetteer_t *g, silk_gz_vocab_t v, const char *name,
                const char *value, const char *rule, unsigned flags)
{
    const char *text = (flags & USER_ONLY) ? NULL : value;
    return add_name(g, v, name, strlen(name), text, value, rule, flags);
}

/* Add an ISO name: a name with ", ..." or " (...)" ("Korea, Republic
 * of", "Holy See (Vatican City State)") is added whole for users and its
 * head ("Korea", "Holy See") for text and users, unless already taken. */
static bool add_iso_name(silk_gazetteer_t *g, const char *name,
                         const char *a2, const char *rule)
{
    if (!*name)
        return true;
    size_t head = strcspn(name, ",(");
    while (head > 0 && name[head - 1] == ' ')
        head--;
    if (!add_name(g, SILK_GZ_COUNTRY, name, strlen(name), a2, a2, rule, CAP))
        return false;
    if (name[head])
        return add_name(g, SILK_GZ_COUNTRY, name, head, a2, a2, rule, CAP);
    return true;
}

static int code_index(const char *code)
{
    if (!code || !code[0] || !code[1] || code[2])
        return -1;
    int c0 = code[0] & ~0x20, c1 = code[1] & ~0x20;
    if (c0 < 'A' || c0 > 'Z' || c1 < 'A' || c1 > 'Z')
        return -1;
    return (c0 - 'A') * 26 + (c1 - 'A');
}

/* The display name of every alpha-2 code: ISO's common name, else its
 * official name for an inverted one ("Korea, Republic of"), else its
 * name; then the project's overrides. Static strings, no analyser. */
static void build_display(silk_gazetteer_t *g)
{
    for (size_t i = 0; i < N_ISO; i++) {
        const iso_row *r = &iso_rows[i];
        int k = code_index(r->a2);
        if (k >= 0 && !g->display[k])
            g->display[k] = *r->common ? r->common
                          : strchr(r->name, ',') && *r->official ? r->official
                          : r->name;
    }
    for (size_t i = 0; i < sizeof display_overrides / sizeof display_overrides[0]; i++) {
        int k = code_index(display_overrides[i].a2);
        if (k >= 0)
            g->display[k] = display_overrides[i].name;
    }
}

/* Build the country vocabulary: aliases first (they win), then ISO names,
 * official and common names, then alpha-2/alpha-3 codes (users only). */
static bool build_countries(silk_gazetteer_t *g)
{
    for (size_t i = 0; i < sizeof country_aliases / sizeof country_aliases[0]; i++) {
        const name_row *r = &country_aliases[i];
        if (!add(g, SILK_GZ_COUNTRY, r->name, r->value, r->rule, r->flags))
            return false;
    }
    for (size_t i = 0; i < N_ISO; i++) {
        const iso_row *r = &iso_rows[i];
        if (!add_iso_name(g, r->name, r->a2, "iso-name") ||
            !add_iso_name(g, r->official, r->a2, "iso-official") ||
            !add_iso_name(g, r->common, r->a2, "iso-name"))
            return false;
    }
    for (size_t i = 0; i < N_ISO; i++) {
        const iso_row *r = &iso_rows[i];
        if (!add(g, SILK_GZ_COUNTRY, r->a2, r->a2, "code", USER_ONLY) ||
            !add(g, SILK_GZ_COUNTRY, r->a3, r->a2, "code", USER_ONLY))
            return false;
    }
    return true;
}

/* Build the dateline places. */
static bool build_places(silk_gazetteer_t *g)
{
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
        if (!add(g, PLACES, places[i].name, places[i].a2, "dateline", 0))
            return false;
    return true;
}

/* Name buffer for generated ministry names: the longest portfolio phrase
 * plus the longest form fits many times over. */
#define MINISTRY_NAME_MAX 160

/* Build the ministry vocabulary: explicit bodies and acronyms, then every
 * form of every portfolio, then the slugs and display names for users. */
static bool build_ministries(silk_gazetteer_t *g)
{
    char buf[MINISTRY_NAME_MAX];
    for (size_t i = 0; i < sizeof ministry_names / sizeof ministry_names[0]; i++) {
        const name_row *r = &ministry_names[i];
        if (!add(g, SILK_GZ_MINISTRY, r->name, r->value, r->rule, r->flags))
            return false;
    }
    for (size_t i = 0; i < sizeof portfolios / sizeof portfolios[0]; i++) {
        for (size_t f = 0; f < sizeof ministry_forms / sizeof ministry_forms[0]; f++) {
            int n = snprintf(buf, sizeof buf, ministry_forms[f].fmt, portfolios[i].phrase);
            if (n < 0 || (size_t)n >= sizeof buf)
                continue;
            if (!add(g, SILK_GZ_MINISTRY, buf, portfolios[i].slug,
                     ministry_forms[f].rule, ministry_forms[f].flags))
                return false;
        }
    }
    for (size_t i = 0; i < N_MINISTRIES; i++) {
        if (!add(g, SILK_GZ_MINISTRY, ministries[i].slug, ministries[i].slug,
                 "slug", USER_ONLY) ||
            !add(g, SILK_GZ_MINISTRY, ministries[i].name, ministries[i].slug,
                 "ministry-name", CAP))
            return false;
    }
    for (size_t i = 0; i < sizeof portfolios / sizeof portfolios[0]; i++)
        if (!add(g, SILK_GZ_MINISTRY, portfolios[i].phrase, portfolios[i].slug,
                 "portfolio", USER_ONLY))
            return false;
    return true;
}

/* Make sure table v (SILK_GZ_COUNTRY, SILK_GZ_MINISTRY or PLACES) is
 * built. The first call builds it, on g's thread as every lookup is, with
 * an analyser of its own in g's language (same norms, and safe even when
 * the lookup comes from inside a run of g's analyser); it reuses g's
 * scratch key. False if that build ran out of memory: the table is then
 * left empty and every lookup in it answers "unknown". */
static bool need_table(silk_gazetteer_t *g, unsigned v)
{
    if (!g->built[v]) {
        silk_analyzer_t *own = silk_analyzer_new(silk_analyzer_language(g->a));
        silk_analyzer_t *user = g->a;
        bool ok = own != NULL;
        g->built[v] = true;
        g->a = own;
        if (ok)
            ok = v == SILK_GZ_COUNTRY ? build_countries(g)
               : v == SILK_GZ_MINISTRY ? build_ministries(g)
               : build_places(g);
        g->a = user;
        silk_analyzer_free(own);
        if (!ok) {
            free(g->t[v].slots);
            memset(&g->t[v], 0, sizeof g->t[v]);
            g->oom = false;
            return false;
        }
    }
    return g->t[v].cap > 0;
}

/* ---- public API ------------------------------------------------------- */

/* Set up the gazetteer: the display names now, each name table on its
 * first lookup (need_table). NULL if memory ran out or a is NULL. */
silk_gazetteer_t *silk_gazetteer_new(silk_analyzer_t *a)
{
    if (!a)
        return NULL;
    silk_gazetteer_t *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->a = a;
    build_display(g);
    return g;
}

/* Free g and everything it owns; NULL is a no-op. */
void silk_gazetteer_free(silk_gazetteer_t *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < N_TABLES; i++)
        free(g->t[i].slots);
    while (g->arena) {
        chunk *c = g->arena;
        g->arena = c->next;
        free(c);
    }
    free(g->scratch);
    free(g);
}

/* True if s starts with the lower-case ASCII prefix p, ignoring case. */
static bool starts_with_ci(const char *s, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != p[i])
            return false;
    }
    return true;
}

/* What a user typed, read as the analyser reads it, looked up in v's user
 * values. NULL if name is NULL, empty or unknown. */
static const char *user_lookup(silk_gazetteer_t *g, silk_gz_vocab_t v,
                               const char *name)
{
    if (!g || !name || !need_table(g, v))
        return NULL;
    size_t n = make_key(g, name, strlen(name));
    if (n == 0)
        return NULL;
    const silk_gz_entry_t *e = silk_gazetteer__find(
        g, v, g->scratch, n, silk_gazetteer__hash(SILK_GZ_HASH_INIT, g->scratch, n));
    return e && (e->flags & SILK_GZ_ENTRY) ? e->user_value : NULL;
}

const char *silk_gazetteer_country_code(silk_gazetteer_t *g, const char *name)
{
    return user_lookup(g, SILK_GZ_COUNTRY, name);
}

const char *silk_gazetteer_country_name(const silk_gazetteer_t *g,
                                        const char *code)
{
    int k = code_index(code);
    return g && k >= 0 ? g->display[k] : NULL;
}

const char *silk_gazetteer_ministry_slug(silk_gazetteer_t *g, const char *name)
{
    static const char *const ranks[] = {"vice ", "vice-", "deputy ", "assistant ",
                                        "under "};
    const char *v = user_lookup(g, SILK_GZ_MINISTRY, name);
    /* an official's title as typed: "Assistant Minister of Commerce" */
    for (size_t i = 0; !v && name && i < sizeof ranks / sizeof ranks[0]; i++) {
        size_t n = strlen(ranks[i]);
        if (starts_with_ci(name, ranks[i], n))
            v = user_lookup(g, SILK_GZ_MINISTRY, name + n);
    }
    return v;
}

const char *silk_gazetteer_ministry_name(const silk_gazetteer_t *g,
                                         const char *slug)
{
    if (!g || !slug)
        return NULL;
    for (size_t i = 0; i < N_MINISTRIES; i++)
        if (strcmp(ministries[i].slug, slug) == 0)
            return ministries[i].name;
    return NULL;
}

/* One comma-separated part of a dateline place: a place name first, then
 * a country name as found in text (so "Georgia" here is the US state). */
static const char *place_part(silk_gazetteer_t *g, const char *s, size_t n)
{
    /* Both tables before the key: building one reuses g->scratch. */
    if (!need_table(g, PLACES) || !need_table(g, SILK_GZ_COUNTRY))
        return NULL;
    size_t k = make_key(g, s, n);
    if (k == 0)
        return NULL;
    uint32_t h = silk_gazetteer__hash(SILK_GZ_HASH_INIT, g->scratch, k);
    const silk_gz_entry_t *e = silk_gazetteer__find(g, PLACES, g->scratch, k, h);
    if (e && (e->flags & SILK_GZ_ENTRY))
        return e->text_value;
    e = silk_gazetteer__find(g, SILK_GZ_COUNTRY, g->scratch, k, h);
    if (e && (e->flags & SILK_GZ_ENTRY))
        return e->text_value;
    return NULL;
}

const char *silk_gazetteer_place_country(silk_gazetteer_t *g,
                                         const char *place, size_t len)
{
    if (!g || !place)
        return NULL;
    const char *found = NULL;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && place[j] != ',')
            j++;
        const char *c = place_part(g, place + i, j - i);
        if (c)
            found = c;
        i = j + 1;
    }
    return found;
}
