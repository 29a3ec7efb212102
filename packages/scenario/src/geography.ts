/**
 * Riverland Province: fictional, but sized like a real mid-sized province so per-capita rates,
 * choropleths and drill-downs in the portal look believable.
 */

export type RegionLevel = "PROVINCE" | "CITY" | "DISTRICT";

export interface ScenarioRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  population: number;
}

export const PROVINCE_CODE = "RL";

interface CitySpec {
  name: string;
  districts: readonly (readonly [name: string, population: number])[];
}

// Only districts carry populations: cities and the province are sums, so the hierarchy can never disagree with itself.
const CITIES: readonly CitySpec[] = [
  {
    name: "Eastmere City",
    districts: [
      ["Old Quay District", 864_213],
      ["Lantern Hill District", 612_487],
      ["Ferrygate District", 438_906],
      ["Northmarsh District", 217_342],
    ],
  },
  {
    name: "Highfold City",
    districts: [
      ["Copperdale District", 745_618],
      ["Willowmead District", 391_774],
      ["Stonecross District", 176_405],
    ],
  },
  {
    name: "Kestrel Bay City",
    districts: [
      ["Saltreach District", 538_729],
      ["Beaconfield District", 329_163],
      ["Marrow Point District", 268_551],
      ["Tidewell District", 154_832],
    ],
  },
];

function twoDigits(n: number): string {
  return String(n).padStart(2, "0");
}

/** Province first, then each city followed by its districts: parents always precede children, so rows can be inserted in order. */
export function buildRegions(): ScenarioRegion[] {
  const province: ScenarioRegion = { code: PROVINCE_CODE, name: "Riverland Province", level: "PROVINCE", parentCode: null, population: 0 };
  const regions: ScenarioRegion[] = [province];
  CITIES.forEach((city, c) => {
    const cityCode = `${PROVINCE_CODE}-${twoDigits(c + 1)}`;
    const districts = city.districts.map(
      ([name, population], d): ScenarioRegion => ({
        code: `${cityCode}-${twoDigits(d + 1)}`,
        name,
        level: "DISTRICT",
        parentCode: cityCode,
        population,
      }),
    );
    const cityPopulation = districts.reduce((sum, d) => sum + d.population, 0);
    regions.push({ code: cityCode, name: city.name, level: "CITY", parentCode: PROVINCE_CODE, population: cityPopulation }, ...districts);
    province.population += cityPopulation;
  });
  return regions;
}
