import { formatITCareDate } from '../sdk/dates';
import type { Props } from './inputs';
import type { ResourceKind } from './resourceKind';

/** Output key holding the declared values of create-only fields. */
export const DECLARED = '__declared';
/**
 * Output key listing the input fields the program declared. A refresh stores only those as inputs:
 * a server field the program never set (availabilityZone, diskSize) stored as an input would show as
 * removed (`-`) in every later `preview --diff`, though nothing changes.
 */
export const DECLARED_INPUTS = '__inputs';
/** Output key of a create that failed or did not finish: its action id, to judge it on the next diff. */
export const CREATE_ACTION = '__createActionId';

/** The value a create-only field was declared with (falls back to the output for older states). */
export function declaredValue(olds: Record<string, unknown>, field: string): unknown {
  const declared = olds[DECLARED] as Record<string, unknown> | undefined;
  return declared && field in declared ? declared[field] : olds[field];
}

/** Drops undefined values: Pulumi's protobuf conversion of a partial-failure object rejects them. */
export function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** JSON-safe copy: Dates (decoded by the schemas) go back to ITCare's string form. */
function plain(v: unknown): unknown {
  if (v instanceof Date) return formatITCareDate(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** What a kind's resources show Pulumi (ResourceKind.outputs): outputs, and the inputs a refresh keeps. */
export class Outputs {
  constructor(private readonly kind: ResourceKind) {}

  private get d() {
    return this.kind.d;
  }

  /** The create-only fields of these inputs, as declared. */
  pickDeclared(inputs: Props): Props {
    return Object.fromEntries(this.d.createOnly.filter((f: string) => inputs[f] !== undefined).map((f: string) => [f, inputs[f]]));
  }

  /** powerState as the resource's status implies it, when the resource has one. */
  powerStateOf(status: unknown): 'running' | 'stopped' | undefined {
    if (!this.d.power) return undefined;
    if (status === this.d.power.running.status) return 'running';
    if (status === this.d.power.stopped.status) return 'stopped';
    return undefined;
  }

  /**
   * Outputs = the inputs as given, overlaid with the server's view of every field the model declares
   * (so refresh shows drift), `resourceId` for ITCare's numeric id and the derived power state.
   * Undeclared extra fields of the representation are left out: state stays small and stable.
   */
  buildOutputs(
    inputs: Props,
    model: Props,
    declared: Props = this.pickDeclared(inputs),
    declaredInputs: readonly string[] | null = this.declaredKeys(inputs), // null: unknown (an older state)
  ): Props {
    const outs: Props = { ...inputs };
    if (declaredInputs) outs[DECLARED_INPUTS] = [...declaredInputs];
    else delete outs[DECLARED_INPUTS];
    model = this.kind.owner.programView(model, inputs.tags);
    delete outs.__provider;
    delete outs[CREATE_ACTION]; // only a failed or unfinished create carries it
    // What the program declared for create-only fields, kept apart from the server's view: replacement
    // decisions compare with it, so a server that normalises a value never triggers a replace loop.
    outs[DECLARED] = declared;
    for (const key of Object.keys(this.d.model.shape)) {
      if (key === 'id') continue;
      const v = model[key];
      if (v === null)
        delete outs[key]; // cleared on the server: refresh must show it
      else if (v !== undefined) outs[key] = plain(v);
    }
    // ITCare's id: an int64, or a string where the descriptor says so (snapshots: 123-snap-42).
    outs.resourceId = this.d.id ? String(model.id) : Number(model.id);
    const power = this.powerStateOf(model.status);
    if (this.d.power && power) outs[this.d.power.field] = power;
    return outs;
  }

  /** The input fields these (program) inputs set, provider-only ones (`__owner`, ...) aside. */
  declaredKeys(inputs: Props): string[] {
    return Object.keys(this.kind.inputSchema().shape)
      .filter((k) => inputs[k] !== undefined && !k.startsWith('__'))
      .sort();
  }

  /**
   * The inputs a refresh stores: every input field the program declared (every input field, for a state
   * written before DECLARED_INPUTS), with the server's value where it has one.
   */
  inputsFromOutputs(outs: Props): Props {
    const inputs: Props = {};
    const declared = Array.isArray(outs[DECLARED_INPUTS]) ? new Set(outs[DECLARED_INPUTS] as string[]) : undefined;
    for (const key of Object.keys(this.kind.inputSchema().shape)) {
      if (declared && !declared.has(key) && !key.startsWith('__')) continue;
      const v = this.d.createOnly.includes(key) ? declaredValue(outs, key) : outs[key];
      if (v !== undefined) inputs[key] = v;
    }
    return inputs;
  }
}
