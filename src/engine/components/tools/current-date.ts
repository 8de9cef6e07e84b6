/** The Agent's built-in `get_current_date` tool, and the Current Date component. */
import type { EngineTool } from './toolkit';
import { Component, ComponentMeta } from '../../component/component';
import { DropdownInput, Output } from '../../component/fields';
import { Message } from '../../schema/message';

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


const TIMEZONES = ['UTC', 'US/Eastern', 'US/Central', 'US/Mountain', 'US/Pacific', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Asia/Tokyo', 'Asia/Shanghai', 'Asia/Kolkata', 'Australia/Sydney', 'America/Sao_Paulo'];

/** Current Date (`CurrentDate`): the date and time in a timezone, as a Message (also usable as a tool). */
export class CurrentDateComponent extends Component {
  static override readonly meta: ComponentMeta = {
    name: 'CurrentDate',
    displayName: 'Current Date',
    description: 'Returns the current date and time in the selected timezone.',
    icon: 'clock',
    category: 'utilities',
    aliases: ['CurrentDateComponent'],
    modules: ['lfx.components.utilities.current_date.CurrentDateComponent', 'lfx.components.helpers.current_date.CurrentDateComponent'],
    module: 'lfx.components.utilities.current_date.CurrentDateComponent',
  };
  static override readonly inputs = [
    DropdownInput({ name: 'timezone', display_name: 'Timezone', options: TIMEZONES, value: 'UTC', info: 'Select the timezone for the current date and time.', tool_mode: true, combobox: true }),
  ];
  static override readonly outputs = [Output({ name: 'current_date', display_name: 'Current Date', method: 'get_current_date', types: ['Message'] })];

  get_current_date(): Message {
    const text = currentDateText(this.ctx.ports.clock.now(), String(this.params.timezone || 'UTC'));
    this.status = text;
    return new Message({ text });
  }
}
