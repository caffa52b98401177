package io.jkeras.layers;

/**
 * The shared part of {@link GlobalAveragePooling1D} and {@link GlobalMaxPooling1D} (Keras' {@code
 * BaseGlobalPooling} with one spatial axis): a reduction over the steps of a rank-3 input (batch, steps,
 * features), kept as size 1 with {@code keepdims}.
 *
 * @param <L> the concrete pooling layer
 */
public abstract class GlobalPooling1D<L extends GlobalPooling1D<L>> extends BaseGlobalPooling<L> {
  protected GlobalPooling1D() {
    super(1, "(batch, steps, features)");
  }

  /** The axis the runtime reduces: 1 for channels_last, 2 for channels_first. */
  public int reductionAxis() {
    return "channels_last".equals(dataFormat()) ? 1 : 2;
  }
}
