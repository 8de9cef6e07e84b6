/** A node whose component type has no native implementation. */
export class UnknownComponentError extends Error {
  constructor(public readonly nodes: { id: string; type: string }[]) {
    super(
      nodes.length === 1
        ? `Node ${nodes[0].id} has component type "${nodes[0].type}", which is not supported by this server.`
        : `Unsupported component types: ${nodes.map((n) => `${n.id} ("${n.type}")`).join(', ')}.`,
    );
    this.name = 'UnknownComponentError';
  }
}

export class GraphCycleError extends Error {
  constructor(public readonly vertexIds: string[]) {
    super(
      `Graph contains a cycle: ${vertexIds.join(' -> ')}. Only feedback edges into a Loop component's item output may form a cycle.`,
    );
    this.name = 'GraphCycleError';
  }
}

export class GraphBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphBuildError';
  }
}

/** "Error building Component <display name>: <message>" */
export class ComponentBuildError extends Error {
  constructor(
    public readonly vertexId: string,
    public readonly displayName: string,
    public readonly reason: string,
    public readonly cause?: unknown,
  ) {
    super(`Error building Component ${displayName}: ${reason}`);
    this.name = 'ComponentBuildError';
  }
}
