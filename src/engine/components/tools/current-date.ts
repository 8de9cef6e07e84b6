/** The Agent's built-in `get_current_date` tool (Langflow's CurrentDate component as a tool). */
import type { EngineTool } from './toolkit';

function formatInZone(d: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const hour = get('hour') === '24' ? '00' : get('hour');
  return `${get('year')}-${get('month')}-${get('day')} ${hour}:${get('minute')}:${get('second')} ${get('timeZoneName')}`;
}

/** "Current date and time in <tz>: YYYY-MM-DD HH:MM:SS <TZ>" */
export function currentDateText(now: Date, timezone = 'UTC'): string {
  try {
    return `Current date and time in ${timezone}: ${formatInZone(now, timezone)}`;
  } catch {
    return `Error: invalid timezone '${timezone}'`;
  }
}

export function currentDateTool(now: () => Date): EngineTool {
  return {
    isEngineTool: true,
    name: 'get_current_date',
    description: 'Returns the current date and time in a selected timezone.',
    parameters: {
      type: 'object',
      properties: {
        timezone: { type: 'string', description: 'Timezone for the current date and time (IANA name, e.g. UTC, Europe/Paris).', default: 'UTC' },
      },
    },
    tags: ['get_current_date'],
    invoke: async (args) => currentDateText(now(), typeof args?.timezone === 'string' && args.timezone ? args.timezone : 'UTC'),
  };
}
