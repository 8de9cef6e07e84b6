import { Component } from '../../component/component';
import { MultilineInput, Output } from '../../component/fields';
import { Data } from '../../schema/data';

/** Webhook: the POSTed body (filled by the webhook endpoint as the `data` tweak) as Data. */
export class WebhookComponent extends Component {
  static override readonly meta = {
    name: 'Webhook',
    displayName: 'Webhook',
    description: 'Defines a webhook trigger for the flow.',
    icon: 'webhook',
    category: 'data_source',
    module: 'lfx.components.data_source.webhook.WebhookComponent',
    modules: ['lfx.components.data_source.webhook.WebhookComponent', 'lfx.components.data.webhook.WebhookComponent'],
    aliases: ['WebhookComponent'],
    isInput: true,
    documentation: 'https://docs.langflow.org/component-webhook',
  };
  static override readonly inputs = [
    MultilineInput({ name: 'data', display_name: 'Payload', info: 'Receives a payload from external systems via HTTP POST.', advanced: true }),
    MultilineInput({ name: 'curl', display_name: 'cURL', value: 'CURL_WEBHOOK', advanced: true, input_types: [] }),
    MultilineInput({ name: 'endpoint', display_name: 'Endpoint', value: 'BACKEND_URL', advanced: false, input_types: [], copy_field: true }),
  ];
  static override readonly outputs = [Output({ display_name: 'Data', name: 'output_data', method: 'build_data', types: ['Data'] })];

  build_data(): Data {
    const raw = this.params.data ?? this.params.input_value;
    if (!raw) {
      this.status = 'No data provided.';
      return new Data({});
    }
    let body: unknown;
    try {
      body = typeof raw === 'string' ? JSON.parse(raw) : raw;
    } catch {
      const d = new Data({ payload: raw });
      this.status = 'Invalid JSON payload. Please check the format.';
      return d;
    }
    const d = body && typeof body === 'object' && !Array.isArray(body) ? new Data(body as Record<string, unknown>) : new Data({ payload: body });
    this.status = d;
    return d;
  }
}
