package org.engram.neuron.leaky;

/** What the leaky cell outputs from its updated membrane {@code u'}. */
enum LeakyActivation {
    /** {@code z = LN(ReLU(u'))}: the toy network's hidden layers. */
    RELU_LAYERNORM,
    /** {@code z = u'}: the output layer, whose logits are the membrane itself. */
    NONE
}
