// The model being edited, shared by the Editor and the Train view (so "train it" trains exactly
// what is on screen). Analysis is derived on every edit; the draft survives a reload.
import type { DatasetSource } from '../../shared/dataset/dataset-source';
import { analyzeModel } from '../../shared/spec/analyze-model';
import type { LayerClassName, LayerSpec, ModelSpec } from '../../shared/spec/model-spec';
import { getTemplate, type TemplateId } from '../../shared/spec/templates';

const DRAFT_KEY = 'trainbench.editor.draft';

interface Draft {
  spec: ModelSpec;
  savedName: string | null;
  dataset: DatasetSource | null;
}

function readDraft(): Draft | null {
  try {
    const raw = localStorage.getItem(DRAFT_KEY);
    if (!raw) return null;
    const draft = JSON.parse(raw) as Draft;
    return draft && draft.spec && Array.isArray(draft.spec.layers) ? draft : null;
  } catch {
    return null;
  }
}

/** Arguments a new layer starts with: the required ones filled with sensible values. */
const STARTER_ARGS: Partial<Record<LayerClassName, Record<string, unknown>>> = {
  Conv2D: { filters: 32, kernel_size: [3, 3], activation: 'relu' },
  MaxPooling2D: { pool_size: [2, 2] },
  AveragePooling2D: { pool_size: [2, 2] },
  Dense: { units: 64, activation: 'relu' },
  Dropout: { rate: 0.25 },
  SimpleRNN: { units: 32 },
  LSTM: { units: 64 },
  GRU: { units: 64 },
};

class EditorState {
  spec = $state<ModelSpec>(getTemplate('reference-cnn').spec);
  /** Name under specs/ when this model was saved or opened from there. */
  savedName = $state<string | null>(null);
  /** The data the template was meant for; the Train view preselects it. */
  suggestedDataset = $state<DatasetSource | null>(null);
  readonly analysis = $derived(analyzeModel(this.spec));
  /** True until the person changes anything (first launch shows the untouched reference CNN). */
  pristine = $state(true);

  constructor() {
    const draft = readDraft();
    if (draft) {
      this.spec = draft.spec;
      this.savedName = draft.savedName;
      this.suggestedDataset = draft.dataset;
      this.pristine = false;
    }
    $effect.root(() => {
      $effect(() => {
        // Every change is kept, including the Train view's bound fields (epochs, batch size ...).
        const snapshot = JSON.stringify({ spec: this.spec, savedName: this.savedName, dataset: this.suggestedDataset });
        const t = setTimeout(() => localStorage.setItem(DRAFT_KEY, snapshot), 250);
        return () => clearTimeout(t);
      });
    });
  }

  touch(): void {
    this.pristine = false;
  }

  /** A plain copy of the model for the API (no state proxies). */
  snapshot(): ModelSpec {
    const plain: ModelSpec = $state.snapshot(this.spec);
    return plain;
  }

  load(spec: ModelSpec, savedName: string | null, dataset: DatasetSource | null = null): void {
    const copy: ModelSpec = structuredClone($state.snapshot(spec));
    this.spec = copy;
    this.savedName = savedName;
    this.suggestedDataset = dataset;
    this.touch();
  }

  fromTemplate(id: TemplateId): void {
    const t = getTemplate(id);
    this.load(t.spec, null, t.dataset ?? null);
  }

  setArg(index: number, name: string, value: unknown): void {
    const layer = this.spec.layers[index];
    if (!layer) return;
    if (value === undefined) delete layer.args[name];
    else layer.args[name] = value;
    this.touch();
  }

  move(index: number, delta: -1 | 1): void {
    const to = index + delta;
    const layers = this.spec.layers;
    if (to < 0 || to >= layers.length) return;
    const [layer] = layers.splice(index, 1);
    layers.splice(to, 0, layer!);
    this.touch();
  }

  remove(index: number): void {
    this.spec.layers.splice(index, 1);
    this.touch();
  }

  add(className: LayerClassName, at: number = this.spec.layers.length): void {
    const starter = STARTER_ARGS[className] ?? {};
    const layer: LayerSpec = { className, args: { ...starter } };
    // Only what Keras requires is written out; defaults stay implicit, as in Keras code.
    this.spec.layers.splice(at, 0, layer);
    this.touch();
  }
}

export const editor = new EditorState();
