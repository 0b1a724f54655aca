// A small builder over onnx-proto: nodes, float/int64 initializers and the ModelProto bytes.
// It knows nothing about Keras; onnx-export decides which nodes a layer becomes.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** ONNX opset the exporter writes: 13 has Softmax over one axis and Squeeze's axes as an input. */
export const ONNX_OPSET = 13;
/** IR version of onnx 1.10 (onnx-proto 8); onnxruntime 1.x and onnx ≥ 1.10 read it. */
export const ONNX_IR_VERSION = 8;

export type AttributeValue = number | number[] | string | string[] | { float: number } | { floats: number[] };

function attribute(name: string, value: AttributeValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') return { name, type: T.INT, i: value };
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) {
      return { name, type: T.STRINGS, strings: value.map((s) => new TextEncoder().encode(s)) };
    }
    return { name, type: T.INTS, ints: value };
  }
  if ('float' in value) return { name, type: T.FLOAT, f: value.float };
  return { name, type: T.FLOATS, floats: value.floats };
}

export class OnnxGraph {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly used = new Set<string>();

  /** A fresh value name starting with `base`. */
  name(base: string): string {
    let candidate = base;
    for (let i = 1; this.used.has(candidate); i++) candidate = `${base}_${i}`;
    this.used.add(candidate);
    return candidate;
  }

  /** Adds one node; returns its output names (one per `outputs` entry, made unique). */
  node(opType: string, inputs: string[], outputs: string[], attributes: Record<string, AttributeValue> = {}): string[] {
    const outs = outputs.map((o) => (o === '' ? '' : this.name(o)));
    this.nodes.push({
      opType,
      input: inputs,
      output: outs,
      name: this.name(`${opType}_node`),
      attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  /** Adds a node whose single output keeps exactly `output` (reserved earlier with `name`). */
  exact(opType: string, inputs: string[], output: string): void {
    this.nodes.push({ opType, input: inputs, output: [output], name: this.name(`${opType}_node`), attribute: [] });
  }

  /** Adds one node with one output and returns that output's name. */
  op(opType: string, inputs: string[], output: string, attributes: Record<string, AttributeValue> = {}): string {
    return this.node(opType, inputs, [output], attributes)[0] as string;
  }

  float(base: string, dims: number[], values: Float32Array | number[]): string {
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    if (data.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`initializer ${base}: ${data.length} values for dims ${dims.join('x')}`);
    const name = this.name(base);
    const raw = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw });
    return name;
  }

  int64(base: string, values: number[]): string {
    const name = this.name(base);
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: onnx.TensorProto.DataType.INT64,
      rawData: new Uint8Array(data.buffer),
    });
    return name;
  }

  /** Serializes the model: one float input and one float output, dimension 0 named 'batch'. */
  encode(options: {
    graphName: string;
    input: { name: string; shape: number[] };
    output: { name: string; shape: number[] };
    docString?: string;
    producerVersion?: string;
    metadata?: Record<string, string>;
  }): Uint8Array {
    const valueInfo = (name: string, shape: number[]): onnxProto.onnx.IValueInfoProto => ({
      name,
      type: {
        tensorType: {
          elemType: onnx.TensorProto.DataType.FLOAT,
          shape: { dim: [{ dimParam: 'batch' }, ...shape.map((d) => ({ dimValue: d }))] },
        },
      },
    });
    const model = onnx.ModelProto.create({
      irVersion: ONNX_IR_VERSION,
      producerName: 'trainbench',
      producerVersion: options.producerVersion ?? '',
      docString: options.docString ?? '',
      opsetImport: [{ domain: '', version: ONNX_OPSET }],
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: options.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: [valueInfo(options.input.name, options.input.shape)],
        output: [valueInfo(options.output.name, options.output.shape)],
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
