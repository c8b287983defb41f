// Where Route 53 geolocation routing answers a client from when the record for its location is unhealthy: the record
// of the next larger location (a US state's country, a country's continent), then the "*" default record ("Geolocation
// routing" and "How Amazon Route 53 chooses records when health checking is configured", Route 53 Developer Guide).

export const CONTINENTS = ['AF', 'AN', 'AS', 'EU', 'NA', 'OC', 'SA'] as const;
type Continent = (typeof CONTINENTS)[number];

/**
 * ISO 3166-1 alpha-2 countries by continent, as Route 53 lists them under Location. Codes that are also continent
 * codes (NA Namibia, SA Saudi Arabia, AS American Samoa) cannot be written as countries in a topology: the format
 * reads them as continents. Countries that span two continents are listed under both: which of the two records
 * Route 53 falls back to is not something topoform can know, so both are considered.
 */
const BY_CONTINENT: Record<Continent, string> = {
  AF: 'AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR LS LY MA MG ML MR MU MW MZ NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TN TZ UG YT ZA ZM ZW',
  AN: 'AQ BV GS HM TF',
  AS: 'AE AF AM AZ BD BH BN BT CC CN CX CY GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA RU SG SY TH TJ TL TM TR TW UZ VN YE',
  EU: 'AD AL AM AT AX AZ BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GR HR HU IE IM IS IT JE KZ LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TR UA VA XK',
  NA: 'AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ MS MX NI PA PM PR SV SX TC TT UM US VC VG VI',
  OC: 'AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS',
  SA: 'AR BO BR CL CO EC FK GF GY PE PY SR UY VE',
};

const CONTINENTS_OF = new Map<string, Continent[]>();
for (const continent of CONTINENTS) {
  for (const country of BY_CONTINENT[continent].split(' ')) CONTINENTS_OF.set(country, [...(CONTINENTS_OF.get(country) ?? []), continent]);
}

/**
 * The larger locations a location falls back to, smallest first, one chain per continent it may belong to: `US-CA` →
 * `US`, `NA`; `GB` → `EU`; `TR` → `AS` and `EU`; a continent → none. A country topoform does not know falls back
 * to the default only (the "*" record is never in a chain: it comes after every chain).
 */
export function largerLocations(location: string): string[][] {
  if (location === '*' || (CONTINENTS as readonly string[]).includes(location)) return [[]];
  const [country, subdivision] = location.split('-') as [string, string | undefined];
  const continents = CONTINENTS_OF.get(country) ?? [];
  const chains = continents.length > 0 ? continents.map((c) => [c]) : [[]];
  return subdivision !== undefined ? chains.map((c) => [country, ...c]) : chains;
}

/** A geolocation record: the location and the region whose endpoint it answers with. */
export interface GeoRecord {
  location: string;
  region: string;
}

/**
 * Where Route 53 answers the clients of `location` from while the regions in `down` are unhealthy: the record of
 * the location itself or of the smallest larger location whose region is up, else the "*" default record (when its
 * region is up). One answer per chain (see largerLocations); undefined in a chain where no record is left.
 */
export function geolocationAnswers(map: Readonly<Record<string, readonly string[]>>, location: string, down: ReadonlySet<string>): (GeoRecord | undefined)[] {
  const regionOf = new Map<string, string>();
  for (const [region, locations] of Object.entries(map)) for (const l of locations) regionOf.set(l, region);
  const answer = (l: string): GeoRecord | undefined => {
    const region = regionOf.get(l);
    return region !== undefined && !down.has(region) ? { location: l, region } : undefined;
  };
  return largerLocations(location).map((chain) => {
    for (const l of [location, ...chain, '*']) {
      const found = answer(l);
      if (found) return found;
    }
    return undefined;
  });
}
