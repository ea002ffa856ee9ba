// Invented people for sample data: common first and last names combined at random, job titles by buying role.

export const firstNames = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Lucas', 'Sofia', 'Mateo', 'Mia', 'Ethan', 'Amara', 'Kenji', 'Chloe',
  'Arjun', 'Zoe', 'Diego', 'Hannah', 'Omar', 'Grace', 'Felix', 'Leila', 'Jonas', 'Ines', 'Victor', 'Aisha', 'Daniel',
  'Mei', 'Samuel', 'Nora', 'Hugo', 'Priya', 'Tomasz', 'Clara', 'Kwame', 'Elena', 'Rafael', 'Yuki', 'Isaac', 'Freya',
  'Andre', 'Lena', 'Marco', 'Sara', 'David', 'Anika', 'Paul', 'Julia', 'Ravi', 'Camille', 'Oscar', 'Fatima', 'Ben',
  'Ingrid', 'Carlos', 'Alice', 'Malik', 'Rosa', 'Erik', 'Naomi', 'Luca',
] as const;

export const lastNames = [
  'Anderson', 'Okafor', 'Nakamura', 'Schmidt', 'Garcia', 'Johansson', 'Patel', 'Rossi', 'Kowalski', 'Dubois',
  'Fernandez', 'Hughes', 'Kim', 'Larsen', 'Mensah', 'Novak', 'Oliveira', 'Park', 'Quinn', 'Reyes', 'Silva',
  'Tanaka', 'Underwood', 'Vasquez', 'Walsh', 'Yilmaz', 'Zhang', 'Bauer', 'Costa', 'Duarte', 'Ellis', 'Fischer',
  'Gupta', 'Haddad', 'Ivanova', 'Jensen', 'Khan', 'Lindqvist', 'Moreau', 'Nielsen', "O'Brien", 'Petrov', 'Ramos',
  'Sato', 'Turner', 'Varga', 'Weber', 'Abbott', 'Brennan', 'Castillo', 'Delgado', 'Evans', 'Ferrari', 'Grant',
  'Horvat', 'Ibrahim', 'Jovanovic', 'Keller', 'Lopez', 'Murphy',
] as const;

/** Buying roles, in the order an account's contacts take them (first the economic buyer, then the champion). */
export const contactRoles = [
  'Economic Buyer',
  'Champion',
  'Technical Evaluator',
  'Procurement',
  'End User',
  'Legal',
] as const;
export type ContactRole = (typeof contactRoles)[number];

export const titlesOfRole: Record<ContactRole, readonly string[]> = {
  'Economic Buyer': ['Chief Financial Officer', 'VP Finance', 'Chief Operating Officer', 'Chief Information Officer'],
  Champion: ['Director of IT', 'Head of Operations', 'IT Infrastructure Manager', 'Director of Engineering'],
  'Technical Evaluator': ['Solutions Architect', 'Systems Engineer', 'IT Manager', 'Network Administrator'],
  Procurement: ['Procurement Manager', 'Purchasing Lead', 'Vendor Manager'],
  'End User': ['Operations Analyst', 'Office Manager', 'Team Lead, Field Services'],
  Legal: ['Corporate Counsel', 'Contracts Manager'],
};

/** first.last as an email local part: lower case, letters only ("O'Brien" -> "obrien"). */
export function emailLocalPart(firstName: string, lastName: string): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  return `${clean(firstName)}.${clean(lastName)}`;
}

/** A number in the 555-01xx range, which North American numbering reserves for fiction. */
export function fictionalPhone(n: number): string {
  return `+1 555-01${String(n % 100).padStart(2, '0')}`;
}
