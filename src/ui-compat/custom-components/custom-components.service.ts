import { Injectable } from '@nestjs/common';
import { HttpError } from '../../common/http/http-error';
import { componentFromCode, componentNode, createDefaultRegistry, FrontendNode, updateComponentNode } from '../../engine';
import type { ComponentClass } from '../../engine';
import { CustomComponentDto, UpdateCustomComponentDto } from './dto/custom-component.dto';
import { applyToolMode } from './tool-mode';

const NOT_FOUND =
  'Nestflow does not run component code: this code does not match a component type Nestflow provides ' +
  '(it is recognised by its `name = "..."` attribute or class name).';

/** Field keys of a previous template whose user-set state carries over to a rebuilt node. */
const KEPT_KEYS = ['value', 'load_from_db', 'file_path'] as const;

/**
 * The editor's component endpoints. Python in `code` is never run: it only tells which of our
 * native components the node is (its Langflow `name`, class name or our catalog marker).
 */
@Injectable()
export class CustomComponentsService {
  private readonly registry = createDefaultRegistry();

  /** POST /custom_component: the catalog node of the component the code names, with the editor's values kept. */
  build(dto: CustomComponentDto): { data: FrontendNode; type: string } {
    const cls = this.resolve(dto.code, dto.frontend_node);
    if (!cls) throw new HttpError(400, { error: NOT_FOUND, traceback: '' });
    const node = componentNode(cls);
    const previous = dto.frontend_node?.template;
    if (previous && typeof previous === 'object') {
      for (const [key, field] of Object.entries(node.template)) {
        const old = previous[key];
        if (key === 'code' || !field || typeof field !== 'object' || !old || typeof old !== 'object') continue;
        for (const k of KEPT_KEYS) if (k in old) (field as Record<string, unknown>)[k] = old[k];
      }
      // Fields the node added itself (a Prompt's variables) are listed in custom_fields: keep them and the list.
      const custom = dto.frontend_node?.custom_fields;
      if (custom && typeof custom === 'object' && !Array.isArray(custom)) {
        node.custom_fields = JSON.parse(JSON.stringify(custom));
        for (const names of Object.values(custom)) {
          if (!Array.isArray(names)) continue;
          for (const name of names) {
            const old = typeof name === 'string' ? previous[name] : undefined;
            if (old && typeof old === 'object' && !(name in node.template)) node.template[name] = JSON.parse(JSON.stringify(old));
          }
        }
      }
    }
    const toolMode = dto.frontend_node?.tool_mode === true;
    if (toolMode && previous?.tools_metadata && typeof previous.tools_metadata === 'object') node.template.tools_metadata = { ...previous.tools_metadata };
    applyToolMode(node, cls, toolMode);
    return { data: node, type: cls.meta.name };
  }

  /** POST /custom_component/update: the node with `field` set and the fields/outputs that depend on it updated. */
  update(dto: UpdateCustomComponentDto): FrontendNode {
    const cls = this.resolve(dto.code ?? dto.template?.code?.value, dto.frontend_node);
    if (!cls) throw new HttpError(400, NOT_FOUND);
    try {
      const node = updateComponentNode(this.registry, {
        type: cls.meta.name,
        code: dto.code,
        template: dto.template,
        field: dto.field,
        field_value: dto.field_value ?? null,
        tool_mode: dto.tool_mode ?? false,
        outputs: Array.isArray(dto.frontend_node?.outputs) ? dto.frontend_node.outputs : undefined,
      });
      // As Langflow: the node keeps the code it was sent with.
      const code = node.template.code as Record<string, unknown> | undefined;
      if (code && typeof code === 'object' && !code.value) code.value = dto.code;
      // The tool-mode toggle sends field "tool_mode"; any other refresh carries the node's current mode.
      applyToolMode(node, cls, dto.field === 'tool_mode' ? dto.field_value === true || dto.field_value === 'true' : !!dto.tool_mode);
      return node;
    } catch (error) {
      throw new HttpError(400, (error as Error).message || String(error));
    }
  }

  private resolve(code: string | null | undefined, frontendNode: Record<string, any> | null | undefined): ComponentClass | undefined {
    const byCode = componentFromCode(this.registry, code);
    if (byCode) return byCode;
    const module = frontendNode?.metadata?.module;
    return typeof module === 'string' && module ? this.registry.resolve('', module) : undefined;
  }
}
