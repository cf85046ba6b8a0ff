/** Word lists for the seed: enough variety that the demo data reads like a real company's Wrike account. */
export const FIRST_NAMES = [
  'Ada', 'Bruno', 'Chen', 'Dana', 'Emeka', 'Farah', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Liam', 'Mona', 'Nikolai',
  'Olu', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zoe',
];
export const LAST_NAMES = [
  'Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Novak', 'Haddad', 'Schmidt', 'Alvarez', 'Kowalski', 'Nguyen', 'Rossi',
  'Patel', 'Brennan', 'Sato', 'Ivanova', 'Mensah', 'Costa', 'Fischer', 'Larsen', 'Duarte',
];
export const TIMEZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Europe/London', 'America/Los_Angeles', 'Asia/Kolkata'];

export const SPACE_NAMES = [
  'Engineering', 'Customer Support', 'Marketing', 'Operations', 'Design', 'Sales', 'Finance', 'People',
];
export const FOLDER_NAMES = [
  'Backlog', 'Roadmap', 'Q1 Launch', 'Q2 Launch', 'Releases', 'Onboarding', 'Escalations', 'Campaigns', 'Research',
  'Infrastructure', 'Mobile App', 'Web App', 'Billing', 'Compliance', 'Partnerships', 'Events', 'Hiring', 'Vendors',
  'Brand Refresh', 'Data Platform', 'Security Review', 'Customer Feedback', 'Pricing', 'Localization',
];
export const TASK_VERBS = [
  'Fix', 'Review', 'Draft', 'Ship', 'Investigate', 'Design', 'Migrate', 'Document', 'Test', 'Plan', 'Refactor', 'Audit',
  'Prepare', 'Update', 'Clean up', 'Benchmark', 'Localize', 'Triage',
];
export const TASK_OBJECTS = [
  'login flow', 'invoice export', 'onboarding email', 'search latency', 'pricing page', 'SSO settings', 'API rate limits',
  'release notes', 'dashboard filters', 'mobile push', 'data retention policy', 'webhook retries', 'CSV import',
  'accessibility issues', 'press kit', 'partner contract', 'support macros', 'billing reminders', 'status page',
  'audit log', 'offline mode', 'GDPR request', 'dark mode', 'quarterly report',
];
export const COMMENT_TEXTS = [
  'Looks good to me, shipping it.',
  'Can we get a second pair of eyes on this before Friday?',
  'Blocked on the vendor, pinged them again this morning.',
  'I attached the latest export; numbers match the dashboard now.',
  'Moving this to next sprint, the scope grew.',
  'Customer confirmed the fix works on their side.',
  'Added acceptance criteria to the description.',
  'Please check the edge case with empty input <b>before</b> merging.',
];
