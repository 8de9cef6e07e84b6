/**
 * Profile pictures made for Nestflow (simple flat SVGs), served at
 * /api/v1/files/profile_pictures/{folder}/{file}. The file names follow
 * Langflow's folders so a stored `profile_image` such as
 * "Space/046-rocket.svg" (the UI's default avatar) resolves here too.
 * Embedded as strings so `nest build` ships them without asset rules.
 */
const svg = (background: string, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">` +
  `<rect width="64" height="64" rx="32" fill="${background}"/>${body}</svg>\n`;

const person = (background: string, skin: string, shirt: string, hair: string) =>
  svg(
    background,
    `<path d="M12 58c2-12 10-18 20-18s18 6 20 18z" fill="${shirt}"/>` +
      `<circle cx="32" cy="26" r="11" fill="${skin}"/>` +
      `<path d="M21 25c0-8 5-12 11-12s11 4 11 12c-3-4-7-6-11-6s-8 2-11 6z" fill="${hair}"/>`,
  );

export const PROFILE_PICTURES: Readonly<Record<string, string>> = {
  'People/001-person.svg': person('#fde68a', '#f5c9a0', '#2563eb', '#4b2e14'),
  'People/002-person.svg': person('#c7d2fe', '#8d5a3b', '#059669', '#1f1f1f'),
  'People/003-person.svg': person('#fbcfe8', '#f1d3b3', '#db2777', '#d97706'),
  'People/004-person.svg': person('#bbf7d0', '#c68642', '#7c3aed', '#3f2a1d'),
  'Space/001-planet.svg': svg(
    '#1e1b4b',
    `<circle cx="32" cy="32" r="13" fill="#f59e0b"/>` +
      `<ellipse cx="32" cy="32" rx="24" ry="6" fill="none" stroke="#fcd34d" stroke-width="3" transform="rotate(-20 32 32)"/>`,
  ),
  'Space/012-moon.svg': svg(
    '#0f172a',
    `<path d="M38 14a18 18 0 1 0 12 30a15 15 0 1 1-12-30z" fill="#e2e8f0"/>` +
      `<circle cx="18" cy="18" r="1.5" fill="#fff"/><circle cx="48" cy="20" r="1" fill="#fff"/>`,
  ),
  'Space/026-star.svg': svg('#312e81', `<path d="M32 12l6 13 14 2-10 10 2 14-12-7-12 7 2-14-10-10 14-2z" fill="#facc15"/>`),
  'Space/046-rocket.svg': svg(
    '#1e293b',
    `<path d="M32 10c8 6 11 16 9 28H23c-2-12 1-22 9-28z" fill="#e2e8f0"/>` +
      `<circle cx="32" cy="25" r="4" fill="#38bdf8"/>` +
      `<path d="M23 32l-7 9 8-1zM41 32l7 9-8-1z" fill="#ef4444"/>` +
      `<path d="M27 40h10l-5 12z" fill="#f97316"/>`,
  ),
};
