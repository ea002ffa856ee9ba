// Companies for the demo organisation and the bench data: the 85 accounts of Maven Analytics' public-domain
// "CRM Sales Opportunities" data set (accounts.csv, a fictitious B2B hardware seller's customers), embedded so
// the app needs no data files at run time. Values are as published, including the sector spelling "technolgy";
// revenue is in millions of USD. The first 50 (parents before their subsidiaries) are the demo's accounts,
// the other 35 become its leads.

export interface SampleCompany {
  name: string;
  /** Sector as published in the data set. */
  sector: string;
  yearEstablished: number;
  revenueMillions: number;
  employees: number;
  officeLocation: string;
  subsidiaryOf: string | null;
}

type Row = [string, string, number, number, number, string, string | null];

const rows: Row[] = [
  ['Acme Corporation', 'technolgy', 1996, 1100.04, 2822, 'United States', null],
  ['Bubba Gump', 'software', 2002, 987.39, 2253, 'United States', null],
  ['Massive Dynamic', 'entertainment', 1989, 665.06, 1095, 'United States', null],
  ['Inity', 'marketing', 1986, 2403.58, 8801, 'United States', null],
  ['Sonron', 'telecommunications', 1999, 1699.85, 5108, 'United States', null],
  ['Golddex', 'finance', 2008, 52.5, 165, 'United States', null],
  ['Warephase', 'services', 1997, 2041.73, 5276, 'United States', null],
  ['Bluth Company', 'technolgy', 1993, 1242.32, 3027, 'United States', 'Acme Corporation'],
  ['Codehow', 'software', 1998, 2714.9, 2641, 'United States', 'Acme Corporation'],
  ['Iselectrics', 'technolgy', 2011, 527.11, 1428, 'United States', 'Acme Corporation'],
  ['Donquadtech', 'technolgy', 1992, 1712.68, 3194, 'United States', 'Acme Corporation'],
  ['Cheers', 'entertainment', 1993, 4269.9, 6472, 'United States', 'Massive Dynamic'],
  ['Scotfind', 'software', 1996, 6354.87, 16780, 'United States', 'Bubba Gump'],
  ['Dalttechnology', 'software', 2013, 98.79, 96, 'United States', 'Bubba Gump'],
  ['dambase', 'marketing', 1995, 2173.98, 2928, 'United States', 'Inity'],
  ['Scottech', 'marketing', 2012, 45.39, 100, 'United States', 'Inity'],
  ['Faxquote', 'telecommunications', 1995, 1825.82, 5595, 'United States', 'Sonron'],
  ['Treequote', 'telecommunications', 1988, 5266.09, 8595, 'United States', 'Sonron'],
  ['Gogozoom', 'telecommunications', 2007, 86.68, 187, 'United States', 'Sonron'],
  ['Funholding', 'finance', 1991, 2819.5, 7227, 'United States', 'Golddex'],
  ['Vehement Capital Partners', 'finance', 1993, 646.1, 883, 'United States', 'Golddex'],
  ['Nam-zim', 'services', 1987, 405.59, 1179, 'Brazil', 'Warephase'],
  ['Initech', 'telecommunications', 1994, 6395.05, 20275, 'United States', null],
  ['Globex Corporation', 'technolgy', 2000, 1223.72, 2497, 'Norway', null],
  ['Umbrella Corporation', 'finance', 1998, 2022.14, 5113, 'United States', null],
  ['Gekko & Co', 'retail', 1990, 2520.83, 3502, 'United States', null],
  ['Genco Pura Olive Oil Company', 'retail', 2007, 894.33, 1635, 'Italy', null],
  ['The New York Inquirer', 'medical', 1996, 439.21, 792, 'United States', null],
  ['Hottechi', 'technolgy', 1997, 8170.38, 16499, 'Korea', null],
  ['Kan-code', 'software', 1982, 11698.03, 34288, 'United States', null],
  ['Konex', 'technolgy', 1980, 7708.38, 13756, 'United States', null],
  ['Xx-holding', 'finance', 1993, 7537.24, 20293, 'United States', null],
  ['Zotware', 'software', 1979, 4478.47, 13809, 'United States', null],
  ['Dontechi', 'software', 1982, 4618, 10083, 'United States', null],
  ['Ganjaflex', 'retail', 1995, 5158.71, 17479, 'Japan', null],
  ['Fasehatice', 'retail', 1990, 4968.91, 7523, 'United States', null],
  ['Isdom', 'medical', 2002, 3178.24, 4540, 'United States', null],
  ['Labdrill', 'medical', 1985, 2741.37, 9226, 'United States', null],
  ['Ron-tech', 'medical', 1992, 3922.42, 6837, 'United States', null],
  ['Silis', 'medical', 1994, 2818.38, 6290, 'United States', null],
  ['Y-corporation', 'employment', 1983, 2871.35, 9561, 'United States', null],
  ['Finjob', 'employment', 1988, 2059.9, 3644, 'United States', null],
  ['Stanredtax', 'finance', 1987, 1698.2, 3798, 'United States', null],
  ['Rangreen', 'technolgy', 1987, 2938.67, 8775, 'Panama', null],
  ['Newex', 'services', 1991, 1012.72, 3492, 'Germany', null],
  ['Mathtouch', 'marketing', 1984, 3027.46, 9516, 'Jordan', null],
  ['Zencorporation', 'technolgy', 2011, 40.79, 142, 'China', null],
  ['Streethex', 'retail', 1988, 1376.8, 1165, 'Belgium', null],
  ['Cancity', 'retail', 2001, 718.62, 2448, 'United States', null],
  ['Betatech', 'medical', 1986, 647.18, 1185, 'Kenya', null],
  ['Betasoloin', 'medical', 1999, 251.41, 495, 'United States', null],
  ['Bioholding', 'medical', 2012, 587.34, 1356, 'Philipines', null],
  ['Bioplex', 'medical', 1991, 326.82, 1016, 'United States', null],
  ['Blackzim', 'retail', 2009, 497.11, 1588, 'United States', null],
  ['Condax', 'medical', 2017, 4.54, 9, 'United States', null],
  ['Conecom', 'technolgy', 2005, 1520.66, 1806, 'United States', null],
  ['Domzoom', 'entertainment', 1998, 217.87, 551, 'United States', null],
  ['Doncon', 'technolgy', 2010, 587.72, 1501, 'United States', null],
  ['Donware', 'marketing', 1999, 1197.44, 2570, 'United States', null],
  ['Finhigh', 'finance', 2006, 1102.43, 1759, 'United States', null],
  ['Goodsilron', 'marketing', 2000, 2952.73, 5107, 'United States', null],
  ['Green-Plus', 'services', 2003, 692.19, 1922, 'United States', null],
  ['Groovestreet', 'retail', 2003, 223.8, 299, 'United States', null],
  ['Hatfan', 'services', 1982, 792.46, 1299, 'United States', null],
  ['J-Texon', 'retail', 1989, 1388.67, 3583, 'United States', null],
  ['Kinnamplus', 'retail', 2004, 702.72, 1831, 'United States', null],
  ['Konmatfix', 'marketing', 1985, 375.43, 1190, 'United States', null],
  ['Lexiqvolax', 'medical', 2004, 1618.89, 3889, 'United States', null],
  ['Ontomedia', 'employment', 1997, 882.12, 2769, 'United States', null],
  ['Opentech', 'finance', 1994, 355.23, 853, 'United States', null],
  ['Plexzap', 'retail', 2001, 2437.85, 4874, 'United States', null],
  ['Plusstrip', 'entertainment', 2002, 349.81, 315, 'United States', null],
  ['Plussunin', 'retail', 2003, 1419.98, 4018, 'United States', null],
  ['Rantouch', 'telecommunications', 1994, 1188.42, 3015, 'United States', null],
  ['Rundofase', 'technolgy', 1983, 1008.06, 1238, 'United States', null],
  ['Singletechno', 'retail', 1996, 2214.94, 5374, 'United States', null],
  ['Statholdings', 'employment', 1997, 291.27, 586, 'United States', null],
  ['Sumace', 'retail', 2000, 167.89, 493, 'Romania', null],
  ['Sunnamplex', 'marketing', 2008, 894.37, 1593, 'Poland', null],
  ['Toughzap', 'retail', 1995, 332.43, 799, 'United States', null],
  ['Xx-zobam', 'entertainment', 1989, 3838.39, 8274, 'United States', null],
  ['Yearin', 'retail', 2005, 2261.05, 3851, 'United States', null],
  ['Zathunicon', 'retail', 2010, 71.12, 144, 'United States', null],
  ['Zoomit', 'entertainment', 1992, 324.19, 978, 'United States', null],
  ['Zumgoity', 'medical', 1984, 441.08, 1210, 'United States', null],
];

