/** Agent components (registered by components/index.ts through COMPONENTS). */
import type { ComponentClass } from '../../component/component';
import { AgentComponent } from './agent.component';

export { AgentComponent };

export const COMPONENTS: ComponentClass[] = [AgentComponent];
