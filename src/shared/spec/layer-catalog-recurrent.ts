// SimpleRNN, LSTM and GRU over (timesteps, features) with Keras's arguments and defaults
// (activation tanh, recurrent_activation sigmoid, return_sequences False, GRU reset_after True).
// return_sequences=True keeps the time axis so recurrent layers can be stacked.
import { activation, bool, fraction, positiveInt, type ArgDef } from './layer-args';
import { COMMON_UNSUPPORTED, type LayerContext, type LayerDefinition, type BuildResult } from './layer-definition';
import { gruParams, lstmParams, simpleRnnParams, type ParamCount } from './param-count';

type RecurrentClass = 'SimpleRNN' | 'LSTM' | 'GRU';

const UNSUPPORTED = [
  'kernel_initializer',
  'recurrent_initializer',
  'bias_initializer',
  'kernel_regularizer',
  'recurrent_regularizer',
  'bias_regularizer',
  'activity_regularizer',
  'kernel_constraint',
  'recurrent_constraint',
  'bias_constraint',
  'return_state',
  'go_backwards',
  'stateful',
  'unroll',
  'seed',
  'time_major',
  'implementation',
  'use_cudnn',
  ...COMMON_UNSUPPORTED,
];

function build(className: RecurrentClass) {
  return (ctx: LayerContext): BuildResult => {
    const v = ctx.values;
    const [steps, features] = ctx.inputShape as [number, number];
    const units = v.units as number;
    const useBias = v.use_bias as boolean;
    const returnSequences = v.return_sequences as boolean;
    const resetAfter = className === 'GRU' ? (v.reset_after as boolean) : false;
    let params: ParamCount;
    if (className === 'SimpleRNN') params = simpleRnnParams(features, units, useBias);
    else if (className === 'LSTM') params = lstmParams(features, units, useBias);
    else params = gruParams(features, units, useBias, resetAfter);
    return {
      fields: {
        className,
        units,
        activation: v.activation,
        recurrent_activation: className === 'SimpleRNN' ? null : v.recurrent_activation,
        use_bias: useBias,
        return_sequences: returnSequences,
        reset_after: resetAfter,
        dropout: v.dropout,
        recurrent_dropout: v.recurrent_dropout,
      },
      outputShape: returnSequences ? [steps, units] : [units],
      params,
      trace: `${steps} steps × ${features} features, ${returnSequences ? 'every step (return_sequences=True)' : 'last step only'}`,
      arithmetic: null,
    };
  };
}

function definition(className: RecurrentClass, autoName: string, doc: string): LayerDefinition {
  const gated = className !== 'SimpleRNN';
  const args: ArgDef[] = [
    positiveInt('units', 'Size of the hidden state (and of the output).', 32),
    activation('activation', 'Activation of the state update; Keras default tanh.', 'tanh'),
  ];
  if (gated) args.push(activation('recurrent_activation', 'Activation of the gates; Keras default sigmoid.', 'sigmoid'));
  args.push(
    bool('use_bias', 'Whether to add biases.', true),
    bool('return_sequences', 'Output every step (timesteps, units) instead of only the last (units); needed to stack recurrent layers.', false),
    fraction('dropout', 'Fraction of the inputs dropped.', 0.2, 0),
    fraction('recurrent_dropout', 'Fraction of the recurrent state dropped.', 0.2, 0),
  );
  if (className === 'GRU') args.push(bool('reset_after', 'Apply the reset gate after the matrix product (Keras default True, two biases).', true));
  const positional = gated ? ['units', 'activation', 'recurrent_activation', 'use_bias'] : ['units', 'activation', 'use_bias'];
  return {
    className,
    autoName,
    family: 'recurrent',
    doc,
    positional,
    args,
    unsupported: className === 'LSTM' ? ['unit_forget_bias', ...UNSUPPORTED] : UNSUPPORTED,
    inputRank: 2,
    build: build(className),
  };
}

export const RECURRENT_LAYERS: LayerDefinition[] = [
  definition('SimpleRNN', 'simple_rnn', 'Plain recurrent layer; struggles with long-term dependencies (vanishing gradients).'),
  definition('LSTM', 'lstm', 'Long short-term memory: gated cell state that keeps information over many steps.'),
  definition('GRU', 'gru', 'Gated recurrent unit: like LSTM with fewer gates (Keras reset_after=True).'),
];