export const sampleCompanies: readonly SampleCompany[] = rows.map(
  ([name, sector, yearEstablished, revenueMillions, employees, officeLocation, subsidiaryOf]) => ({
    name,
    sector,
    yearEstablished,
    revenueMillions,
    employees,
    officeLocation,
    subsidiaryOf,
  }),
);

export const DEMO_ACCOUNT_COUNT = 50;

/** The data set's sectors as the industries a CRM user would pick. */
export const industryOfSector: Record<string, string> = {
  technolgy: 'Technology',
  medical: 'Healthcare',
  retail: 'Retail',
  software: 'Software',
  entertainment: 'Media & Entertainment',
  marketing: 'Marketing Services',
  telecommunications: 'Telecommunications',
  finance: 'Financial Services',
  employment: 'Staffing & Recruiting',
  services: 'Professional Services',
};

export const verticalsOfIndustry: Record<string, readonly string[]> = {
  Technology: ['Hardware', 'IT Services', 'Semiconductors', 'Cloud Infrastructure'],
  Healthcare: ['Hospitals & Clinics', 'Medical Devices', 'Pharmaceuticals', 'Diagnostics'],
  Retail: ['Grocery', 'Apparel', 'E-commerce', 'Specialty Retail'],
  Software: ['Enterprise Software', 'SaaS', 'Developer Tools'],
  'Media & Entertainment': ['Broadcasting', 'Publishing', 'Hospitality', 'Gaming'],
  'Marketing Services': ['Advertising', 'Market Research', 'Digital Agencies'],
  Telecommunications: ['Wireless Carriers', 'Network Equipment', 'Internet Providers'],
  'Financial Services': ['Banking', 'Insurance', 'Asset Management', 'Payments'],
  'Staffing & Recruiting': ['Temporary Staffing', 'Executive Search', 'HR Outsourcing'],
  'Professional Services': ['Consulting', 'Engineering Services', 'Facilities Management'],
};

export const industries = Object.values(industryOfSector);

/** Sales regions by office country (the data set spells the Philippines "Philipines"). */
const regionOfCountry: Record<string, string> = {
  'United States': 'North America',
  Panama: 'LATAM',
  Brazil: 'LATAM',
  Japan: 'APAC',
  Korea: 'APAC',
  China: 'APAC',
  Philipines: 'APAC',
};

export function regionOf(officeLocation: string): string {
  return regionOfCountry[officeLocation] ?? 'EMEA';
}

export const regions = ['North America', 'EMEA', 'APAC', 'LATAM'] as const;

/** Regulated industries default to the strict security posture (longer security reviews). */
export function securityPostureOf(industry: string): 'standard' | 'strict' {
  return industry === 'Financial Services' || industry === 'Healthcare' ? 'strict' : 'standard';
}

const filler = new Set(['the', 'co', 'company', 'corporation', 'corp', 'inc']);

/**
 * A web domain under the reserved .example top-level domain (RFC 2606), so demo addresses can never reach
 * a real company: 'Acme Corporation' -> 'acme.example', 'Gekko & Co' -> 'gekko.example'.
 */
export function sampleDomain(companyName: string, suffix = ''): string {
  const words = companyName
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !filler.has(w));
  return `${words.join('')}${suffix}.example`;
}
